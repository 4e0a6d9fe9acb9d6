"""The dashboards' figures against numbers worked out by hand (see tests/behaviours/world.py)."""

from __future__ import annotations

from datetime import date

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from behaviours.dashboards import (
    DashboardFilters,
    Period,
    gini,
    organisations_with_size,
    participation,
)
from examples import services
from tests.behaviours.tables import as_dict, html_table, html_tables, parse_csv
from tests.behaviours.world import MARCH, YEAR, World, at, comment, post
from tests.conftest import HTMX
from tests.factories import make_member

DASHBOARD = "/dashboard/"
TOO_FEW = "too few to show"


def get(client, url: str, params: dict[str, str] | None = None, **extra):
    return client.get(url, params or {}, **extra)


def rows(html: str, slug: str) -> dict[str, list[str]]:
    table = html_table(html, slug)
    return {row[0]: row[1:] for row in table[1:]}


# --- Period arithmetic ------------------------------------------------------------------------


def test_a_period_runs_from_midnight_to_midnight_in_amsterdam() -> None:
    period = Period(date(2026, 3, 1), date(2026, 3, 28))
    assert period.start == at("2026-03-01T00:00")
    assert period.end == at("2026-03-29T00:00")
    assert period.days == 28
    assert period.previous() == Period(date(2026, 2, 1), date(2026, 2, 28))


def test_weeks_start_on_monday_and_long_periods_use_months() -> None:
    march = Period(date(2026, 3, 1), date(2026, 3, 28))
    assert march.granularity == "week"
    assert march.buckets() == [
        date(2026, 2, 23), date(2026, 3, 2), date(2026, 3, 9), date(2026, 3, 16),
        date(2026, 3, 23),
    ]  # fmt: skip
    year = Period(date(2025, 4, 1), date(2026, 3, 31))
    assert year.granularity == "month"
    assert year.buckets()[0] == date(2025, 4, 1)
    assert year.buckets()[-1] == date(2026, 3, 1)
    assert len(year.buckets()) == 12
    assert Period(date(2026, 1, 1), date(2026, 4, 30)).granularity == "week"  # 120 days
    assert Period(date(2026, 1, 1), date(2026, 5, 1)).granularity == "month"  # 121 days


def test_gini_is_zero_for_proportional_posting_and_grows_with_concentration() -> None:
    assert gini([(1.0, 5), (1.0, 3)]) == 0
    assert gini([(0.0, 5), (0.0, 3)]) is None
    # Two organisations of equal size, one posting everything: half the maximum.
    assert gini([(2.0, 1), (0.0, 1)]) == pytest.approx(0.5)


# --- Trends -------------------------------------------------------------------------------------


def test_trends_count_per_week_in_amsterdam_time_and_compare_with_the_previous_period(
    world: World, login
) -> None:
    html = get(login(world.member), DASHBOARD, MARCH).content.decode()
    table = html_table(html, "trends")
    assert len(table[0]) == 1 + 5 + 4
    assert "23/02/2026" in table[0][1]  # British dates on English pages
    assert "23/03/2026" in table[0][5]
    trends = rows(html, "trends")
    # E1 (1 March 00:30) is in March although it is still February in UTC; E2 (Monday 2 March
    # 00:30) is in the week of 2 March although it is still Sunday in UTC. E7 is hidden.
    # E6 (week of 16 March) is by Tiny Consult, under the privacy floor: not counted, so the
    # total cannot be used to work out Tiny Consult's figure. Ownership: E1 E2 E4 E10 = 4,
    # against E8 in February = 1: +3, +300%.
    assert trends["Ownership"] == ["1", "1", "1", "0", "1", "4", "1", "3", "300%"]
    assert trends["Transparency"] == ["0", "0", "1", "1", "0", "2", "1", "1", "100%"]


def test_trends_switch_to_months_for_a_year_with_the_month_boundary_in_amsterdam(
    world: World, login
) -> None:
    html = get(login(world.member), DASHBOARD, YEAR).content.decode()
    table = html_table(html, "trends")
    assert table[0][1] == "April 2025"
    assert table[0][12] == "March 2026"
    trends = rows(html, "trends")
    # March has E1 (1 March 00:30, February in UTC) but not E11 (1 April 00:30, March in UTC).
    # Ownership in March: E1 E2 E4 E10 = 4 (E6 by the small Tiny Consult does not count).
    assert trends["Ownership"] == ["0"] * 10 + ["1", "4", "5", "0", "5", "–"]
    assert trends["Transparency"] == ["0"] * 10 + ["1", "2", "3", "0", "3", "–"]


