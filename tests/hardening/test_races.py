"""Nothing is lost or doubled when requests arrive together.

The first part checks the idempotency key of the posting forms on any database: a second
submit of the same form (double click, retry, second tab) lands on what the first created.

The second part races real threads against PostgreSQL: every thread has its own database
connection, they are released together by a barrier, and the final rows are compared with
what the services promise. SQLite serialises all writers, so these tests only mean something
on PostgreSQL and are skipped elsewhere (CI runs them in its PostgreSQL pass). Each assertion
message carries the figure the issue asks for (duplicates, lost updates).
"""

from __future__ import annotations

import re
import threading
import uuid
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from behaviours.models import FiguresVersion
from examples import quotas, services
from examples.models import Comment, Example, ModerationAction, Reaction, Report, Revision
from partnership.models import User
from tests.conftest import HTMX
from tests.factories import make_example, make_member

THREADS = 8

NEW = reverse("examples:new")


def _example_data(behaviour: Any, organisation: Any, key: str | None) -> dict[str, Any]:
    data = {
        "title": "Een dubbele klik",
        "behaviour": behaviour.pk,
        "recognised_organisations": [organisation.pk],
        "happened_on": "2025-03-14",
        "what_happened": "Iemand klikte twee keer op versturen.",
        "partnership_impact": "",
    }
    if key is not None:
        data["submission_key"] = key
    return data


def _rendered_key(html: str) -> str:
    match = re.search(r'name="submission_key" value="([0-9a-f-]{36})"', html)
    assert match, "the form carries no hidden submission_key"
    return match.group(1)


# --- Idempotency keys (any database) -------------------------------------------------------


@pytest.mark.django_db
def test_each_rendering_of_the_form_carries_a_fresh_key(login, author):
    client = login(author)
    first = _rendered_key(client.get(NEW).content.decode())
    second = _rendered_key(client.get(NEW).content.decode())
    assert first != second
    assert uuid.UUID(first).version == 4


@pytest.mark.django_db
def test_a_second_submit_of_the_same_form_lands_on_the_same_example(
    login, author, behaviour, partner_org
):
    client = login(author)
    key = _rendered_key(client.get(NEW).content.decode())
    data = _example_data(behaviour, partner_org, key)

    first = client.post(NEW, data)
    second = client.post(NEW, data)
    third = client.post(NEW, data, **HTMX)

    example = Example.objects.get(author=author)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == example.get_absolute_url()
    assert third["HX-Redirect"] == example.get_absolute_url()
    assert example.submission_key == uuid.UUID(key)


@pytest.mark.django_db
def test_a_form_re_rendered_after_an_error_keeps_its_key(login, author, behaviour, partner_org):
    client = login(author)
    key = _rendered_key(client.get(NEW).content.decode())
    bad = {**_example_data(behaviour, partner_org, key), "title": ""}

    response = client.post(NEW, bad)

    assert response.status_code == 422
    assert _rendered_key(response.content.decode()) == key
    client.post(NEW, _example_data(behaviour, partner_org, key))
    client.post(NEW, _example_data(behaviour, partner_org, key))
    assert Example.objects.filter(author=author).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("key", [None, "", "not-a-uuid", "\x00", "0" * 5000])
def test_without_a_usable_key_the_example_is_still_shared(
    login, author, behaviour, partner_org, key
):
    response = login(author).post(NEW, _example_data(behaviour, partner_org, key))
    assert response.status_code == 302
    assert Example.objects.filter(author=author, submission_key=None).count() == 1


@pytest.mark.django_db
def test_different_forms_make_different_examples(login, author, behaviour, partner_org):
    client = login(author)
    for _ in range(2):
        key = _rendered_key(client.get(NEW).content.decode())
        client.post(NEW, _example_data(behaviour, partner_org, key))
    assert Example.objects.filter(author=author).count() == 2


@pytest.mark.django_db
def test_the_same_key_from_another_member_is_their_own_example(
    login, author, partner_member, behaviour, partner_org
):
    key = str(uuid.uuid4())
    for member in (author, partner_member):
        login(member).post(NEW, _example_data(behaviour, partner_org, key))
    assert Example.objects.filter(submission_key=key).count() == 2


