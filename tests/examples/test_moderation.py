"""In-app moderation: hiding and restoring with a reason, and the queue of open reports."""

from __future__ import annotations

import pytest
from django.urls import reverse

from examples import services
from examples.models import Example, ModerationAction, Report
from tests.conftest import HTMX
from tests.factories import make_comment, make_example, make_member


@pytest.fixture
def login(login_in_english):
    """These tests read the English text."""
    return login_in_english


@pytest.fixture
def example(author):
    return make_example(author, title="Proactief gemeld")


@pytest.fixture
def comment(example, client_member):
    return make_comment(example, client_member, "Een opmerking van Clara")


def url(name: str, pk: int) -> str:
    return reverse(f"examples:{name}", args=[pk])


QUEUE = reverse("examples:moderation")


# --- Hide and restore ----------------------------------------------------------------------


@pytest.mark.django_db
def test_a_manager_hides_an_example_and_its_author_sees_the_reason(login, manager, author, example):
    client = login(manager)
    form = client.get(url("hide_example", example.pk))
    assert form.status_code == 200
    assert 'name="reason"' in form.content.decode()

    response = client.post(url("hide_example", example.pk), {"reason": "Bevat een klantnaam"})
    assert response.status_code == 302
    assert response.url == example.get_absolute_url()
    example.refresh_from_db()
    assert example.is_hidden and example.moderated_by == manager
    action = ModerationAction.objects.get()
    assert (action.action, action.example, action.reason) == (
        "hide",
        example,
        "Bevat een klantnaam",
    )

    page = login(author).get(example.get_absolute_url()).content.decode()
    assert "Bevat een klantnaam" in page


@pytest.mark.django_db
def test_a_manager_restores_an_example(login, manager, client_member, example):
    services.hide_content(item=example, moderator=manager, reason="Ter controle")
    client = login(manager)
    assert "Ter controle" in client.get(url("restore_example", example.pk)).content.decode()
    response = client.post(url("restore_example", example.pk), {"reason": "Aangepast, prima"})
    assert response.status_code == 302
    example.refresh_from_db()
    assert not example.is_hidden
    assert login(client_member).get(example.get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_restoring_something_that_is_not_hidden_changes_nothing(login, manager, example):
    response = login(manager).post(url("restore_example", example.pk), {"reason": "x"})
    assert response.status_code == 302
    assert not ModerationAction.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("reason", ["", "   ", "x" * 2001])
def test_hiding_needs_a_reason_of_sensible_length(login, manager, example, reason):
    response = login(manager).post(url("hide_example", example.pk), {"reason": reason})
    assert response.status_code == 422
    assert "errorlist" in response.content.decode()
    example.refresh_from_db()
    assert not example.is_hidden


@pytest.mark.django_db
def test_comment_counts_follow_hiding_and_restoring(
    login, manager, partner_member, example, comment
):
    client = login(manager)
    client.post(url("hide_comment", comment.pk), {"reason": "Persoonlijk"})
    example.refresh_from_db()
    assert example.comment_count == 0
    assert "0 comments" in login(partner_member).get(example.get_absolute_url()).content.decode()

    login(manager).post(url("restore_comment", comment.pk), {"reason": "Toch in orde"})
    example.refresh_from_db()
    assert example.comment_count == 1
    page = login(partner_member).get(example.get_absolute_url()).content.decode()
    assert "1 comment" in page and "Een opmerking van Clara" in page


@pytest.mark.django_db
def test_hiding_a_comment_returns_to_it(login, manager, comment):
    response = login(manager).post(url("hide_comment", comment.pk), {"reason": "Persoonlijk"})
    assert response.url == comment.get_absolute_url()
    comment.refresh_from_db()
    assert comment.is_hidden


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["client_member", "partner_member", "author", "staff_user"])
@pytest.mark.parametrize("name", ["hide_example", "restore_example"])
def test_only_managers_hide_or_restore_examples(request, login, manager, example, who, name):
    if name == "restore_example":
        services.hide_content(item=example, moderator=manager, reason="Ter controle")
    client = login(request.getfixturevalue(who))
    assert client.get(url(name, example.pk)).status_code == 403
    assert client.post(url(name, example.pk), {"reason": "Ik mag dit niet"}).status_code == 403
    assert ModerationAction.objects.filter(reason="Ik mag dit niet").count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["client_member", "partner_member", "author"])