def test_trends_for_one_organisation_count_the_examples_involving_it(world: World, login) -> None:
    params = {**MARCH, "organisation": world.P.slug}
    trends = rows(get(login(world.member), DASHBOARD, params).content.decode(), "trends")
    assert trends["Ownership"] == ["1", "1", "0", "0", "1", "3", "1", "2", "200%"]
    assert trends["Transparency"] == ["0", "0", "1", "1", "0", "2", "0", "2", "–"]


def test_trends_for_one_behaviour_show_only_that_behaviour(world: World, login) -> None:
    params = {**MARCH, "behaviour": "transparency"}
    trends = rows(get(login(world.member), DASHBOARD, params).content.decode(), "trends")
    assert list(trends) == ["Transparency"]


# --- Coverage ----------------------------------------------------------------------------------


def test_coverage_counts_examples_involving_each_organisation_and_names_the_gaps(
    world: World, login
) -> None:
    html = get(login(world.member), DASHBOARD, MARCH).content.decode()
    coverage = as_dict(html_table(html, "coverage"))
    # E6 (Tiny Consult → Energie Noord) is by an organisation under the floor: not counted.
    assert coverage["Ownership"] == {
        "Energie Noord": "4",  # E1 E2 E4 E10
        "Belnet Telecom": "1",
        "DataCenter Partners": "3",  # E10 posted by and recognising P counts once
        "Tiny Consult": TOO_FEW,
        "Total": "4",
    }
    assert coverage["Transparency"] == {
        "Energie Noord": "1",
        "Belnet Telecom": "0",
        "DataCenter Partners": "2",
        "Tiny Consult": TOO_FEW,
        "Total": "2",
    }
    assert html.count("No examples of ") == 1
    assert (
        "No examples of transparency involving Belnet Telecom between 1 March 2026 and "
        "28 March 2026." in html
    )


def test_coverage_per_service_area(world: World, login) -> None:
    html = get(login(world.member), DASHBOARD, MARCH).content.decode()
    areas = as_dict(html_table(html, "service-areas"))
    # No service area: E4 and E10 (E6 is by the small Tiny Consult and does not count).
    assert areas["Ownership"] == {"Datacentre": "1", "Telephony": "1", "No service area": "2"}
    # The hidden E7 (datacentre) does not count.
    assert areas["Transparency"] == {"Datacentre": "1", "Telephony": "0", "No service area": "1"}


def test_gaps_for_a_preset_period_say_the_last_n_days(world: World, login) -> None:
    html = get(login(world.member), DASHBOARD, {"period": "30"}).content.decode()
    assert "involving Belnet Telecom in the last 30 days." in html


# --- Reciprocity -------------------------------------------------------------------------------


def test_reciprocity_matrix_counts_who_recognises_whom(world: World, login) -> None:
    html = get(login(world.member), DASHBOARD, MARCH).content.decode()
    matrix = as_dict(html_table(html, "reciprocity"))
    assert matrix["Energie Noord"] == {
        "Energie Noord": "–",
        "Belnet Telecom": "1",
        "DataCenter Partners": "2",
        "Tiny Consult": TOO_FEW,
    }
    assert matrix["Belnet Telecom"] == {
        "Energie Noord": "0",
        "Belnet Telecom": "–",
        "DataCenter Partners": "0",
        "Tiny Consult": TOO_FEW,
    }
    # E5 and E10 recognising their own organisation are not part of a pair; E7 is hidden.
    assert matrix["DataCenter Partners"] == {
        "Energie Noord": "2",
        "Belnet Telecom": "0",
        "DataCenter Partners": "–",
        "Tiny Consult": TOO_FEW,
    }
    assert matrix["Tiny Consult"] == {
        "Energie Noord": TOO_FEW,
        "Belnet Telecom": TOO_FEW,
        "DataCenter Partners": TOO_FEW,
        "Tiny Consult": "–",
    }