@pytest.mark.django_db
def test_the_edit_form_has_no_key_and_edits_as_before(login, author):
    example = make_example(author)
    client = login(author)
    html = client.get(reverse("examples:edit", args=[example.pk])).content.decode()
    assert 'name="submission_key"' not in html


@pytest.mark.django_db
def test_a_second_submit_of_a_comment_posts_it_once(login, author, client_member):
    example = make_example(author)
    url = reverse("examples:detail", args=[example.pk])
    client = login(client_member)
    key = _rendered_key(client.get(url).content.decode())
    comment_url = reverse("examples:add_comment", args=[example.pk])

    first = client.post(comment_url, {"body": "Twee keer?", "submission_key": key})
    second = client.post(comment_url, {"body": "Twee keer?", "submission_key": key})
    htmx = client.post(comment_url, {"body": "Twee keer?", "submission_key": key}, **HTMX)

    comment = Comment.objects.get(example=example)
    assert first["Location"] == second["Location"] == comment.get_absolute_url()
    assert htmx.status_code == 200
    assert htmx.content.decode().count("Twee keer?") == 1
    example.refresh_from_db()
    assert example.comment_count == 1


@pytest.mark.django_db
def test_after_an_htmx_comment_the_fresh_form_has_a_new_key(login, author, client_member):
    example = make_example(author)
    client = login(client_member)
    key = _rendered_key(client.get(example.get_absolute_url()).content.decode())
    response = client.post(
        reverse("examples:add_comment", args=[example.pk]),
        {"body": "Eerste", "submission_key": key},
        **HTMX,
    )
    assert _rendered_key(response.content.decode()) != key


# --- Races on PostgreSQL -------------------------------------------------------------------

on_postgres = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        "connection.vendor != 'postgresql'",
        reason="races need PostgreSQL's row locks and concurrent writers; SQLite serialises "
        "every write (run with DATABASE_URL=postgres://...)",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def race(workers: list[Callable[[], Any]]) -> list[tuple[str, Any]]:
    """Run each callable in its own thread, all released together; ("ok", result) or
    ("error", exception) per worker, in order."""
    barrier = threading.Barrier(len(workers))
    outcomes: list[tuple[str, Any]] = [("error", "did not finish")] * len(workers)

    def run(index: int, work: Callable[[], Any]) -> None:
        try:
            connection.ensure_connection()  # connect first, so the barrier releases real work
            barrier.wait(timeout=30)
            outcomes[index] = ("ok", work())
        except Exception as error:  # reported to the test, which decides what is expected
            outcomes[index] = ("error", error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=(index, work)) for index, work in enumerate(workers)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a racing thread hung"
    return outcomes


def _errors(outcomes: list[tuple[str, Any]]) -> list[Any]:
    return [value for status, value in outcomes if status == "error"]


def _members(organisation: Any, count: int) -> list[User]:
    return [make_member(organisation) for _ in range(count)]


def postgres_race(test: Callable[..., None]) -> Callable[..., None]:
    for mark in reversed(on_postgres):
        test = mark(test)
    return test


@postgres_race
def test_eight_simultaneous_submits_of_one_form_make_one_example(author, behaviour, partner_org):
    key = str(uuid.uuid4())
    data = _example_data(behaviour, partner_org, key)
    clients = []
    for _ in range(THREADS):
        client = Client()
        client.force_login(author)
        clients.append(client)

    outcomes = race([lambda client=client: client.post(NEW, data) for client in clients])

    assert not _errors(outcomes), _errors(outcomes)
    count = Example.objects.filter(author=author).count()
    assert count == 1, f"duplicates: {count - 1} (expected 0)"
    example = Example.objects.get(author=author)
    locations = {response["Location"] for _, response in outcomes}
    assert {response.status_code for _, response in outcomes} == {302}
    assert locations == {example.get_absolute_url()}, "every submit lands on the same example"
    assert list(example.recognised_organisations.all()) == [partner_org]