@pytest.mark.parametrize("name", ["hide_comment", "restore_comment"])
def test_only_managers_hide_or_restore_comments(request, login, manager, comment, who, name):
    if name == "restore_comment":
        services.hide_content(item=comment, moderator=manager, reason="Ter controle")
    client = login(request.getfixturevalue(who))
    assert client.post(url(name, comment.pk), {"reason": "Ik mag dit niet"}).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["hide_example", "restore_example", "hide_comment", "restore_comment"]
)
def test_anonymous_visitors_are_sent_to_login(client, example, comment, name):
    pk = example.pk if name.endswith("example") else comment.pk
    response = client.post(url(name, pk), {"reason": "x"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.django_db
def test_moderating_a_missing_item_is_a_404(login, manager):
    client = login(manager)
    assert client.get(url("hide_example", 999999)).status_code == 404
    assert client.get(url("hide_comment", 999999)).status_code == 404


# --- The queue -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_queue_shows_open_reports_hidden_content_and_recent_actions(
    login, manager, client_member, partner_member, example, comment
):
    services.report_content(reporter=partner_member, item=example, reason="Klantnaam genoemd")
    services.report_content(reporter=partner_member, item=comment, reason="Onvriendelijk")
    other = make_example(client_member, title="Al verborgen voorbeeld")
    services.hide_content(item=other, moderator=manager, reason="Dubbel geplaatst")
    hidden_comment = make_comment(example, partner_member, "Verborgen opmerking")
    services.hide_content(item=hidden_comment, moderator=manager, reason="Privegegevens")

    response = login(manager).get(QUEUE)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("Klantnaam genoemd") < html.index("Onvriendelijk")  # oldest first
    assert "Reported by Piet Partner" in html
    assert "Proactief gemeld" in html and "Een opmerking van Clara" in html
    assert url("resolve_report", Report.objects.first().pk) in html
    assert "Al verborgen voorbeeld" in html and "Dubbel geplaatst" in html
    assert url("restore_example", other.pk) in html
    assert "Verborgen opmerking" in html and url("restore_comment", hidden_comment.pk) in html
    assert "Privegegevens" in html


@pytest.mark.django_db
def test_an_empty_queue_says_so(login, manager):
    assert "No open reports" in login(manager).get(QUEUE).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["client_member", "partner_member", "author", "staff_user"])
def test_only_managers_reach_the_queue(request, login, who):
    assert login(request.getfixturevalue(who)).get(QUEUE).status_code == 403


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_from_the_queue_to_login(client):
    response = client.get(QUEUE)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.django_db
def test_a_broken_page_link_of_the_queue_says_so(login, manager):
    for params in ("?after=abc", "?before=" + "x" * 300):
        response = login(manager).get(QUEUE + params)
        assert response.status_code == 400
        assert "This page link is broken or out of date." in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("size", [2, 40])
def test_the_queue_uses_a_fixed_number_of_queries(
    login, manager, author, partner_org, size, django_assert_max_num_queries
):
    for n in range(size):
        reporter = make_member(partner_org)
        example = make_example(author, title=f"Voorbeeld {n}")
        comment = make_comment(example, reporter, f"Opmerking {n}")
        services.report_content(reporter=reporter, item=example, reason=f"Reden {n}")
        services.report_content(reporter=manager, item=comment, reason=f"Reden c{n}")
        services.hide_content(item=comment, moderator=manager, reason=f"Verborgen {n}")
    client = login(manager)
    with django_assert_max_num_queries(11):
        response = client.get(QUEUE)
    assert response.status_code == 200


# --- Resolving reports -------------------------------------------------------------------------


@pytest.fixture
def report(example, partner_member):
    return services.report_content(reporter=partner_member, item=example, reason="Klantnaam")


