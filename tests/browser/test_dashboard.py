"""The dashboards in Chromium: the period filter swaps the panels and moves the URL without a
reload, the charts are drawn (and redrawn), and the review prints to an A4 PDF."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from behaviours.models import Behaviour
from partnership.models import Organisation, User
from tests.browser.conftest import PageProblems
from tests.factories import make_behaviour, make_comment, make_example, make_member

SignIn = Callable[[User], Page]

pytestmark = pytest.mark.browser


@pytest.fixture
def some_activity(
    member: User,
    partner_org: Organisation,
    client_org: Organisation,
    browser_behaviour: Behaviour,
) -> None:
    transparency = make_behaviour("transparency", name_nl="Transparantie", name_en="Transparency")
    colleague = make_member(client_org, name="Clara Client")
    for _ in range(3):
        example = make_example(member, behaviour=browser_behaviour, recognised=[client_org])
        make_comment(example, colleague)
    make_example(colleague, behaviour=transparency, recognised=[partner_org])


def chart_drawn(page: Page, name: str) -> bool:
    return bool(
        page.evaluate(
            "name => Boolean(window.Chart && Chart.getChart("
            "document.querySelector(`canvas[data-chart='${name}']`)))",
            name,
        )
    )


def test_changing_the_period_swaps_the_panels_and_the_url(
    sign_in: SignIn, member: User, some_activity: None
) -> None:
    page = sign_in(member)
    page.goto("/dashboard/")
    trends_columns = page.locator("#table-trends thead th")
    expect(trends_columns.first).to_be_visible()
    weekly = trends_columns.count()  # 90 days: about 14 weeks
    assert weekly >= 14
    expect(page.locator("#table-coverage")).to_be_visible()
    # Chart.js is fetched when the first chart comes into view; then the chart is drawn.
    page.locator("#trends-panel canvas").scroll_into_view_if_needed()
    page.wait_for_function(
        "() => window.Chart && Chart.getChart("
        "document.querySelector(\"canvas[data-chart='trends-chart-data']\"))"
    )
    assert chart_drawn(page, "trends-chart-data")
    page.evaluate("window.__dashboardMarker = true")

    page.locator("select[name=period]").select_option("365")

    expect(page).to_have_url(re.compile(r"/dashboard/\?.*period=365"))
    # 365 days: one column per month instead of per week.
    expect(trends_columns).not_to_have_count(weekly)
    assert trends_columns.count() <= 1 + 13 + 4
    assert page.evaluate("window.__dashboardMarker === true"), "the page was reloaded"
    page.wait_for_function(
        "() => Chart.getChart(document.querySelector(\"canvas[data-chart='trends-chart-data']\"))"
    )

    # The back button restores the earlier filters.
    page.go_back()
    expect(page).not_to_have_url(re.compile(r"period=365"))
    expect(page.locator("select[name=period]")).to_have_value("90")


def test_a_custom_range_waits_for_both_dates(
    sign_in: SignIn, member: User, some_activity: None
) -> None:
    page = sign_in(member)
    page.goto("/dashboard/")
    expect(page.locator("input[name=date_from]")).to_be_hidden()
    page.locator("select[name=period]").select_option("custom")
    expect(page.locator("input[name=date_from]")).to_be_visible()
    page.locator("input[name=date_from]").fill("2026-01-01")
    page.locator("input[name=date_to]").fill("2026-01-31")
    page.locator("input[name=date_to]").dispatch_event("change")
    expect(page).to_have_url(re.compile(r"date_from=2026-01-01.*date_to=2026-01-31"))
    expect(page.locator("#table-trends")).to_be_visible()


def test_the_review_prints_to_an_a4_pdf(sign_in: SignIn, member: User, some_activity: None) -> None:
    page = sign_in(member)
    page.goto("/dashboard/review/?period=90")
    expect(page.locator("#table-review")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator("header.site-header")).to_be_hidden()
    pdf = page.pdf(format="A4", print_background=False)
    assert pdf.startswith(b"%PDF")
    assert len(pdf) > 5_000


def test_a_review_with_unusable_filters_offers_the_print_button_once_they_are_fixed(
    sign_in: SignIn, member: User, some_activity: None, page_problems: PageProblems
) -> None:
    page_problems.expect(r"status of 400\b")  # the unusable filters, on purpose
    page = sign_in(member)
    page.goto("/dashboard/review/?period=custom")  # a custom range without its dates
    expect(page.locator(".filter-errors")).to_be_visible()
    page.evaluate("window.__reviewMarker = true")

    page.locator("select[name=period]").select_option("90")

    expect(page.locator("#table-review")).to_be_visible()
    assert page.evaluate("window.__reviewMarker === true"), "the page was reloaded"
    expect(page.locator("button[data-print]")).to_be_visible()