def test_reciprocity_index_per_pair_flags_one_way_pairs(world: World, login) -> None:
    html = get(login(world.member), DASHBOARD, MARCH).content.decode()
    pairs = rows(html, "pairs")
    assert list(pairs)[:3] == [
        "Energie Noord ↔ Belnet Telecom",
        "Energie Noord ↔ DataCenter Partners",
        "Belnet Telecom ↔ DataCenter Partners",
    ]
    assert pairs["Energie Noord ↔ Belnet Telecom"] == [
        "1",
        "0",
        "0.00",
        "One-way: Energie Noord recognises Belnet Telecom, never the other way round.",
    ]
    assert pairs["Energie Noord ↔ DataCenter Partners"] == ["2", "2", "1.00", "Both ways."]
    assert pairs["Belnet Telecom ↔ DataCenter Partners"] == [
        "0",
        "0",
        "–",
        "No recognition either way yet.",
    ]
    assert pairs["Energie Noord ↔ Tiny Consult"] == [TOO_FEW] * 4
    assert 'class="row-one-way"' in html


def test_reciprocity_per_behaviour(world: World, login) -> None:
    params = {**MARCH, "behaviour": "transparency"}
    pairs = rows(get(login(world.member), DASHBOARD, params).content.decode(), "pairs")
    # Only E3 (C → P); the hidden E7 (P → C) would have made it mutual.
    assert pairs["Energie Noord ↔ DataCenter Partners"][:3] == ["1", "0", "0.00"]
    assert pairs["Energie Noord ↔ Belnet Telecom"][:3] == ["0", "0", "–"]


# --- Participation ----------------------------------------------------------------------------


def test_participation_per_organisation(world: World, login) -> None:
    html = get(login(world.member), DASHBOARD, MARCH).content.decode()
    table = rows(html, "participation")
    # C: c1 c2 c3 posted, c4 commented; the manager's comments (on a hidden example, and
    # hidden) do not count; the inactive member is not a member. Shares among C, Q and P.
    assert table["Energie Noord"] == ["5", "4", "80%", "3", "50.0%", "45.5%", "active"]
    assert table["Belnet Telecom"] == ["3", "0", "0%", "0", "0.0%", "27.3%", "silent"]
    assert table["DataCenter Partners"] == ["3", "3", "100%", "3", "50.0%", "27.3%", "active"]
    assert table["Tiny Consult"] == [TOO_FEW] * 7


def test_participation_balance_and_silent_organisations(world: World, login) -> None:
    html = get(login(world.member), DASHBOARD, MARCH).content.decode()
    # Among the organisations shown only (S, under the floor, would move the figure with its
    # examples): per member C 3/5, P 3/3, Q 0/3, weights 5, 3, 3, mean 6/11; the weighted
    # differences 2 × (15 × 0.4 + 15 × 0.6 + 9 × 1) = 48 over 2 × 11² × 6/11 = 132: 4/11.
    assert "Balance (Gini coefficient): 0.36." in html
    assert "closer to 1, the more the examples come from a few organisations" in html
    assert "No post or comment for 6 weeks or more:\n      Belnet Telecom." in html


def test_gini_and_silence_from_the_panel_function(world: World) -> None:
    filters = DashboardFilters(Period(date(2026, 3, 1), date(2026, 3, 28)))
    panel = participation(filters, organisations_with_size())
    assert panel.gini == pytest.approx(4 / 11)  # worked out in the test above
    assert [o.name for o in panel.silent_organisations] == ["Belnet Telecom"]


def test_an_organisation_is_no_longer_silent_after_a_recent_comment(
    world: World, login, settings
) -> None:
    comment(world.examples["E3"], world.members["q3"], "2026-03-20T09:00")
    table = rows(get(login(world.member), DASHBOARD, MARCH).content.decode(), "participation")
    assert table["Belnet Telecom"][:2] == ["3", "1"]
    assert table["Belnet Telecom"][-1] == "active"


def test_the_silent_threshold_is_a_setting(world: World, login, settings) -> None:
    settings.DASHBOARD_SILENT_WEEKS = 8  # Q's last activity (11 Feb) is 6.6 weeks before 29 Mar
    table = rows(get(login(world.member), DASHBOARD, MARCH).content.decode(), "participation")
    assert table["Belnet Telecom"][-1] == "active"


