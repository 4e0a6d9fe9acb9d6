"""The language switch: remembered per member, on the login page by cookie, never a 500."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.template import Context, Template
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.factories import make_example

pytestmark = pytest.mark.django_db

SET_LANGUAGE = "/language/"


def _switch(client: Client, language: str, next_url: str = "/") -> object:
    return client.post(
        reverse("partnership:set_language"), {"language": language, "next": next_url}
    )


def test_the_url_is_where_the_language_form_posts():
    assert reverse("partnership:set_language") == SET_LANGUAGE


def test_switching_to_english_is_stored_on_the_member_and_changes_the_next_page(
    login, client_member
):
    make_example(client_member, happened_on=datetime.date(2026, 1, 15))
    client = login(client_member)
    before = client.get(reverse("examples:browse")).content.decode()
    assert '<html lang="nl">' in before

    response = _switch(client, "en", next_url=reverse("partnership:about"))
    assert response.status_code == 302
    assert response["Location"] == reverse("partnership:about")
    client_member.refresh_from_db()
    assert client_member.preferred_language == "en"

    after = client.get(reverse("partnership:organisations"))
    content = after.content.decode()
    assert '<html lang="en">' in content
    assert ">Organisations</a>" in content
    assert after["Content-Language"] == "en"


def test_dates_follow_the_language(login, client_member, partner_org):
    make_example(client_member, happened_on=datetime.date(2026, 1, 15), recognised=[partner_org])
    client = login(client_member)
    url = reverse("partnership:organisation", args=[partner_org.slug])
    assert "15 januari 2026" in client.get(url).content.decode()
    _switch(client, "en")
    english = client.get(url).content.decode()
    assert "15 January 2026" in english  # British, not the US "Jan. 15, 2026"
    assert "Jan. 15" not in english


def test_the_date_format_filter_gives_dutch_month_names():
    template = Template('{{ day|date:"DATE_FORMAT" }}')
    context = Context({"day": datetime.date(2026, 3, 2)})
    with translation.override("nl"):
        assert template.render(context) == "2 maart 2026"
    with translation.override("en"):
        assert template.render(context) == "2 March 2026"


def test_english_short_dates_are_day_first_and_iso_dates_are_understood():
    from django.forms import DateField

    with translation.override("en"):
        short = Template('{{ day|date:"SHORT_DATE_FORMAT" }}').render(
            Context({"day": datetime.date(2026, 8, 31)})
        )
        assert short == "31/08/2026"
        field = DateField()
        assert field.clean("2026-08-31") == datetime.date(2026, 8, 31)
        assert field.clean("31/08/2026") == datetime.date(2026, 8, 31)


def test_the_choice_follows_the_member_to_a_new_device_after_signing_in(login, client_member):
    _switch(login(client_member), "en")

    other_device = Client()  # no language cookie: only the stored preference can carry it
    response = other_device.post(
        reverse("account_login"),
        {"login": client_member.email, "password": "a-long-test-password"},
        REMOTE_ADDR="10.0.0.7",
        follow=True,
    )
    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()


def test_the_stored_choice_wins_over_a_cookie_from_someone_else(login, client_member):
    client_member.preferred_language = "en"
    client_member.save()
    client = login(client_member)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    assert '<html lang="en">' in client.get(reverse("partnership:about")).content.decode()


def test_an_anonymous_visitor_can_switch_the_login_page(client):
    response = _switch(client, "en", next_url=reverse("account_login"))
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    page = client.get(reverse("account_login")).content.decode()
    assert '<html lang="en">' in page
    _switch(client, "nl", next_url=reverse("account_login"))
    assert '<html lang="nl">' in client.get(reverse("account_login")).content.decode()


@pytest.mark.parametrize(
    "bad_next",
    [
        "http://evil.example/",
        "//evil.example/",
        "https://evil.example/login",
        "javascript:alert(1)",
    ],
)
def test_a_foreign_next_url_goes_home_instead(login, client_member, bad_next):
    response = _switch(login(client_member), "en", next_url=bad_next)
    assert response.status_code == 302
    assert response["Location"] == reverse("examples:browse")


def test_a_missing_next_goes_home(login, client_member):
    response = login(client_member).post(reverse("partnership:set_language"), {"language": "en"})
    assert response["Location"] == reverse("examples:browse")


@pytest.mark.parametrize("language", ["xx", "", "en-us-very-long" * 20, "<script>"])
def test_an_unknown_language_is_refused_with_a_message_not_a_500(login, client_member, language):
    client = login(client_member)
    response = _switch(client, language, next_url=reverse("partnership:about"))
    assert response.status_code == 302
    client_member.refresh_from_db()
    assert client_member.preferred_language == "nl"
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    page = client.get(response["Location"]).content.decode()
    with translation.override("nl"):
        assert translation.gettext("That language is not available.") in page


def test_switching_needs_a_post(login, client_member):
    assert login(client_member).get(reverse("partnership:set_language")).status_code == 405


def test_switching_needs_the_csrf_token(client_member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(client_member)
    assert _switch(client, "en").status_code == 403
    client_member.refresh_from_db()
    assert client_member.preferred_language == "nl"


def _sign_in(client: Client, member) -> object:
    return client.post(
        reverse("account_login"),
        {"login": member.email, "password": "a-long-test-password"},
        REMOTE_ADDR="10.0.0.8",
        follow=True,
    )


def test_english_chosen_on_the_login_page_stays_after_signing_in(client, client_member):
    assert client_member.preferred_language == "nl"
    _switch(client, "en", next_url=reverse("account_login"))

    response = _sign_in(client, client_member)

    assert '<html lang="en">' in response.content.decode()
    client_member.refresh_from_db()
    assert client_member.preferred_language == "en"
    # and on the next page too: the stored preference now says English
    assert '<html lang="en">' in client.get(reverse("partnership:about")).content.decode()


def test_a_language_cookie_alone_does_not_overwrite_the_stored_preference(client, client_member):
    client_member.preferred_language = "en"
    client_member.save()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"  # left by someone else on this device

    response = _sign_in(client, client_member)

    assert '<html lang="en">' in response.content.decode()
    client_member.refresh_from_db()
    assert client_member.preferred_language == "en"


def test_the_switch_is_one_button_per_language_named_in_its_own_language(login, client_member):
    page = login(client_member).get(reverse("partnership:about")).content.decode()
    assert '<button type="submit" name="language" value="en" lang="en"' in page
    assert ">English</button>" in page
    assert '<span class="language-current" lang="nl" aria-current="true">Nederlands</span>' in page
    assert "<select" not in page.split('class="inline-form language-form"')[1].split("</form>")[0]
