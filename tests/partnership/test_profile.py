"""Self-service: a member keeps their own profile, sees their sessions and ends the others."""

from __future__ import annotations

import pytest
from allauth.usersessions.models import UserSession
from django.test import Client
from django.urls import reverse
from django.utils import translation

from partnership.models import User
from partnership.services import deactivate_members
from tests.factories import make_example, make_member

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"
URL = "/account/"


def _sign_in(member, agent: str) -> Client:
    client = Client(HTTP_USER_AGENT=agent)
    response = client.post(reverse("account_login"), {"login": member.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_the_url_of_the_profile_page():
    assert reverse("partnership:profile") == URL


def test_a_member_edits_their_name_job_title_and_language(login, client_member):
    client = login(client_member)
    page = client.get(URL).content.decode()
    assert 'value="Clara Client"' in page
    assert reverse("account_change_password") in page
    assert reverse("mfa_index") in page
    assert reverse("usersessions_list") in page

    response = client.post(
        URL,
        {"display_name": "Clara de Client", "job_title": "Teamleider", "preferred_language": "en"},
    )
    assert response["Location"] == URL
    client_member.refresh_from_db()
    assert (client_member.display_name, client_member.job_title) == (
        "Clara de Client",
        "Teamleider",
    )
    assert client_member.preferred_language == "en"
    after = client.get(URL).content.decode()
    assert '<html lang="en">' in after
    with translation.override("en"):
        assert translation.gettext("Your profile is saved.") in after


@pytest.mark.parametrize(
    "data",
    [
        {"display_name": "", "job_title": "", "preferred_language": "nl"},
        {"display_name": "x" * 121, "job_title": "", "preferred_language": "nl"},
        {"display_name": "Clara", "job_title": "", "preferred_language": "xx"},
        {"display_name": "Clara", "job_title": "y" * 121, "preferred_language": "nl"},
        {},
    ],
)
def test_bad_input_is_shown_on_the_form_and_changes_nothing(login, client_member, data):
    response = login(client_member).post(URL, data)
    assert response.status_code == 422
    assert 'class="errorlist"' in response.content.decode()
    client_member.refresh_from_db()
    assert client_member.display_name == "Clara Client"
    assert client_member.preferred_language == "nl"


def test_a_member_cannot_change_another_members_profile(login, client_member, partner_member):
    # The page edits whoever is signed in; there is no id to point elsewhere.
    login(client_member).post(
        f"{URL}?pk={partner_member.pk}",
        {
            "display_name": "Gekaapt",
            "job_title": "",
            "preferred_language": "nl",
            "pk": partner_member.pk,
        },
    )
    partner_member.refresh_from_db()
    assert partner_member.display_name == "Piet Partner"


def test_the_profile_page_costs_the_same_queries_for_a_small_and_a_large_world(
    login, client_member, client_org, django_assert_max_num_queries
):
    client = login(client_member)
    client.get(URL)  # the first request caches the member
    with django_assert_max_num_queries(8) as small:
        assert client.get(URL).status_code == 200
    for _ in range(30):
        member = make_member(client_org)
        make_example(member)
    for _ in range(5):
        make_example(client_member)
    with django_assert_max_num_queries(8) as large:
        assert client.get(URL).status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)


def test_the_sessions_page_lists_the_members_sessions_and_ends_the_others(client_member):
    laptop = _sign_in(client_member, "Laptop-Browser/1.0")
    phone = _sign_in(client_member, "Phone-Browser/2.0")
    page = laptop.get(reverse("usersessions_list"))
    content = page.content.decode()
    assert "Laptop-Browser/1.0" in content
    assert "Phone-Browser/2.0" in content
    assert page.context["session_count"] == 2

    response = laptop.post(reverse("usersessions_list"))
    assert response.status_code == 302

    assert laptop.get(reverse("partnership:about")).status_code == 200
    assert phone.get(reverse("partnership:about")).status_code == 302  # signed out
    assert list(
        UserSession.objects.filter(user=client_member).values_list("user_agent", flat=True)
    ) == ["Laptop-Browser/1.0"]


def test_another_members_sessions_are_not_listed_or_ended(client_member, partner_member):
    mine = _sign_in(client_member, "Mine/1.0")
    theirs = _sign_in(partner_member, "Theirs/1.0")
    content = mine.get(reverse("usersessions_list")).content.decode()
    assert "Theirs/1.0" not in content
    mine.post(reverse("usersessions_list"))
    assert theirs.get(reverse("partnership:about")).status_code == 200


def test_deactivating_a_member_ends_the_sessions_their_sessions_page_lists(client_member):
    laptop = _sign_in(client_member, "Laptop/1.0")
    phone = _sign_in(client_member, "Phone/1.0")
    assert UserSession.objects.filter(user=client_member).count() == 2

    deactivate_members(members=User.objects.filter(pk=client_member.pk))

    assert not UserSession.objects.filter(user=client_member).exists()
    assert laptop.get(reverse("partnership:about")).status_code == 302
    assert phone.get(reverse("partnership:about")).status_code == 302
    client_member.refresh_from_db()
    assert not client_member.is_active