def test_an_organisation_reaching_the_privacy_floor_shows_its_figures(world: World, login) -> None:
    make_member(world.S, name="S3")
    table = rows(get(login(world.member), DASHBOARD, MARCH).content.decode(), "participation")
    assert table["Tiny Consult"][:4] == ["3", "1", "33%", "1"]


# --- Highlights ------------------------------------------------------------------------------


def test_highlights_name_the_most_inspiring_and_most_discussed_per_behaviour(
    world: World, login
) -> None:
    response = get(login(world.member), "/dashboard/highlights/", MARCH, **HTMX)
    html = response.content.decode()
    e = world.examples
    assert html.count(e["E3"].title) == 2  # most inspiring and most discussed transparency
    assert html.count(e["E1"].title) == 1  # most inspiring ownership
    assert html.count(e["E2"].title) == 1  # most discussed ownership
    assert e["E7"].title not in html
    assert e["E4"].title not in html  # no reactions, no comments


# --- Hidden content, privacy and moderation ----------------------------------------------------


def test_hidden_content_never_reaches_the_page_the_review_or_a_csv(world: World, login) -> None:
    client = login(world.manager)
    title = world.examples["E7"].title
    assert title not in get(client, DASHBOARD, MARCH).content.decode()
    assert title not in get(client, "/dashboard/review/", MARCH).content.decode()


def test_the_page_explains_the_privacy_floor(world: World, login) -> None:
    html = get(login(world.member), DASHBOARD, MARCH).content.decode()
    assert "fewer than 3 members are shown as “too few to show”" in html
    assert "works council and the GDPR" in html


def test_a_too_small_organisation_as_filter_shows_no_trend_numbers(world: World, login) -> None:
    params = {**MARCH, "organisation": world.S.slug}
    html = get(login(world.member), DASHBOARD, params).content.decode()
    assert "too few members to show its figures" in html
    assert "trends" not in html_tables(html)
    assert rows(html, "participation") == {"Tiny Consult": [TOO_FEW] * 7}


def test_moderation_figures_are_for_managers(world: World, login) -> None:
    html = get(login(world.manager), DASHBOARD, MARCH).content.decode()
    assert rows(html, "moderation") == {
        "Open reports": ["1"],
        "Examples hidden in the period": ["1"],
        "Comments hidden in the period": ["1"],
    }


def test_members_see_no_moderation_figures(world: World, login) -> None:
    client = login(world.member)
    html = get(client, DASHBOARD, MARCH).content.decode()
    assert "moderation" not in html_tables(html)
    assert "Open reports" not in html
    assert get(client, "/dashboard/moderation/", MARCH, **HTMX).status_code == 403
    assert get(client, "/dashboard/csv/moderation.csv", MARCH).status_code == 404
    assert "Open reports" not in get(client, "/dashboard/review/", MARCH).content.decode()


# --- The review -----------------------------------------------------------------------------


def test_the_review_compares_with_the_previous_period(world: World, login) -> None:
    html = get(login(world.manager), "/dashboard/review/", MARCH).content.decode()
    review = rows(html, "review")
    # March: E1 E2 E3 E4 E5 E10 (E6 is by the small Tiny Consult, E7 hidden); February: E8 E9.
    assert review["Published examples"] == ["6", "2", "4"]
    assert review["Active contributors (organisations shown)"] == ["7", "3", "4"]
    assert review["Gaps (behaviour × organisation without examples)"] == ["1", "2", "-1"]
    assert review["One-way pairs"] == ["1", "2", "-1"]
    # March 4/11 (see the balance test). February among C, Q, P: per member 1/5, 1/3, 0,
    # mean 2/11; 2 × (15 × 2/15 + 15 × 1/5 + 9 × 1/3) = 16 over 2 × 11² × 2/11 = 44: 4/11.
    assert review["Participation balance (Gini)"] == ["0.36", "0.36", "0.00"]
    # Everything else is on it too: gaps, one-way pairs, highlights, moderation, print CSS.
    assert "No examples of transparency involving Belnet Telecom" in html
    assert "One-way: Energie Noord recognises Belnet Telecom" in html
    assert world.examples["E3"].title in html
    assert "moderation" in html_tables(html)
    assert 'href="/static/css/print.css" media="print"' in html
    assert "<form" not in html.split('id="main"')[1].split("</main>")[0]