@postgres_race
def test_simultaneous_service_calls_with_one_key_return_the_same_example(author, behaviour):
    key = uuid.uuid4()

    def post() -> Example:
        return services.post_example(
            author=author,
            title="Dubbel",
            what_happened="Twee keer verstuurd.",
            behaviour=behaviour,
            happened_on=date(2025, 1, 2),
            recognised_organisations=[author.organisation],
            submission_key=key,
        )

    outcomes = race([post] * THREADS)

    assert not _errors(outcomes), _errors(outcomes)
    pks = {example.pk for _, example in outcomes}
    count = Example.objects.filter(submission_key=key).count()
    assert count == 1 and len(pks) == 1, f"duplicates: {count - 1} (expected 0)"


@postgres_race
def test_one_member_toggling_from_eight_requests_leaves_a_consistent_count(author, client_member):
    example = make_example(author)

    outcomes = race(
        [lambda: services.toggle_reaction(example=example, member=client_member)] * THREADS
    )

    assert not _errors(outcomes), _errors(outcomes)
    example.refresh_from_db()
    rows = Reaction.objects.filter(example=example).count()
    assert rows <= 1, f"duplicates: {rows - 1} (expected 0)"
    assert example.reaction_count == rows, (
        f"lost updates: counter {example.reaction_count} vs {rows} reaction rows (expected equal)"
    )


@postgres_race
def test_eight_members_reacting_at_once_count_eight(author, client_org):
    example = make_example(author)
    members = _members(client_org, THREADS)

    outcomes = race(
        [
            lambda member=member: services.toggle_reaction(example=example, member=member)
            for member in members
        ]
    )

    assert not _errors(outcomes), _errors(outcomes)
    example.refresh_from_db()
    assert Reaction.objects.filter(example=example).count() == THREADS
    assert example.reaction_count == THREADS, (
        f"lost updates: {THREADS - example.reaction_count} (expected 0)"
    )


@postgres_race
def test_one_member_reporting_twice_at_once_files_one_report(author, client_member):
    example = make_example(author)

    def report() -> Report:
        return services.report_content(reporter=client_member, reason="Klopt niet", item=example)

    outcomes = race([report] * THREADS)

    errors = _errors(outcomes)
    assert all(isinstance(error, services.AlreadyReported) for error in errors), errors
    count = Report.objects.filter(example=example).count()
    assert count == 1, f"duplicates: {count - 1} (expected 0)"
    assert len(errors) == THREADS - 1, "every other attempt is told it already reported"


@postgres_race
def test_a_hide_and_an_edit_at_once_both_count(author, manager):
    # Several rounds: which of the two gets the row lock first varies from round to round.
    lost = 0
    for round_ in range(5):
        example = make_example(author, title=f"Voor {round_}")
        outcomes = race(
            [
                lambda example=example: services.hide_content(
                    item=example, moderator=manager, reason="Namen van klanten"
                ),
                lambda example=example, round_=round_: services.edit_example(
                    example=example, editor=author, title=f"Na {round_}"
                ),
            ]
        )
        assert not _errors(outcomes), _errors(outcomes)
        example.refresh_from_db()
        lost += (example.title != f"Na {round_}") + (not example.is_hidden)
        assert Revision.objects.filter(example=example, previous__title=f"Voor {round_}").exists()
        assert ModerationAction.objects.filter(
            example=example, action=ModerationAction.Action.HIDE, moderator=manager
        ).exists()
    assert lost == 0, f"lost updates: {lost} (expected 0)"


@postgres_race
def test_eight_members_commenting_at_once_count_eight(author, client_org):
    example = make_example(author)
    members = _members(client_org, THREADS)

    outcomes = race(
        [
            lambda member=member: services.post_comment(
                example=example, author=member, body=f"Reactie van {member.display_name}"
            )
            for member in members
        ]
    )

    assert not _errors(outcomes), _errors(outcomes)
    example.refresh_from_db()
    assert Comment.objects.filter(example=example).count() == THREADS
    assert example.comment_count == THREADS, (
        f"lost updates: {THREADS - example.comment_count} (expected 0)"
    )


