"""The second chance: a hidden item's author edits it and asks for a review; a manager
restores it or keeps it hidden; reports are decided per item."""

from __future__ import annotations

import pytest
from django.urls import reverse

from examples import services
from examples.models import ModerationAction, Report, Revision
from notifications.models import Notification, ReviewRequest
from tests.factories import make_comment, make_example

pytestmark = pytest.mark.django_db
QUEUE = reverse("notifications:review_queue")


@pytest.fixture
def hidden_example(author, manager, commits):
    with commits():
        example = make_example(author, title="Klantnaam erin")
        services.hide_content(item=example, moderator=manager, reason="Bevat een klantnaam")
    example.refresh_from_db()
    return example


def _resubmit_data(**extra):
    return {
        "title": "Zonder klantnaam",
        "what_happened": "Iemand pakte de storing op.",
        "partnership_impact": "",
        "note": "Naam weggehaald",
        **extra,
    }


def test_the_author_edits_a_hidden_example_and_a_manager_restores_it(
    commits, login, author, manager, hidden_example
):
    url = reverse("notifications:resubmit_example", args=[hidden_example.pk])
    client = login(author)
    assert "Bevat een klantnaam" in client.get(url).content.decode()
    with commits():
        response = client.post(url, _resubmit_data())
    assert response.status_code == 302
    hidden_example.refresh_from_db()
    assert hidden_example.title == "Zonder klantnaam" and hidden_example.is_hidden
    assert Revision.objects.filter(example=hidden_example).exists()
    assert Notification.objects.filter(recipient=manager, kind="resubmitted").exists()
    # A second submission waits for the first decision.
    assert client.post(url, _resubmit_data()).status_code == 409

    review = ReviewRequest.objects.get()
    queue = login(manager).get(QUEUE).content.decode()
    assert "Naam weggehaald" in queue
    with commits():
        decided = login(manager).post(
            reverse("notifications:decide_review", args=[review.pk]),
            {"decision": "restore", "reason": "Netjes aangepast"},
        )
    assert decided.status_code == 302
    hidden_example.refresh_from_db()
    review.refresh_from_db()
    assert not hidden_example.is_hidden
    assert (review.status, review.decided_by) == ("restored", manager)
    assert ModerationAction.objects.filter(example=hidden_example, action="restore").exists()
    assert Notification.objects.filter(recipient=author, kind="restored").exists()


def test_a_manager_keeps_it_hidden_with_a_reason_the_author_reads(
    commits, login, author, manager, hidden_example
):
    review_url = reverse("notifications:resubmit_example", args=[hidden_example.pk])
    with commits():
        login(author).post(review_url, _resubmit_data())
    review = ReviewRequest.objects.get()
    decide = reverse("notifications:decide_review", args=[review.pk])
    assert login(manager).post(decide, {"decision": "keep", "reason": ""}).status_code == 422
    with commits():
        login(manager).post(decide, {"decision": "keep", "reason": "Nog steeds herkenbaar"})
    last = Notification.objects.filter(recipient=author, kind="hidden").order_by("-pk").first()
    assert last is not None and last.reason == "Nog steeds herkenbaar"
    review.refresh_from_db()
    assert review.status == "kept_hidden"


def test_only_the_author_of_a_hidden_item_may_resubmit_it(
    login, author, client_member, manager, hidden_example
):
    url = reverse("notifications:resubmit_example", args=[hidden_example.pk])
    assert login(client_member).get(url).status_code == 404
    assert login(manager).get(url).status_code == 403
    published = make_example(author)
    other = reverse("notifications:resubmit_example", args=[published.pk])
    assert login(author).get(other).status_code == 403


def test_a_hidden_comment_can_be_resubmitted(commits, login, author, client_member, manager):
    example = make_example(author)
    comment = make_comment(example, client_member, "Iets onaardigs")
    services.hide_content(item=comment, moderator=manager, reason="Toon")
    url = reverse("notifications:resubmit_comment", args=[comment.pk])
    with commits():
        response = login(client_member).post(url, {"body": "Iets aardigs", "note": ""})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.body == "Iets aardigs"
    assert ReviewRequest.objects.get().comment == comment


def test_open_reports_are_grouped_per_item_with_one_decision(
    login, author, manager, client_member, partner_member
):
    example = make_example(author, title="Gemeld voorbeeld")
    services.report_content(reporter=client_member, reason="Reden een", item=example)
    services.report_content(reporter=partner_member, reason="Reden twee", item=example)
    client = login(manager)
    page = client.get(QUEUE).content.decode()
    assert page.count("Gemeld voorbeeld") == 1
    assert "Reden een" in page and "Reden twee" in page
    first = Report.objects.order_by("pk").first()
    assert first is not None
    response = client.post(
        reverse("notifications:resolve_item", args=[first.pk]),
        {"outcome": "no_action", "note": "Niets aan de hand"},
    )
    assert response.status_code == 302
    assert not Report.objects.open().exists()
    assert (
        client.post(
            reverse("notifications:resolve_item", args=[first.pk]),
            {"outcome": "no_action", "note": "x"},
        ).status_code
        == 404
    )


def test_members_cannot_open_the_review_queue(login, client_member):
    assert login(client_member).get(QUEUE).status_code == 403