def test_the_review_with_bad_filters_is_a_400(world: World, login) -> None:
    response = get(login(world.member), "/dashboard/review/", {"period": "7"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


# --- Filters ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"period": "7"}, "Select a valid choice"),
        ({"period": "custom"}, "Choose the first day of the range."),
        ({"period": "custom", "date_from": "2026-03-01"}, "Choose the last day of the range."),
        (
            {"period": "custom", "date_from": "2026-03-10", "date_to": "2026-03-01"},
            "The last day must not come before the first.",
        ),
        ({"period": "custom", "date_from": "soon", "date_to": "2026-03-01"}, "Enter a valid date"),
        (
            {"period": "custom", "date_from": "0001-01-01", "date_to": "0001-01-02"},
            "Choose a first day in this century.",
        ),
        (
            {"period": "custom", "date_from": "2000-01-01", "date_to": "2026-03-01"},
            "Choose a range of at most ten years.",
        ),
        (
            {"period": "custom", "date_from": "9999-12-30", "date_to": "9999-12-31"},
            "Choose a last day within the next year.",
        ),
        ({"organisation": "nope"}, "Select a valid choice"),
        ({"behaviour": "<script>"}, "Select a valid choice"),
        ({"period": "x" * 5000}, "Select a valid choice"),
    ],
)
def test_bad_filters_answer_400_with_the_form_errors(world: World, login, params, message) -> None:
    client = login(world.member)
    response = get(client, DASHBOARD, params)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "<script>" not in response.content.decode().split("<main")[1]
    assert get(client, "/dashboard/csv/trends.csv", params).status_code == 400


def test_bad_filters_in_an_htmx_swap_answer_422_with_the_errors(world: World, login) -> None:
    response = get(login(world.member), DASHBOARD, {"period": "custom"}, **HTMX)
    assert response.status_code == 422
    html = response.content.decode()
    assert "Choose the first day of the range." in html
    assert "<html" not in html


def test_without_filters_the_last_90_days_are_shown(world: World, login) -> None:
    html = get(login(world.member), DASHBOARD).content.decode()
    assert '<option value="90" selected>' in html
    assert "Showing the last 90 days" in html


# --- HTMX fragments ----------------------------------------------------------------------------


