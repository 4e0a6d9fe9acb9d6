"""The dashboards' daily rollups, kept by each change in its own transaction, always equal a
rebuild from the examples themselves (behaviours/dashboards/upkeep.py)."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection  # noqa: F401  (postgres_race's skip condition reads it)

from behaviours.dashboards import rollups
from behaviours.dashboards.rollups import ContributorDay, ExampleDay, HighlightDay
from behaviours.models import Behaviour, FiguresVersion
from examples import services
from examples.models import Comment, Example, Reaction
from partnership.models import Organisation, User
from tests.behaviours.world import AMS, World, comment, post
from tests.factories import make_behaviour, make_example, make_member, make_organisation
from tests.hardening.test_races import _errors, postgres_race, race


def rows() -> list[tuple[Any, ...]]:
    examples = ExampleDay.objects.values_list(
        "day", "behaviour", "author_organisation", "service_area", "involved", "examples"
    )
    contributors = ContributorDay.objects.values_list(
        "day", "member", "behaviour", "author_organisation", "contributions"
    )
    highlights = HighlightDay.objects.values_list(
        "day", "behaviour", "counter", "example", "value", "created_at"
    )
    return [
        *sorted(examples),
        *(("contributors", *row) for row in sorted(contributors)),
        *(("highlights", *row) for row in sorted(highlights)),
    ]


def rebuilt() -> list[tuple[Any, ...]]:
    """The rows kept up to date so far, asserted equal to what a rebuild writes."""
    kept = rows()
    rollups.rebuild()
    fresh = rows()
    assert kept == fresh
    return fresh


def test_the_rollups_equal_a_rebuild_after_every_kind_of_change(world: World) -> None:
    assert rebuilt(), "the world's examples are summed"
    example = post(world.members["q1"], world.ownership, [world.C], "2026-03-20 10:00")
    rebuilt()
    services.hide_content(item=example, moderator=world.manager, reason="Dubbel")
    rebuilt()
    services.restore_content(item=example, moderator=world.manager, reason="Toch goed")
    rebuilt()
    services.edit_example(
        example=example,
        editor=world.members["q1"],
        behaviour=world.transparency,
        recognised_organisations=[world.P, world.Q],
    )
    rebuilt()
    world.S.recognised_in.add(example)  # from the organisation's side
    rebuilt()
    world.P.recognised_in.clear()
    rebuilt()
    note = comment(example, world.members["c2"], "2026-03-21 09:00")
    rebuilt()
    services.toggle_reaction(example=example, member=world.members["p1"])
    rebuilt()
    services.toggle_reaction(example=example, member=world.members["p1"])
    rebuilt()
    services.hide_content(item=note, moderator=world.manager, reason="Grof")
    rebuilt()
    services.hide_content(item=world.examples["E3"], moderator=world.manager, reason="Dubbel")
    rebuilt()  # its comment by c4 no longer counts either
    services.edit_example(example=world.examples["E3"], editor=world.members["c2"], title="Anders")
    rebuilt()


def test_a_day_is_counted_in_the_site_time_zone(world: World) -> None:
    # E1 was posted at 00:30 on 1 March in Amsterdam, still 28 February in UTC.
    e1 = world.examples["E1"]
    assert rollups.local_day(e1.created_at) == date(2026, 3, 1)
    days = ExampleDay.objects.filter(day=date(2026, 3, 1), involved=0)
    assert sum(days.values_list("examples", flat=True)) == 1


def test_a_member_who_commented_twice_still_counts_after_one_comment_is_hidden(
    world: World,
) -> None:
    e2 = world.examples["E2"]
    first = comment(e2, world.members["q3"], "2026-03-06 09:00")
    comment(e2, world.members["q3"], "2026-03-06 11:00")
    services.hide_content(item=first, moderator=world.manager, reason="Grof")
    took_part = ContributorDay.objects.filter(member=world.members["q3"].pk, day=date(2026, 3, 6))
    assert list(took_part.values_list("contributions", flat=True)) == [1]
    rebuilt()


def _random_events(seed: int, steps: int) -> None:
    """Post, hide, restore, edit, comment and react at random over a few days."""
    chance = random.Random(seed)
    organisations = [make_organisation(f"Organisatie {n}") for n in range(3)]
    members = [make_member(organisations[n % 3]) for n in range(6)]
    manager = make_member(organisations[0], name="Beheerder")
    behaviours = [make_behaviour(f"gedrag-{n}") for n in range(2)]
    start = datetime(2026, 3, 1, 9, 0, tzinfo=AMS)
    examples: list[Example] = []
    comments: list[Comment] = []
    for step in range(steps):
        moment = start + timedelta(days=chance.randrange(4), hours=chance.randrange(15))
        action = chance.choice(
            ["post", "post", "comment", "comment", "react", "hide", "restore", "edit", "orgs"]
        )
        with time_machine.travel(moment, tick=False):
            if action == "post" or not examples:
                author = chance.choice(members)
                examples.append(
                    make_example(
                        author,
                        behaviour=chance.choice(behaviours),
                        recognised=chance.sample(organisations, chance.randrange(1, 3)),
                    )
                )
                continue
            example = chance.choice(examples)
            example.refresh_from_db()
            if action == "comment":
                comments.append(
                    services.post_comment(
                        example=example, author=chance.choice(members), body=f"Stap {step}"
                    )
                )
            elif action == "react":
                services.toggle_reaction(example=example, member=chance.choice(members))
            elif action in ("hide", "restore"):
                item: Example | Comment = example
                if comments and chance.random() < 0.5:
                    item = chance.choice(comments)
                    item.refresh_from_db()
                change = services.hide_content if action == "hide" else services.restore_content
                change(item=item, moderator=manager, reason="Willekeurig")
            elif action == "edit":
                services.edit_example(
                    example=example, editor=example.author, behaviour=chance.choice(behaviours)
                )
            else:
                organisation = chance.choice(organisations)
                if chance.random() < 0.5:
                    example.recognised_organisations.add(organisation)
                else:
                    organisation.recognised_in.remove(example)


@pytest.mark.django_db
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_after_a_random_sequence_of_changes_the_rollups_equal_a_rebuild(seed: int) -> None:
    _random_events(seed, 60)
    assert ContributorDay.objects.exists() and HighlightDay.objects.exists()
    rebuilt()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_comment_moves_the_highlights_after_commit_and_the_figures_again() -> None:
    organisation = make_organisation("Energie Noord")
    author = make_member(organisation, name="Auteur")
    commenter = make_member(organisation, name="Lezer")
    behaviour = Behaviour.objects.filter(active=True).first()
    assert behaviour is not None
    example = make_example(author, behaviour=behaviour, recognised=[organisation])
    day = rollups.local_day(example.created_at)
    assert ExampleDay.objects.filter(day=day, involved=0).values_list("examples", flat=True)[0] == 1
    before = FiguresVersion.current()["comments"]

    services.post_comment(example=example, author=commenter, body="Mooi")

    top = HighlightDay.objects.filter(counter="comment_count").values_list("example", "value")
    assert list(top) == [(example.pk, 1)]
    assert FiguresVersion.current()["comments"] > before + 1  # the comment, then the highlights
    assert rows() == rebuilt()


def test_rebuild_rollups_command(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    kept = rows()
    ExampleDay.objects.all().delete()
    call_command("rebuild_rollups")
    assert rows() == kept
    assert "Rebuilt" in capsys.readouterr().out


# --- Under concurrency (PostgreSQL) ------------------------------------------------------------


def _cast() -> tuple[list[User], list[Organisation], Behaviour, User]:
    organisations = [make_organisation(f"Racer {n}") for n in range(2)]
    members = [make_member(organisations[n % 2]) for n in range(8)]
    behaviour = Behaviour.objects.filter(active=True).first() or make_behaviour("racen")
    return members, organisations, behaviour, make_member(organisations[0], name="Moderator")


@postgres_race
def test_posts_comments_reactions_and_hides_at_once_keep_the_rollups_equal_to_a_rebuild() -> None:
    members, organisations, behaviour, moderator = _cast()
    examples = [
        make_example(members[n], behaviour=behaviour, recognised=organisations) for n in range(3)
    ]
    workers: list[Callable[[], Any]] = []
    for n, member in enumerate(members):
        target = examples[n % 3]
        workers.append(
            lambda m=member, e=target: services.post_comment(example=e, author=m, body="Ja")
        )
        workers.append(lambda m=member, e=target: services.toggle_reaction(example=e, member=m))
        workers.append(
            lambda m=member: make_example(m, behaviour=behaviour, recognised=organisations[:1])
        )
    workers.append(
        lambda: services.hide_content(item=examples[0], moderator=moderator, reason="Even niet")
    )
    workers.append(
        lambda: services.edit_example(
            example=examples[1],
            editor=examples[1].author,
            recognised_organisations=organisations[1:],
        )
    )

    outcomes = race(workers)

    assert not _errors(outcomes), _errors(outcomes)
    assert Comment.objects.count() == len(members)
    assert Reaction.objects.count() == len(members)
    kept = rows()
    rollups.rebuild()
    assert kept == rows(), "the counters kept under concurrency differ from a rebuild"
