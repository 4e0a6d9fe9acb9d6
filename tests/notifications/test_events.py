"""Who is told about what, and only after the write that caused it has committed."""

from __future__ import annotations

import pytest
from django.db import transaction

from examples import services
from examples.models import ModerationAction
from notifications.models import Follow, Notification
from notifications.services import (
    deliver_comment,
    deliver_moderation,
    set_thread_muted,
    set_topic_followed,
)
from tests.factories import make_comment, make_example, make_member

Kind = Notification.Kind
pytestmark = pytest.mark.django_db


def kinds_of(member) -> list[str]:
    return list(Notification.objects.filter(recipient=member).values_list("kind", flat=True))


@pytest.fixture
def example(author, partner_org, commits):
    with commits():
        return make_example(author, title="Storing opgepakt", recognised=[partner_org])


def test_a_comment_tells_the_examples_author_and_not_the_commenter(
    commits, example, author, client_member
):
    with commits():
        comment = make_comment(example, client_member, "Goed gedaan")
    notification = Notification.objects.get(recipient=author, kind=Kind.COMMENT)
    assert notification.comment == comment and notification.actor == client_member
    assert kinds_of(client_member) == []


def test_a_rolled_back_comment_tells_nobody(commits, example, author, client_member):
    with commits(), pytest.raises(RuntimeError), transaction.atomic():
        make_comment(example, client_member, "Toch niet")
        raise RuntimeError
    assert kinds_of(author) == []


def test_commenters_follow_the_thread_and_hear_of_later_comments(
    commits, example, author, client_member, partner_member
):
    with commits():
        make_comment(example, client_member, "Eerste")
    assert Follow.objects.filter(member=client_member, example=example, muted=False).exists()
    with commits():
        make_comment(example, partner_member, "Tweede")
    assert kinds_of(client_member) == [Kind.THREAD]
    assert sorted(kinds_of(author)) == [Kind.COMMENT, Kind.COMMENT]


def test_a_muted_thread_tells_nothing_more(commits, example, client_member, partner_member):
    with commits():
        make_comment(example, client_member, "Eerste")
    set_thread_muted(member=client_member, example=example, muted=True)
    with commits():
        make_comment(example, partner_member, "Tweede")
        make_comment(example, client_member, "Ik reageer weer")
    assert kinds_of(client_member) == []
    assert Follow.objects.get(member=client_member, example=example).muted


def test_followers_are_not_told_of_a_comment_they_may_not_see(
    commits, example, manager, client_member
):
    with commits():
        make_comment(example, client_member, "Eerste")
        services.hide_content(item=example, moderator=manager, reason="Klantnaam")
        make_comment(example, manager, "Aan de auteur: pas de klantnaam aan")
    assert kinds_of(client_member) == []


def test_reactions_tell_the_author_once_per_member(commits, example, author, client_member):
    with commits():
        services.toggle_reaction(example=example, member=client_member)
        services.toggle_reaction(example=example, member=client_member)
        services.toggle_reaction(example=example, member=client_member)
    assert kinds_of(author) == [Kind.REACTION]


def test_a_recognised_organisation_hears_of_it_but_not_the_author_or_inactive_members(
    commits, author, client_org, client_member, partner_org
):
    inactive = make_member(client_org, name="Oud Lid", is_active=False)
    with commits():
        example = make_example(author, recognised=[client_org, partner_org])
    recognised = Notification.objects.get(recipient=client_member)
    assert (recognised.kind, recognised.example, recognised.organisation) == (
        Kind.RECOGNISED,
        example,
        client_org,
    )
    assert kinds_of(author) == [] and kinds_of(inactive) == []


def test_an_edit_that_adds_an_organisation_tells_only_that_organisation(
    commits, partner_member, example, author, partner_org, other_partner_org
):
    other = make_member(other_partner_org, name="Bas Belnet")
    assert kinds_of(partner_member) == [Kind.RECOGNISED]
    with commits():
        services.edit_example(
            example=example,
            editor=author,
            recognised_organisations=[partner_org, other_partner_org],
        )
    assert kinds_of(partner_member) == [Kind.RECOGNISED]
    assert kinds_of(other) == [Kind.RECOGNISED]


def test_the_author_hears_of_a_hide_with_the_reason_and_of_the_restore(
    commits, example, author, manager
):
    with commits():
        services.hide_content(item=example, moderator=manager, reason="Bevat een klantnaam")
        services.restore_content(item=example, moderator=manager, reason="Aangepast")
    hidden, restored = Notification.objects.filter(recipient=author).order_by("pk")
    assert (hidden.kind, hidden.reason_kind, hidden.reason) == (
        Kind.HIDDEN,
        Notification.ReasonKind.MODERATOR,
        "Bevat een klantnaam",
    )
    assert restored.kind == Kind.RESTORED


def test_reports_tell_managers_and_an_automatic_hide_tells_the_author_its_kind(
    commits, settings, example, author, manager, client_member, partner_member
):
    settings.AUTO_HIDE_REPORT_THRESHOLD = 2
    with commits():
        services.report_content(reporter=client_member, reason="Klopt niet", item=example)
        services.report_content(reporter=partner_member, reason="Onjuist", item=example)
    assert sorted(kinds_of(manager)) == [Kind.AUTO_HIDDEN, Kind.NEW_REPORT, Kind.NEW_REPORT]
    hidden = Notification.objects.get(recipient=author)
    assert (hidden.kind, hidden.reason_kind) == (Kind.HIDDEN, Notification.ReasonKind.REPORTS)


def test_every_reporter_hears_once_that_their_report_was_resolved(
    commits, example, manager, client_member, partner_member
):
    with commits():
        first = services.report_content(reporter=client_member, reason="a", item=example)
        services.report_content(reporter=partner_member, reason="b", item=example)
        services.resolve_report(report=first, moderator=manager, outcome="hidden", note="Terecht")
    assert kinds_of(client_member) == [Kind.REPORT_RESOLVED]
    assert kinds_of(partner_member) == [Kind.REPORT_RESOLVED]
    # Delivered again (a retried task): nobody hears twice.
    deliver_moderation(ModerationAction.objects.get(action="resolve").pk)
    assert kinds_of(client_member) == [Kind.REPORT_RESOLVED]


def test_a_comment_task_run_twice_tells_nobody_twice(commits, example, author, client_member):
    with commits():
        comment = make_comment(example, client_member, "Eén keer")
    deliver_comment(comment.pk)
    assert kinds_of(author) == [Kind.COMMENT]


def test_followers_of_a_behaviour_or_organisation_hear_of_its_new_examples_once(
    commits, author, behaviour, client_org, partner_org, client_member, partner_member
):
    set_topic_followed(member=client_member, followed=True, behaviour=behaviour)
    set_topic_followed(member=client_member, followed=True, organisation=client_org)
    set_topic_followed(member=partner_member, followed=True, organisation=client_org)
    set_topic_followed(member=partner_member, followed=False, organisation=client_org)
    with commits():
        example = make_example(author, behaviour=behaviour, recognised=[client_org])
    followed = Notification.objects.filter(kind=Kind.FOLLOWED)
    assert [(n.recipient, n.example) for n in followed] == [(client_member, example)]