def test_the_dashboard_as_htmx_swap_returns_only_the_panels(world: World, login) -> None:
    response = get(login(world.member), DASHBOARD, MARCH, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert html.lstrip().startswith('<div id="dashboard-panels"')
    assert "data-dashboard-filters" not in html
    assert response["Vary"] and "HX-Request" in response["Vary"]


@pytest.mark.parametrize(
    "panel", ["trends", "coverage", "reciprocity", "participation", "highlights"]
)
def test_each_panel_comes_alone_as_an_htmx_fragment(world: World, login, panel) -> None:
    response = get(login(world.member), f"/dashboard/{panel}/", MARCH, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert html.lstrip().startswith(f'<section class="panel" id="{panel}-panel"')
    others = {"trends", "coverage", "reciprocity", "participation", "highlights"} - {panel}
    assert not any(f'id="{other}-panel"' in html for other in others)


def test_a_panel_url_without_htmx_leads_to_the_dashboard_at_that_panel(world: World, login) -> None:
    response = get(login(world.member), "/dashboard/coverage/", MARCH)
    assert response.status_code == 302
    assert response["Location"].startswith("/dashboard/?period=custom")
    assert response["Location"].endswith("#coverage-panel")


def test_an_unknown_panel_or_table_is_a_404(world: World, login) -> None:
    client = login(world.member)
    assert get(client, "/dashboard/leaderboard/", **HTMX).status_code == 404
    assert get(client, "/dashboard/csv/leaderboard.csv").status_code == 404


def test_the_dashboard_needs_a_signed_in_member(client) -> None:
    response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


# --- CSV ---------------------------------------------------------------------------------------

TABLES = ["trends", "coverage", "service-areas", "reciprocity", "pairs", "participation"]


def test_every_csv_parses_back_to_the_numbers_of_its_table(world: World, login) -> None:
    client = login(world.manager)
    tables = html_tables(get(client, DASHBOARD, MARCH).content.decode())
    for slug in [*TABLES, "moderation"]:
        response = get(client, f"/dashboard/csv/{slug}.csv", MARCH)
        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert f'filename="{slug}-20260301-20260328.csv"' in response["Content-Disposition"]
        assert response.content.startswith(b"\xef\xbb\xbf")
        assert parse_csv(response.content) == tables[slug], slug


def test_the_csv_keeps_the_privacy_floor(world: World, login) -> None:
    response = get(login(world.member), "/dashboard/csv/participation.csv", MARCH)
    rows_ = {row[0]: row[1:] for row in parse_csv(response.content)}
    assert rows_["Tiny Consult"] == [TOO_FEW] * 7


def test_the_csv_for_a_dutch_member_uses_semicolons_and_decimal_commas(world: World, login) -> None:
    member = world.member
    member.preferred_language = "nl"
    member.save(update_fields=["preferred_language"])
    client = login(member)
    response = get(client, "/dashboard/csv/participation.csv", MARCH)
    parsed = parse_csv(response.content, delimiter=";")
    html_rows = html_table(get(client, DASHBOARD, MARCH).content.decode(), "participation")
    assert parsed == html_rows
    assert {row[0]: row for row in parsed}["Energie Noord"][5] == "50,0%"


# --- Query budgets -----------------------------------------------------------------------------


def grow(world: World, n: int) -> None:
    """More examples, comments and reactions in the period, from every organisation."""
    authors = [world.members[k] for k in ("c1", "c2", "p1", "p2", "q1", "s1")]
    for i in range(n):
        author = authors[i % len(authors)]
        behaviour = world.ownership if i % 2 else world.transparency
        example = post(
            author, behaviour, [world.C, world.P, world.Q], f"2026-03-{1 + i % 27:02d}T12:00"
        )
        comment(example, world.members["c3"], f"2026-03-{1 + i % 27:02d}T13:00")

        services.toggle_reaction(example=example, member=world.members["p3"])


def count_queries(client, url: str, params: dict[str, str], **extra) -> int:
    for alias in settings.CACHES:  # cold: every figure is computed
        caches[alias].clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params, **extra)
    assert response.status_code == 200, url
    return len(queries)


# Session, member and permission look-ups included; the numbers are the page's whole budget.
# Cold cache: each figure computed (the +1 is the figures-version look-up).
PAGES = [
    ("/dashboard/", {}, 27),  # with the bell's unread count
    ("/dashboard/", HTMX, 24),
    ("/dashboard/trends/", HTMX, 9),
    ("/dashboard/coverage/", HTMX, 13),
    ("/dashboard/reciprocity/", HTMX, 7),
    ("/dashboard/participation/", HTMX, 9),
    ("/dashboard/highlights/", HTMX, 8),
    ("/dashboard/moderation/", HTMX, 8),
    ("/dashboard/review/", {}, 36),  # with the bell
    ("/dashboard/csv/coverage.csv", {}, 13),
]


def test_query_counts_do_not_grow_with_the_data(world: World, login) -> None:
    client = login(world.manager)
    small = {
        (url, bool(extra)): count_queries(client, url, MARCH, **extra) for url, extra, _ in PAGES
    }
    grow(world, 40)
    large = {
        (url, bool(extra)): count_queries(client, url, MARCH, **extra) for url, extra, _ in PAGES
    }
    assert small == large
    for url, extra, budget in PAGES:
        assert large[(url, bool(extra))] <= budget, (url, large[(url, bool(extra))])


def test_the_dashboard_after_growth_still_adds_up(world: World, login) -> None:
    grow(world, 12)
    html = get(login(world.member), DASHBOARD, MARCH).content.decode()
    trends = rows(html, "trends")
    # grow() posts ownership for odd i: 6, two of them (i = 5, 11) by s1 of the small Tiny
    # Consult, which do not count; transparency for even i: 6, none by s1.
    assert trends["Ownership"][5] == str(4 + 4)
    assert trends["Transparency"][5] == str(2 + 6)
    assert reverse("behaviours:dashboard") == DASHBOARD
