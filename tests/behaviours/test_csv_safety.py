"""No CSV download lets a spreadsheet run a name as a formula (issue 11, finding 8)."""

from __future__ import annotations

import re

import pytest

from behaviours import dashboards
from tests.behaviours.tables import parse_csv
from tests.behaviours.world import MARCH, World

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A figure as the CSV writes it: a number, maybe negative, with a decimal mark or a percent sign.
NUMBER = re.compile(r"^-?\d+([.,]\d+)?%?$")


@pytest.fixture
def hostile_names(world: World) -> World:
    world.Q.name = '=HYPERLINK("http://evil.example","Belnet")'
    world.Q.save()
    world.P.name = "-2+3 Partners"
    world.P.save()
    world.transparency.name_en = "+SUM(A1:A9)"
    world.transparency.save()
    area = world.examples["E3"].service_area
    assert area is not None
    area.name_en = "@cmd|' /C calc'!A0"
    area.save()
    world.C.name = "\tTabbed Noord"
    world.C.save()
    return world


@pytest.mark.parametrize("on_belnet", [False, True])
def test_no_csv_cell_starts_a_formula_but_negative_numbers_stay_numbers(
    hostile_names: World,
    login,
    on_belnet: bool,  # type: ignore[no-untyped-def]
) -> None:
    client = login(hostile_names.manager)
    client.cookies["django_language"] = "en"
    params = {**MARCH, "organisation": hostile_names.Q.slug} if on_belnet else MARCH
    cells: list[str] = []
    for slug in dashboards.CSV_TABLES:
        response = client.get(f"/dashboard/csv/{slug}.csv", params)
        assert response.status_code == 200, slug
        cells += [cell for row in parse_csv(response.content) for cell in row]
    dangerous = [c for c in cells if c.startswith(FORMULA_STARTS) and not NUMBER.match(c)]
    assert dangerous == []
    # The names are still there, made inert by a leading quote.
    for name in ("'=HYPERLINK", "'-2+3 Partners", "'+SUM(A1:A9)", "'@cmd", "'\tTabbed Noord"):
        assert any(c.startswith(name) for c in cells), name
    if on_belnet:
        # Belnet Telecom's transparency: one example in February, none in March.
        assert "-1" in cells and "-100%" in cells
