"""Reporting an example or a comment to the partnership managers."""

from __future__ import annotations

import pytest
from django.urls import reverse

from examples import services
from examples.models import Report
from tests.conftest import HTMX
from tests.factories import make_comment, make_example

THANKS = "Thank you, a partnership manager will look at it."
ALREADY = "You already reported this."


@pytest.fixture
def login(login_in_english):
    """These tests read the English text."""
    return login_in_english


@pytest.fixture
def example(author):
    return make_example(author, title="Open over de vertraging")


@pytest.fixture
def comment(example, partner_member):
    return make_comment(example, partner_member, "Dat had eerder gemogen")


def report_example_url(example) -> str:
    return reverse("examples:report_example", args=[example.pk])


def report_comment_url(comment) -> str:
    return reverse("examples:report_comment", args=[comment.pk])


@pytest.mark.django_db
def test_the_report_page_shows_a_form(login, client_member, example):
    response = login(client_member).get(report_example_url(example))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" in html
    assert "Open over de vertraging" in html
    assert 'name="reason"' in html


@pytest.mark.django_db
def test_with_htmx_the_form_loads_inline(login, client_member, example):
    html = login(client_member).get(report_example_url(example), **HTMX).content.decode()
    assert "<html" not in html
    assert html.lstrip().startswith('<div class="report-box"')
    assert 'name="reason"' in html


@pytest.mark.django_db
def test_reporting_an_example_thanks_the_member_and_files_the_report(login, client_member, example):
    client = login(client_member)
    response = client.post(report_example_url(example), {"reason": "Bevat klantnamen"})
    assert response.status_code == 302
    assert response.url == example.get_absolute_url()
    report = Report.objects.get()
    assert (report.reporter, report.example, report.reason) == (
        client_member,
        example,
        "Bevat klantnamen",
    )
    assert THANKS in client.get(response.url).content.decode()


@pytest.mark.django_db
def test_reporting_a_comment_with_htmx_answers_in_place(login, client_member, comment):
    response = login(client_member).post(
        report_comment_url(comment), {"reason": "Niet netjes"}, **HTMX
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert THANKS in html
    assert Report.objects.get().comment == comment


@pytest.mark.django_db
def test_reporting_twice_gets_a_friendly_message(login, client_member, example):
    client = login(client_member)
    client.post(report_example_url(example), {"reason": "Eerste keer"})

    again = client.post(report_example_url(example), {"reason": "Tweede keer"})
    assert again.status_code == 409
    assert ALREADY in again.content.decode()

    inline = client.post(report_example_url(example), {"reason": "Derde keer"}, **HTMX)
    assert inline.status_code == 200
    assert ALREADY in inline.content.decode()

    # Coming back to the form says so straight away instead of offering the form again.
    page = client.get(report_example_url(example)).content.decode()
    assert ALREADY in page and 'name="reason"' not in page
    assert Report.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("", "Tell the partnership managers why you report this."),
        ("   ", "Tell the partnership managers why you report this."),
        ("x" * 2001, "Ensure this value has at most 2000 characters"),
    ],
)
def test_a_missing_or_too_long_reason_is_refused(login, client_member, example, reason, message):
    client = login(client_member)
    full = client.post(report_example_url(example), {"reason": reason})
    assert full.status_code == 422
    assert message in full.content.decode()
    inline = client.post(report_example_url(example), {"reason": reason}, **HTMX)
    assert inline.status_code == 422
    assert "<html" not in inline.content.decode()
    assert Report.objects.count() == 0


@pytest.mark.django_db
def test_members_cannot_report_their_own_content(login, author, partner_member, example, comment):
    assert login(author).post(report_example_url(example), {"reason": "x"}).status_code == 403
    assert login(partner_member).get(report_comment_url(comment)).status_code == 403
    assert Report.objects.count() == 0


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_login(client, example, comment):
    for url in (report_example_url(example), report_comment_url(comment)):
        response = client.post(url, {"reason": "x"})
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    assert Report.objects.count() == 0


@pytest.mark.django_db
def test_hidden_or_missing_items_cannot_be_reported(
    login, manager, client_member, example, comment
):
    services.hide_content(item=comment, moderator=manager, reason="Verborgen")
    client = login(client_member)
    assert client.post(report_comment_url(comment), {"reason": "x"}).status_code == 404
    assert client.get("/examples/999999/report/").status_code == 404
    assert client.get("/comments/999999/report/").status_code == 404
    assert Report.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["client_member", "manager"])
def test_other_members_and_managers_may_report(request, login, example, who):
    response = login(request.getfixturevalue(who)).post(
        report_example_url(example), {"reason": "Graag naar kijken"}
    )
    assert response.status_code == 302
    assert Report.objects.count() == 1


@pytest.mark.django_db
def test_enough_reports_hide_the_example_for_review(
    login, settings, client_member, partner_member, manager, author, example
):
    settings.AUTO_HIDE_REPORT_THRESHOLD = 2
    login(client_member).post(report_example_url(example), {"reason": "Klantnamen"})
    login(partner_member).post(report_example_url(example), {"reason": "Klantnamen"})
    example.refresh_from_db()
    assert example.is_hidden
    html = login(author).get(example.get_absolute_url()).content.decode()
    assert "Hidden automatically after reports" in html