@postgres_race
def test_counters_survive_an_edit_and_a_hide_in_the_middle(author, manager, client_org):
    # edit_example and hide_content save the whole row, counters included: they must not
    # write back a count read before the concurrent increments.
    example = make_example(author, title="Teller")
    commenters = _members(client_org, 3)
    reactors = _members(client_org, 3)
    workers: list[Callable[[], Any]] = [
        lambda member=member: services.post_comment(example=example, author=member, body="Ja")
        for member in commenters
    ]
    workers += [
        lambda member=member: services.toggle_reaction(example=example, member=member)
        for member in reactors
    ]
    workers.append(lambda: services.edit_example(example=example, editor=author, title="Nieuw"))
    workers.append(
        lambda: services.hide_content(item=example, moderator=manager, reason="Even nakijken")
    )

    outcomes = race(workers)

    assert not _errors(outcomes), _errors(outcomes)
    example.refresh_from_db()
    lost = abs(example.comment_count - 3) + abs(example.reaction_count - 3)
    lost += (example.title != "Nieuw") + (not example.is_hidden)
    assert lost == 0, (
        f"lost updates: {lost} (expected 0; comments {example.comment_count}/3, reactions "
        f"{example.reaction_count}/3, title {example.title!r}, hidden {example.is_hidden})"
    )


@postgres_race
def test_three_reports_at_once_hide_the_item_exactly_once(author, client_org, settings):
    settings.AUTO_HIDE_REPORT_THRESHOLD = 3
    missed = doubled = 0
    for _ in range(5):
        example = make_example(author)
        reporters = _members(client_org, 3)
        outcomes = race(
            [
                lambda member=member, example=example: services.report_content(
                    reporter=member, reason="Vertrouwelijk", item=example
                )
                for member in reporters
            ]
        )
        assert not _errors(outcomes), _errors(outcomes)
        example.refresh_from_db()
        actions = ModerationAction.objects.filter(
            example=example, action=ModerationAction.Action.AUTO_HIDE
        ).count()
        missed += not example.is_hidden
        doubled += max(actions - 1, 0)
        assert Report.objects.filter(example=example).count() == 3
    assert missed == 0, f"lost updates: {missed} items not hidden after 3 reports (expected 0)"
    assert doubled == 0, f"duplicates: {doubled} extra AUTO_HIDE actions (expected 0)"


@postgres_race
def test_three_reports_at_once_hide_a_comment_exactly_once(author, client_member, client_org):
    example = make_example(author)
    comment = services.post_comment(example=example, author=client_member, body="Oeps")
    reporters = _members(client_org, 3)

    outcomes = race(
        [
            lambda member=member: services.report_content(
                reporter=member, reason="Vertrouwelijk", item=comment
            )
            for member in reporters
        ]
    )

    assert not _errors(outcomes), _errors(outcomes)
    comment.refresh_from_db()
    example.refresh_from_db()
    actions = ModerationAction.objects.filter(
        comment=comment, action=ModerationAction.Action.AUTO_HIDE
    ).count()
    assert comment.is_hidden
    assert actions == 1, f"duplicates: {actions - 1} (expected 0)"
    assert example.comment_count == 0, "the hidden comment no longer counts, exactly once"


# --- No global lock: deactivations and every kind of write at once ------------------------


def _as_member_request(member: User, action: Any, write: Callable[[], Any]) -> Callable[[], Any]:
    """The write as its view does it: under the member's quota, which locks the member's row."""

    def run() -> Any:
        with quotas.within_quota(member, action):
            return write()

    return run


