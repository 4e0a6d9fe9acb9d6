"""The dashboards' daily rollups always equal a rebuild from the examples themselves."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.core.management import call_command

from behaviours.dashboards import rollups
from behaviours.dashboards.rollups import ContributorDay, ExampleDay, HighlightDay
from behaviours.models import FiguresVersion
from examples import services
from tests.behaviours.world import World, comment, post
from tests.factories import make_member, make_organisation

# Saved before the autouse fixture makes refreshes immediate, for the after-commit test.
AFTER_COMMIT = rollups.schedule


def rows() -> list[tuple[Any, ...]]:
    examples = ExampleDay.objects.values_list(
        "day", "behaviour", "author_organisation", "service_area", "involved", "examples"
    )
    contributors = ContributorDay.objects.values_list(
        "day", "member", "behaviour", "author_organisation"
    )
    highlights = HighlightDay.objects.values_list(
        "day", "behaviour", "counter", "example", "value", "created_at"
    )
    return [
        *sorted(examples),
        *(("contributors", *row) for row in sorted(contributors)),
        *(("highlights", *row) for row in sorted(highlights)),
    ]


def rebuilt(flush: Callable[[], None]) -> list[tuple[Any, ...]]:
    """The rows kept up to date so far (after the pending refreshes), which a rebuild keeps."""
    flush()
    kept = rows()
    rollups.rebuild()
    fresh = rows()
    assert kept == fresh
    return fresh


def test_the_rollups_equal_a_rebuild_after_every_kind_of_change(
    world: World, rollups_at_once: Callable[[], None]
) -> None:
    assert rebuilt(rollups_at_once), "the world's examples are summed"
    example = post(world.members["q1"], world.ownership, [world.C], "2026-03-20 10:00")
    rebuilt(rollups_at_once)
    services.hide_content(item=example, moderator=world.manager, reason="Dubbel")
    rebuilt(rollups_at_once)
    services.restore_content(item=example, moderator=world.manager, reason="Toch goed")
    rebuilt(rollups_at_once)
    services.edit_example(
        example=example,
        editor=world.members["q1"],
        behaviour=world.transparency,
        recognised_organisations=[world.P, world.Q],
    )
    rebuilt(rollups_at_once)
    world.S.recognised_in.add(example)  # from the organisation's side
    rebuilt(rollups_at_once)
    world.P.recognised_in.clear()
    rebuilt(rollups_at_once)
    note = comment(example, world.members["c2"], "2026-03-21 09:00")
    rebuilt(rollups_at_once)
    services.toggle_reaction(example=example, member=world.members["p1"])
    rebuilt(rollups_at_once)
    services.toggle_reaction(example=example, member=world.members["p1"])
    rebuilt(rollups_at_once)
    services.hide_content(item=note, moderator=world.manager, reason="Grof")
    rebuilt(rollups_at_once)
    services.hide_content(item=world.examples["E3"], moderator=world.manager, reason="Dubbel")
    rebuilt(rollups_at_once)  # its comment by c4 no longer counts either


def test_a_day_is_counted_in_the_site_time_zone(
    world: World, rollups_at_once: Callable[[], None]
) -> None:
    rollups_at_once()
    # E1 was posted at 00:30 on 1 March in Amsterdam, still 28 February in UTC.
    e1 = world.examples["E1"]
    assert rollups.local_day(e1.created_at) == date(2026, 3, 1)
    days = ExampleDay.objects.filter(day=date(2026, 3, 1), involved=0)
    assert sum(days.values_list("examples", flat=True)) == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_post_refreshes_its_day_after_commit_and_moves_the_figures_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(rollups, "schedule", AFTER_COMMIT)
    organisation = make_organisation("Energie Noord")
    author = make_member(organisation, name="Auteur")
    from behaviours.models import Behaviour

    behaviour = Behaviour.objects.filter(active=True).first()
    assert behaviour is not None
    before = FiguresVersion.current()["examples"]
    example = services.post_example(
        author=author,
        title="Na de commit",
        what_happened="De telling volgt na de commit.",
        behaviour=behaviour,
        happened_on=date(2026, 3, 1),
        recognised_organisations=[organisation],
    )
    day = rollups.local_day(example.created_at)
    assert ExampleDay.objects.filter(day=day, involved=0).values_list("examples", flat=True)[0] == 1
    assert FiguresVersion.current()["examples"] > before + 1  # the change, then the rollups
    assert rows() == rebuilt(lambda: None)


def test_rebuild_rollups_command(
    world: World, capsys: pytest.CaptureFixture[str], rollups_at_once: Callable[[], None]
) -> None:
    rollups_at_once()
    kept = rows()
    ExampleDay.objects.all().delete()
    call_command("rebuild_rollups")
    assert rows() == kept
    assert "Rebuilt" in capsys.readouterr().out