@pytest.mark.django_db
def test_resolving_with_hide_hides_the_item_with_the_note(login, manager, author, example, report):
    response = login(manager).post(
        url("resolve_report", report.pk), {"outcome": "hidden", "note": "Klantnaam verwijderen"}
    )
    assert response.status_code == 302
    assert response.url == QUEUE
    report.refresh_from_db()
    assert report.status == "resolved" and report.resolved_by == manager
    example.refresh_from_db()
    assert example.is_hidden and example.moderation_reason == "Klantnaam verwijderen"
    assert "Klantnaam verwijderen" in login(author).get(example.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_resolving_with_htmx_swaps_the_row(login, manager, example, report):
    response = login(manager).post(
        url("resolve_report", report.pk),
        {"outcome": "no_action", "note": "Niets aan de hand"},
        **HTMX,
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert html.lstrip().startswith(f'<article id="report-{report.pk}"')
    assert "Resolved by Mona Manager: No action needed." in html
    example.refresh_from_db()
    assert not example.is_hidden
    assert "No open reports" in login(manager).get(QUEUE).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [
        {},
        {"outcome": "hidden", "note": ""},
        {"outcome": "banned", "note": "x"},
        {"outcome": "hidden", "note": "x" * 2001},
    ],
)
def test_a_resolution_needs_a_valid_outcome_and_a_note(login, manager, report, data):
    client = login(manager)
    full = client.post(url("resolve_report", report.pk), data)
    assert full.status_code == 422
    assert "<html" in full.content.decode() and "errorlist" in full.content.decode()
    inline = client.post(url("resolve_report", report.pk), data, **HTMX)
    assert inline.status_code == 422
    assert "<html" not in inline.content.decode()
    report.refresh_from_db()
    assert report.status == "open"


@pytest.mark.django_db
def test_resolving_a_resolved_report_again_changes_nothing(login, manager, report):
    client = login(manager)
    client.post(url("resolve_report", report.pk), {"outcome": "no_action", "note": "Eerste"})
    again = client.post(url("resolve_report", report.pk), {"outcome": "hidden", "note": "Tweede"})
    assert again.status_code == 302
    report.refresh_from_db()
    assert report.resolution_note == "Eerste"
    assert not Example.objects.get(pk=report.example_id).is_hidden


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["client_member", "partner_member", "author", "staff_user"])
def test_only_managers_resolve_reports(request, login, report, who):
    client = login(request.getfixturevalue(who))
    response = client.post(url("resolve_report", report.pk), {"outcome": "hidden", "note": "x"})
    assert response.status_code == 403
    report.refresh_from_db()
    assert report.status == "open"


@pytest.mark.django_db
def test_resolving_needs_a_post_and_an_existing_report(login, manager, report):
    client = login(manager)
    assert client.get(url("resolve_report", report.pk)).status_code == 405
    missing = client.post(url("resolve_report", 999999), {"outcome": "hidden", "note": "x"})
    assert missing.status_code == 404


@pytest.fixture
def auto_hidden(settings, example, client_member, partner_member):
    settings.AUTO_HIDE_REPORT_THRESHOLD = 2
    services.report_content(reporter=client_member, item=example, reason="Klantnaam")
    report = services.report_content(reporter=partner_member, item=example, reason="Idem")
    example.refresh_from_db()
    assert example.is_hidden and example.moderated_by is None
    return report


@pytest.mark.django_db
def test_confirming_an_automatic_hide_gives_the_author_the_managers_note(
    login, manager, author, example, auto_hidden
):
    login(manager).post(
        url("resolve_report", auto_hidden.pk), {"outcome": "hidden", "note": "Klantnaam weghalen"}
    )
    example.refresh_from_db()
    assert example.is_hidden and example.moderated_by == manager
    page = login(author).get(example.get_absolute_url()).content.decode()
    assert "Klantnaam weghalen" in page and "Hidden by Mona Manager" in page
    assert Report.objects.open().count() == 0


@pytest.mark.django_db
def test_no_action_on_an_automatic_hide_shows_the_example_again(
    login, manager, client_member, example, auto_hidden
):
    login(manager).post(
        url("resolve_report", auto_hidden.pk), {"outcome": "no_action", "note": "Niets mis mee"}
    )
    example.refresh_from_db()
    assert not example.is_hidden
    assert login(client_member).get(example.get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_no_action_leaves_an_item_a_manager_hid_hidden(login, manager, example, report):
    services.hide_content(item=example, moderator=manager, reason="Eerst verborgen")
    login(manager).post(url("resolve_report", report.pk), {"outcome": "no_action", "note": "Ok"})
    example.refresh_from_db()
    assert example.is_hidden and example.moderation_reason == "Eerst verborgen"
