"""Cached dashboard panels always equal a fresh computation (issue 5)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from behaviours import dashboards
from behaviours.forms import DashboardFilterForm
from examples import services
from tests.behaviours.world import MARCH, YEAR, World, post
from tests.factories import make_comment

TABLES = ("trends", "coverage", "service-areas", "reciprocity", "pairs", "participation")


def all_tables(params: dict[str, str], *, moderator: bool = True) -> dict[str, list[list[str]]]:
    form = DashboardFilterForm(params)
    assert form.is_valid(), form.errors
    board = dashboards.Dashboard(form.filters(), moderator=moderator)
    tables = {slug: board.table(slug).csv_rows() for slug in (*TABLES, "moderation")}  # type: ignore[union-attr]
    highlights = board.highlights
    tables["highlights"] = [
        [
            str(row.behaviour.pk),
            *(f"{e.pk}:{e.reaction_count}" for e in row.inspiring),
            "|",
            *(f"{e.pk}:{e.comment_count}" for e in row.discussed),
        ]
        for row in highlights.rows
    ]
    return tables


def fresh(params: dict[str, str], settings) -> dict[str, list[list[str]]]:
    cached = settings.DASHBOARD_CACHE_SECONDS
    settings.DASHBOARD_CACHE_SECONDS = 0
    try:
        return all_tables(params)
    finally:
        settings.DASHBOARD_CACHE_SECONDS = cached


@pytest.mark.parametrize("params", [MARCH, YEAR])
def test_cached_panels_equal_a_fresh_computation_after_every_kind_of_change(
    world: World, settings, params
) -> None:
    settings.DASHBOARD_CACHE_SECONDS = 600
    all_tables(params)  # fill the cache
    assert all_tables(params) == fresh(params, settings)

    example = post(world.members["q1"], world.ownership, [world.C], "2026-03-20 10:00")
    assert all_tables(params) == fresh(params, settings), "after a post"

    services.hide_content(item=example, moderator=world.manager, reason="Dubbel")
    assert all_tables(params) == fresh(params, settings), "after a hide"

    services.restore_content(item=example, moderator=world.manager, reason="Toch goed")
    assert all_tables(params) == fresh(params, settings), "after a restore"

    services.edit_example(
        example=example,
        editor=world.members["q1"],
        behaviour=world.transparency,
        recognised_organisations=[world.P],
    )
    assert all_tables(params) == fresh(params, settings), "after an edit"

    make_comment(example, world.members["c1"])
    services.toggle_reaction(example=example, member=world.members["c1"])
    assert all_tables(params) == fresh(params, settings), "after a comment and a reaction"


def test_a_warm_dashboard_answers_from_the_cache(world: World, login, settings) -> None:
    settings.DASHBOARD_CACHE_SECONDS = 600
    client = login(world.manager)
    client.get("/dashboard/", MARCH)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/dashboard/", MARCH)
    assert response.status_code == 200
    # Session, member, permissions, the filter choices, the version and the two small
    # look-ups every panel shares; no figure is recomputed.
    assert len(queries) <= 12, [q["sql"][:80] for q in queries]


def test_a_reaction_refreshes_the_highlights_but_keeps_the_trends_cached(
    world: World, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.DASHBOARD_CACHE_SECONDS = 600
    example = post(world.members["q1"], world.ownership, [world.C], "2026-03-20 10:00")
    all_tables(MARCH)

    services.toggle_reaction(example=example, member=world.members["c1"])

    form = DashboardFilterForm(MARCH)
    assert form.is_valid()
    board = dashboards.Dashboard(form.filters(), moderator=True)
    with CaptureQueriesContext(connection) as queries:
        board.trends  # noqa: B018  (computing it is the point)
    # The version look-up and the two shared look-ups; no figure is recomputed.
    assert len(queries) <= 3, [q["sql"][:80] for q in queries]
    assert all_tables(MARCH) == fresh(MARCH, settings)


def test_only_changes_that_move_a_figure_move_the_versions(world: World) -> None:
    from behaviours.models import FiguresVersion

    member = world.members["c1"]
    before = FiguresVersion.current()
    member.save(update_fields=["last_login"])  # what every login does
    member.save(update_fields=["preferred_language"])
    assert FiguresVersion.current() == before, "a login must not throw the cached panels away"

    member.save(update_fields=["is_active"])
    assert FiguresVersion.current()["structure"] == before["structure"] + 1

    example = world.examples[next(iter(world.examples))]
    before = FiguresVersion.current()
    example.recognised_organisations.add(world.S)
    assert FiguresVersion.current()["examples"] == before["examples"] + 1  # once, not twice


def panels_html(client, params: dict[str, str]) -> str:
    html = client.get("/dashboard/", params).content.decode()
    return html[html.index('<div id="dashboard-panels"') : html.index("</main>")]


@pytest.mark.parametrize("params", [MARCH, YEAR])
def test_the_cached_dashboard_page_equals_a_fresh_render_after_every_kind_of_change(
    world: World, login, settings, params
) -> None:
    """The panels' HTML is cached beside their figures; it must never show an old figure."""
    settings.DASHBOARD_CACHE_SECONDS = 600
    client = login(world.manager)

    caches_on = settings.CACHES
    dummy = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}

    def assert_fresh(when: str) -> str:
        cached = panels_html(client, params)
        # Fresh: nothing read from or written to any cache.
        settings.CACHES = {alias: dummy for alias in caches_on}
        settings.DASHBOARD_CACHE_SECONDS = 0
        try:
            assert cached == panels_html(client, params), when
        finally:
            settings.CACHES = caches_on
            settings.DASHBOARD_CACHE_SECONDS = 600
        return cached

    panels_html(client, params)  # fill the cache
    before = assert_fresh("warm")

    example = post(world.members["q1"], world.ownership, [world.C], "2026-03-20 10:00")
    assert assert_fresh("after a post") != before
    services.hide_content(item=example, moderator=world.manager, reason="Dubbel")
    assert_fresh("after a hide")
    services.restore_content(item=example, moderator=world.manager, reason="Toch goed")
    assert_fresh("after a restore")
    services.edit_example(
        example=example,
        editor=world.members["q1"],
        behaviour=world.transparency,
        recognised_organisations=[world.P],
    )
    assert_fresh("after an edit")
    make_comment(example, world.members["c1"])
    services.toggle_reaction(example=example, member=world.members["c1"])
    assert_fresh("after a comment and a reaction")

    world.P.name = "Partner Hernoemd"
    world.P.save()
    assert "Partner Hernoemd" in assert_fresh("after renaming an organisation")


def all_time(settings) -> tuple[list[tuple[str, int]], list[list[str]], tuple[int, int]]:
    form = DashboardFilterForm(MARCH)
    assert form.is_valid()
    review = dashboards.Review(dashboards.Dashboard(form.filters()))
    return (
        [(b.slug, b.published_count) for b in dashboards.behaviours_with_example_counts()],
        dashboards.overview().table().csv_rows(),
        review.example_counts,
    )


def test_the_behaviour_list_overview_and_review_counts_stay_equal_to_a_fresh_count(
    world: World, settings
) -> None:
    settings.DASHBOARD_CACHE_SECONDS = 600

    def fresh_all_time():
        settings.DASHBOARD_CACHE_SECONDS = 0
        try:
            return all_time(settings)
        finally:
            settings.DASHBOARD_CACHE_SECONDS = 600

    before = all_time(settings)
    assert all_time(settings) == before == fresh_all_time()

    example = post(world.members["q1"], world.ownership, [world.C], "2026-03-20 10:00")
    after_post = all_time(settings)
    assert after_post == fresh_all_time() != before
    services.hide_content(item=example, moderator=world.manager, reason="Dubbel")
    assert all_time(settings) == fresh_all_time() == before