@postgres_race
def test_deactivating_two_members_while_one_posts_and_others_write_never_deadlocks(
    author, client_org, partner_org, behaviour, settings
):
    # The admin's bulk deactivation saves each member (sessions end, figures move) while one
    # of them posts an example and others comment, react, report and edit, all released
    # together, several rounds. With the old global FiguresVersion lock this deadlocked.
    settings.POSTING_QUOTAS_ENABLED = True
    admin = make_member(client_org, is_staff=True, is_superuser=True)
    admin_client = Client()
    admin_client.force_login(admin)
    changelist = reverse("admin:partnership_user_changelist")
    for round_ in range(6):
        poster, commenter = make_member(partner_org), make_member(partner_org)
        reacter, reporter = make_member(client_org), make_member(client_org)
        example = make_example(author, title=f"Ronde {round_}")
        own = make_example(commenter, title=f"Eigen {round_}")
        workers = [
            lambda poster=poster, commenter=commenter: admin_client.post(
                changelist,
                {"action": "deactivate_members", "_selected_action": [poster.pk, commenter.pk]},
            ),
            _as_member_request(
                poster,
                quotas.Action.EXAMPLES,
                lambda poster=poster, round_=round_: services.post_example(
                    author=poster,
                    title=f"Gedeeld in ronde {round_}",
                    what_happened="Net op tijd gedeeld.",
                    behaviour=behaviour,
                    happened_on=date(2025, 3, 14),
                    recognised_organisations=[partner_org],
                ),
            ),
            _as_member_request(
                commenter,
                quotas.Action.COMMENTS,
                lambda commenter=commenter, example=example: services.post_comment(
                    example=example, author=commenter, body="Mooi!"
                ),
            ),
            _as_member_request(
                commenter,
                quotas.Action.EDITS,
                lambda commenter=commenter, own=own, round_=round_: services.edit_example(
                    example=own, editor=commenter, title=f"Bijgewerkt {round_}"
                ),
            ),
            _as_member_request(
                reacter,
                quotas.Action.REACTIONS,
                lambda reacter=reacter, example=example: services.toggle_reaction(
                    example=example, member=reacter
                ),
            ),
            _as_member_request(
                reporter,
                quotas.Action.REPORTS,
                lambda reporter=reporter, example=example: services.report_content(
                    reporter=reporter, reason="Klopt niet", item=example
                ),
            ),
        ]

        outcomes = race(workers)

        assert not _errors(outcomes), f"round {round_}: {_errors(outcomes)}"
        admin_response = outcomes[0][1]
        assert admin_response.status_code == 302, admin_response.status_code
        assert not User.objects.filter(pk__in=[poster.pk, commenter.pk], is_active=True).exists()
        assert Example.objects.filter(author=poster, title=f"Gedeeld in ronde {round_}").exists()
        assert Comment.objects.filter(example=example, author=commenter).count() == 1
        assert Example.objects.get(pk=own.pk).title == f"Bijgewerkt {round_}"
        assert Reaction.objects.filter(example=example, member=reacter).count() == 1
        assert Report.objects.filter(example=example, reporter=reporter).count() == 1
        example.refresh_from_db()
        assert (example.comment_count, example.reaction_count) == (1, 1)


@postgres_race
def test_a_write_held_open_does_not_block_a_write_to_another_example(author, client_org):
    # Two members edit different examples; the first stops mid-transaction (after its change
    # and the figures bump it queued) until the second has committed. Under a global lock
    # the second would wait for the first, which waits for it: the barrier would time out.
    first, second = make_example(author, title="Eerste"), make_example(author, title="Tweede")
    other = make_member(client_org)
    second_committed = threading.Event()
    versions_before = FiguresVersion.current()

    def slow_edit() -> bool:
        with transaction.atomic():
            services.edit_example(example=first, editor=author, title="Eerste, bijgewerkt")
            services.toggle_reaction(example=first, member=other)
            return second_committed.wait(timeout=15)

    def quick_edit() -> None:
        services.edit_example(example=second, editor=author, title="Tweede, bijgewerkt")
        services.toggle_reaction(example=second, member=other)
        second_committed.set()

    outcomes = race([slow_edit, quick_edit])

    assert not _errors(outcomes), _errors(outcomes)
    assert outcomes[0] == ("ok", True), "the second write waited for the first one to commit"
    titles = set(Example.objects.values_list("title", flat=True))
    assert {"Eerste, bijgewerkt", "Tweede, bijgewerkt"} <= titles
    # Both bumped after their commits; one bump per kind per transaction.
    after = FiguresVersion.current()
    assert after["examples"] - versions_before["examples"] == 2
    # Each reaction: once for the change, once more as its day's highlights changed (a first
    # reaction puts the example among them), both after the commit.
    assert after["reactions"] - versions_before["reactions"] == 4
