"""Complementary suppression: no figure a member sees gives away a small organisation's count.

In the world (tests/behaviours/world.py) Tiny Consult has 2 members, under the floor of 3. Its
own cells read "too few to show"; on top of that every count leaves out the examples its
members author, so a total minus the organisations shown is just zero, never its figure.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.test import Client

from behaviours.dashboards import Period
from examples import services
from examples.models import Example
from tests.behaviours.tables import as_dict, html_table, html_tables, parse_csv
from tests.behaviours.world import MARCH, YEAR, World, comment, post
from tests.conftest import HTMX
from tests.factories import make_member

TOO_FEW = "too few to show"
LEFT_OUT = (
    "Examples by organisations with fewer than 3 members are not counted here, "
    "so their figures cannot be worked out."
)
CSVS = ("trends", "coverage", "service-areas", "reciprocity", "pairs", "participation")
PANELS = ("trends", "coverage", "reciprocity", "participation")


def filters(world: World) -> dict[str, dict[str, str]]:
    return {
        "march": MARCH,
        "year": YEAR,
        "last 90 days": {"period": "90"},
        "ownership": {**MARCH, "behaviour": "ownership"},
        "shown organisation": {**MARCH, "organisation": world.P.slug},
        "small organisation": {**MARCH, "organisation": world.S.slug},
    }


def tables_as_text(html: str) -> dict[str, str]:
    return {
        slug: "\n".join(" | ".join(row) for row in rows) for slug, rows in html_tables(html).items()
    }


def without_tokens(html: str) -> str:
    """The page without what differs per request (CSP nonce, CSRF token)."""
    html = re.sub(r'nonce="[^"]*"', 'nonce=""', html)
    html = re.sub(r'"X-CSRFToken": "[^"]*"', '"X-CSRFToken": ""', html)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


def seen(client: Client, params: dict[str, str]) -> dict[str, str]:
    """Every table (by page), every panel fragment and every CSV a member gets, as text."""
    result: dict[str, str] = {}
    pages = {
        "dashboard": "/dashboard/",
        "review": "/dashboard/review/",
        "overview": "/overview/",
        "behaviour list": "/behaviours/",
    }
    for name, url in pages.items():
        response = client.get(url, params)
        assert response.status_code == 200, url
        html = response.content.decode()
        result[f"{name} page"] = without_tokens(html)
        for slug, text in tables_as_text(html).items():
            result[f"{name} table {slug}"] = text
    for panel in PANELS:
        response = client.get(f"/dashboard/{panel}/", params, **HTMX)
        assert response.status_code == 200, panel
        result[f"panel {panel}"] = without_tokens(response.content.decode())
    for slug in CSVS:
        response = client.get(f"/dashboard/csv/{slug}.csv", params)
        assert response.status_code == 200, slug
        result[f"csv {slug}"] = response.content.decode()
    return result


def changed(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return [key for key in before if before[key] != after[key]]


def column(rows: list[list[str]], header: str) -> list[str]:
    index = rows[0].index(header)
    return [row[index] for row in rows[1:]]


def total(cells: list[str]) -> int:
    return sum(int(cell) for cell in cells if cell != TOO_FEW)


# --- Totals are the sum over the organisations shown -------------------------------------------


@pytest.mark.parametrize("params", [MARCH, YEAR, {**MARCH, "behaviour": "ownership"}])
def test_partnership_wide_totals_equal_the_sum_over_the_organisations_shown(
    world: World, login, params
) -> None:
    client = login(world.member)
    dashboard = client.get("/dashboard/", params).content.decode()
    review = client.get("/dashboard/review/", params).content.decode()
    # What the organisations shown authored, as the participation table shows it per
    # organisation; Tiny Consult's row is "too few to show".
    participation = html_table(dashboard, "participation")
    assert column(participation, "Examples")[-1] == TOO_FEW
    shown_sum = total(column(participation, "Examples"))
    # The same from the database, and proof the small organisation did post in the period.
    period = Period(date.fromisoformat(params["date_from"]), date.fromisoformat(params["date_to"]))
    in_period = Example.objects.published().filter(
        created_at__gte=period.start, created_at__lt=period.end
    )
    if "behaviour" in params:
        in_period = in_period.filter(behaviour__slug=params["behaviour"])
    assert shown_sum == in_period.exclude(author_organisation=world.S).count()
    assert in_period.filter(author_organisation=world.S).exists()

    trends = html_table(dashboard, "trends")
    assert total(column(trends, "Total")) == shown_sum
    coverage = html_table(dashboard, "coverage")
    assert total(column(coverage, "Total")) == shown_sum
    areas = html_table(dashboard, "service-areas")
    assert sum(total(row[1:]) for row in areas[1:]) == shown_sum
    assert as_dict(html_table(review, "review"))["Published examples"]["This period"] == str(
        shown_sum
    )
    # The trends' total per behaviour also matches its coverage total.
    assert {row[0]: row for row in trends[1:]}.keys() == {
        row[0]: row for row in coverage[1:]
    }.keys()
    for trend_row, coverage_row in zip(trends[1:], coverage[1:], strict=True):
        assert trend_row[trends[0].index("Total")] == coverage_row[-1]


def test_the_overview_totals_equal_the_sum_over_the_organisations_shown(
    world: World, login
) -> None:
    overview = html_table(login(world.member).get("/overview/").content.decode(), "overview")
    header, *body = overview
    for row in body:
        assert row[header.index("Tiny Consult")] == TOO_FEW
        assert int(row[-1]) == total(row[1:-1]), row[0]
    totals = body[-1]
    shown = Example.objects.published().exclude(author_organisation=world.S).count()
    assert int(totals[-1]) == shown
    assert Example.objects.published().filter(author_organisation=world.S).exists()


# --- A small organisation's examples change nothing a member sees ------------------------------


@pytest.mark.parametrize(
    "name",
    ["march", "year", "last 90 days", "ownership", "shown organisation", "small organisation"],
)
def test_examples_by_a_small_organisation_change_no_figure_a_member_sees(
    world: World, login, name
) -> None:
    client = login(world.member)
    params = filters(world)[name]
    before = seen(client, params)
    area = world.examples["E1"].service_area
    everyone = [world.C, world.Q, world.P, world.S]
    s1, s2 = world.members["s1"], world.members["s2"]
    post(s1, world.ownership, everyone, "2026-03-03T10:00", service_area=area)
    post(s2, world.transparency, [world.C, world.Q], "2026-03-18T10:00")
    post(s2, world.transparency, [world.P], "2026-02-12T10:00")  # the previous period
    post(s1, world.ownership, [world.Q], "2026-01-05T10:00")  # last year's review
    after = seen(client, params)
    assert changed(before, after) == []


def test_comments_and_reactions_by_a_small_organisations_members_change_no_table(
    world: World, login
) -> None:
    client = login(world.member)
    before = seen(client, MARCH)
    comment(world.examples["E4"], world.members["s2"], "2026-03-12T09:00")
    services.toggle_reaction(example=world.examples["E4"], member=world.members["s1"])
    after = seen(client, MARCH)
    # Tiny Consult's contributors sit in its "too few to show" row only. The highlights (single
    # examples with their own reaction and comment counts, not a figure per organisation)
    # may now name E4, so only the tables and CSVs are compared.
    assert [key for key in changed(before, after) if "table" in key or "csv" in key] == []


@pytest.mark.parametrize("name", ["march", "year", "ownership"])
def test_an_example_by_an_organisation_shown_changes_every_table(world: World, login, name) -> None:
    client = login(world.member)
    params = filters(world)[name]
    before = seen(client, params)
    post(
        world.members["q1"],
        world.ownership,
        [world.C],
        "2026-03-18T10:00",
        service_area=world.examples["E1"].service_area,
    )
    after = seen(client, params)
    tables = [key for key in before if "table" in key or "csv" in key]
    assert len(tables) == 6 + 5 + 1 + len(CSVS)  # dashboard, review, overview, downloads
    # The control for the test above: the same kind of example from Belnet Telecom (3
    # members) moves every table and every download a member sees.
    assert [key for key in tables if before[key] == after[key]] == []


# --- The rule is said on the page, and lifts when the organisation grows ------------------------


def test_every_page_with_figures_says_small_organisations_are_left_out(world: World, login) -> None:
    client = login(world.member)
    for url in ("/dashboard/", "/dashboard/review/", "/overview/", "/behaviours/"):
        assert client.get(url, MARCH).content.decode().count(LEFT_OUT) == 1, url


def test_an_organisation_reaching_the_floor_is_counted_again_and_the_sentence_goes(
    world: World, login
) -> None:
    make_member(world.S, name="S3")
    client = login(world.member)
    html = client.get("/dashboard/", MARCH).content.decode()
    assert LEFT_OUT not in html
    # E6 by Tiny Consult counts again: ownership E1 E2 E4 E6 E10.
    trends = {row[0]: row[1:] for row in html_table(html, "trends")[1:]}
    assert trends["Ownership"][5] == "5"
    assert LEFT_OUT not in client.get("/overview/").content.decode()


def test_filtered_on_a_small_organisation_the_service_area_split_is_too_few_to_show(
    world: World, login
) -> None:
    client = login(world.member)
    params = {**MARCH, "organisation": world.S.slug}
    # Split per area, the examples involving Tiny Consult would add up to its hidden cell.
    areas = html_table(client.get("/dashboard/", params).content.decode(), "service-areas")
    assert {cell for row in areas[1:] for cell in row[1:]} == {TOO_FEW}
    csv_rows = parse_csv(client.get("/dashboard/csv/service-areas.csv", params).content)
    assert csv_rows == areas


def test_reciprocity_shows_no_number_for_a_pair_with_a_small_organisation(
    world: World, login
) -> None:
    html = login(world.member).get("/dashboard/", MARCH).content.decode()
    pairs = {row[0]: row[1:] for row in html_table(html, "pairs")[1:]}
    small_pairs = {label: cells for label, cells in pairs.items() if "Tiny Consult" in label}
    assert len(small_pairs) == 3
    assert all(cells == [TOO_FEW] * 4 for cells in small_pairs.values())
    matrix = as_dict(html_table(html, "reciprocity"))
    assert all(matrix[org]["Tiny Consult"] == TOO_FEW for org in matrix if org != "Tiny Consult")
    assert set(matrix["Tiny Consult"].values()) == {TOO_FEW, "–"}


# --- Every other page a member can reach --------------------------------------------------------


def reachable_pages(world: World) -> list[str]:
    """Every page a member can open that is about the partnership rather than one example."""
    urls = ["/", "/behaviours/", "/organisations/", "/overview/", "/about/"]
    urls += [f"/behaviours/{slug}/" for slug in ("ownership", "transparency")]
    urls += [f"/organisations/{org.slug}/" for org in (world.C, world.Q, world.P, world.S)]
    urls += [f"/members/{member.pk}/" for key, member in world.members.items() if key != "inactive"]
    urls += [f"/?behaviour=ownership&organisation={world.S.slug}", "/?q=example"]
    urls += [f"/dashboard/{panel}/" for panel in PANELS]
    return urls


def snapshot(client: Client, world: World) -> dict[str, str]:
    pages = {}
    for url in reachable_pages(world):
        response = client.get(url, **(HTMX if url.startswith("/dashboard/") else {}))
        assert response.status_code == 200, url
        pages[url] = without_tokens(response.content.decode())
    pages.update(seen(client, MARCH))
    return pages


def test_no_page_a_member_reaches_gives_a_small_organisations_number_of_members_away(
    world: World, login, settings
) -> None:  # type: ignore[no-untyped-def]
    """Tiny Consult's size is what the floor hides first: one more member changes no page."""
    client = login(world.member)
    before = snapshot(client, world)
    assert TOO_FEW in before["/organisations/"]
    assert TOO_FEW in before[f"/organisations/{world.S.slug}/"]
    settings.PRIVACY_MIN_GROUP_SIZE = 5  # Energie Noord (5) is shown, the others are not
    before = snapshot(client, world)
    make_member(world.S, name="S3 Nieuw")  # 3 members, still under the floor
    make_member(world.Q, name="Q4 Nieuw")  # 4 members, still under the floor
    after = snapshot(client, world)
    assert changed(before, after) == []


def test_the_same_change_to_an_organisation_shown_does_show(world: World, login) -> None:  # type: ignore[no-untyped-def]
    """The control for the test above: the pages do say how many members Energie Noord has."""
    client = login(world.member)
    before = snapshot(client, world)
    make_member(world.C, name="C5 Nieuw")
    after = snapshot(client, world)
    assert {"/organisations/", f"/organisations/{world.C.slug}/"} <= set(changed(before, after))


def test_the_behaviour_list_counts_equal_the_overview_totals(world: World, login) -> None:  # type: ignore[no-untyped-def]
    """The behaviour list counts as the overview does, so the two cannot be subtracted."""
    client = login(world.member)
    overview = as_dict(html_table(client.get("/overview/").content.decode(), "overview"))
    listing = client.get("/behaviours/").content.decode()
    for behaviour in ("Ownership", "Transparency"):
        count = int(overview[behaviour]["Total"])
        assert f"{count} examples" in listing or f"{count} example<" in listing, behaviour
    assert LEFT_OUT in listing
