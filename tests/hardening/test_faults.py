"""A fault in the middle of a write leaves neither the change nor its record.

Each test breaks one step of a service (the moderation record, the log call, the counter, the
revision) and checks that the earlier steps of the same transaction were rolled back too. The
tests run with real transactions (`transaction=True`), so the service's `atomic` block is the
outermost one, as in production, and not a savepoint inside the test's transaction.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import DatabaseError
from django.test import Client
from django.urls import reverse

from examples import services
from examples.models import (
    Comment,
    Example,
    ExampleQuerySet,
    ModerationAction,
    Reaction,
    Report,
    Revision,
    Visibility,
)
from tests.factories import make_comment, make_example, make_member

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


class InjectedFault(DatabaseError):
    """Stands in for a lost connection or a full disk halfway through a write."""


def _fail(*args: Any, **kwargs: Any) -> Any:
    raise InjectedFault("injected fault")


@pytest.fixture
def break_moderation_record(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ModerationAction.objects, "create", _fail)


@pytest.fixture
def break_moderation_log(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(services.log, "info", _fail)


@pytest.fixture
def example(author: Any) -> Example:
    return make_example(author, title="Onaangetast")


@pytest.fixture
def comment(example: Example, client_member: Any) -> Comment:
    return make_comment(example, client_member, body="Blijft staan")


def _unchanged(item: Example | Comment) -> None:
    fresh = type(item).objects.get(pk=item.pk)
    assert fresh.visibility == item.visibility
    assert fresh.moderation_reason == item.moderation_reason
    assert fresh.moderated_by_id == item.moderated_by_id
    assert fresh.moderated_at == item.moderated_at
    assert not ModerationAction.objects.exists(), "no record of a change that did not happen"


# --- Moderation ---------------------------------------------------------------------------


@pytest.mark.parametrize("fault", ["break_moderation_record", "break_moderation_log"])
@pytest.mark.parametrize("kind", ["example", "comment"])
def test_a_fault_while_hiding_leaves_the_item_visible_and_unrecorded(
    request, manager, example, comment, fault, kind
):
    item = example if kind == "example" else comment
    request.getfixturevalue(fault)

    with pytest.raises(InjectedFault):
        services.hide_content(item=item, moderator=manager, reason="Namen van klanten")

    _unchanged(item)
    example.refresh_from_db()
    assert example.comment_count == 1, "the thread count did not move either"


@pytest.mark.parametrize("fault", ["break_moderation_record", "break_moderation_log"])
def test_a_fault_while_restoring_leaves_the_item_hidden(request, manager, example, fault):
    services.hide_content(item=example, moderator=manager, reason="Eerst nakijken")
    example.refresh_from_db()
    actions_before = ModerationAction.objects.count()
    request.getfixturevalue(fault)

    with pytest.raises(InjectedFault):
        services.restore_content(item=example, moderator=manager, reason="Toch goed")

    fresh = Example.objects.get(pk=example.pk)
    assert fresh.visibility == Visibility.HIDDEN
    assert fresh.moderation_reason == "Eerst nakijken"
    assert ModerationAction.objects.count() == actions_before


def test_a_fault_in_the_hide_request_answers_500_and_changes_nothing(
    manager, example, break_moderation_record
):
    client = Client(raise_request_exception=False)
    client.force_login(manager)

    response = client.post(
        reverse("examples:hide_example", args=[example.pk]), {"reason": "Namen van klanten"}
    )

    assert response.status_code == 500
    assert b"Traceback" not in response.content
    _unchanged(example)


def test_a_fault_when_recording_the_resolution_undoes_the_hide_and_the_resolution(
    monkeypatch, manager, example, client_member, partner_member
):
    first = services.report_content(reporter=client_member, reason="Klopt niet", item=example)
    second = services.report_content(reporter=partner_member, reason="Ook niet", item=example)
    create = ModerationAction.objects.create

    def fail_on_resolve(**kwargs: Any) -> ModerationAction:
        # The hide goes through; the fault strikes at the last step, the resolution record.
        if kwargs.get("action") == ModerationAction.Action.RESOLVE:
            raise InjectedFault("injected fault")
        return create(**kwargs)

    monkeypatch.setattr(ModerationAction.objects, "create", fail_on_resolve)

    with pytest.raises(InjectedFault):
        services.resolve_report(
            report=first, moderator=manager, outcome=Report.Outcome.HIDDEN, note="Weg ermee"
        )

    _unchanged(example)
    for report in (first, second):
        report.refresh_from_db()
        assert report.status == Report.Status.OPEN
        assert report.resolved_by_id is None
        assert report.resolution_note == ""


def test_a_fault_in_the_automatic_hide_drops_the_report_with_it(
    monkeypatch, settings, example, client_org
):
    settings.AUTO_HIDE_REPORT_THRESHOLD = 2
    services.report_content(reporter=make_member(client_org), reason="Eén", item=example)
    monkeypatch.setattr(ModerationAction.objects, "create", _fail)

    with pytest.raises(InjectedFault):
        services.report_content(reporter=make_member(client_org), reason="Twee", item=example)

    _unchanged(example)
    assert Report.objects.filter(example=example).count() == 1


# --- Counters and history -----------------------------------------------------------------


def test_a_failed_comment_insert_does_not_count(monkeypatch, example, client_member):
    monkeypatch.setattr(Comment, "save", _fail)

    with pytest.raises(InjectedFault):
        services.post_comment(example=example, author=client_member, body="Gaat mis")

    example.refresh_from_db()
    assert example.comment_count == 0
    assert not Comment.objects.exists()


def _fail_on_counter(field: str, monkeypatch: pytest.MonkeyPatch) -> None:
    update = ExampleQuerySet.update

    def failing_update(self: ExampleQuerySet, **kwargs: Any) -> int:
        if field in kwargs:
            raise InjectedFault("injected fault")
        return update(self, **kwargs)

    monkeypatch.setattr(ExampleQuerySet, "update", failing_update)


def test_a_failed_counter_update_leaves_no_uncounted_comment(monkeypatch, example, client_member):
    _fail_on_counter("comment_count", monkeypatch)

    with pytest.raises(InjectedFault):
        services.post_comment(example=example, author=client_member, body="Niet geteld")

    assert not Comment.objects.exists()
    example.refresh_from_db()
    assert example.comment_count == 0


def test_a_failed_counter_update_leaves_no_uncounted_reaction(monkeypatch, example, client_member):
    _fail_on_counter("reaction_count", monkeypatch)

    with pytest.raises(InjectedFault):
        services.toggle_reaction(example=example, member=client_member)

    assert not Reaction.objects.exists()
    example.refresh_from_db()
    assert example.reaction_count == 0


def test_an_example_edit_without_its_revision_does_not_land(monkeypatch, example, author):
    monkeypatch.setattr(Revision.objects, "create", _fail)

    with pytest.raises(InjectedFault):
        services.edit_example(example=example, editor=author, title="Zonder geschiedenis")

    example.refresh_from_db()
    assert example.title == "Onaangetast"


def test_a_comment_edit_without_its_revision_does_not_land(monkeypatch, comment, client_member):
    monkeypatch.setattr(Revision.objects, "create", _fail)

    with pytest.raises(InjectedFault):
        services.edit_comment(comment=comment, editor=client_member, body="Zonder geschiedenis")

    comment.refresh_from_db()
    assert comment.body == "Blijft staan"


def test_every_comment_edit_is_kept_with_who_and_what(comment, client_member):
    services.edit_comment(comment=comment, editor=client_member, body="Tweede")
    services.edit_comment(comment=comment, editor=client_member, body="Derde")

    history = list(Revision.objects.filter(comment=comment).order_by("created_at", "pk"))
    assert [revision.previous["body"] for revision in history] == ["Blijft staan", "Tweede"]
    assert {revision.editor_id for revision in history} == {client_member.pk}
    assert all(revision.changed_fields == ["body"] for revision in history)
