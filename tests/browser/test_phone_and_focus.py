"""On a phone the navigation and the filters fold away; after every HTMX swap the focus lands
somewhere sensible and a polite live region says what changed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from behaviours.models import Behaviour
from partnership.models import Organisation, User
from tests.browser.conftest import PHONE, Cast, sign_in_as
from tests.factories import make_behaviour, make_example

pytestmark = pytest.mark.browser

SignIn = Callable[[User], Page]


@pytest.mark.parametrize("sized_page", [PHONE], indirect=True)
def test_on_a_phone_the_menu_and_the_filters_fold_into_disclosures(
    sized_page: Page, cast: Cast
) -> None:
    page = sized_page
    sign_in_as(page, cast.author)
    page.goto(f"/?behaviour={cast.behaviour.slug}")
    about = page.locator("header nav").get_by_role("link", name="Over ons")
    expect(about).to_be_hidden()
    page.locator(".nav-menu > summary").click()
    expect(about).to_be_visible()

    # The active filters are summarised; the fields show when the disclosure opens.
    summary = page.locator(".filter-disclosure > summary")
    expect(summary).to_contain_text("Filters")
    expect(summary).to_contain_text("Eigenaarschap")
    expect(page.locator("#id_q")).to_be_hidden()
    summary.click()
    expect(page.locator("#id_q")).to_be_visible()

    # The dashboard's tables come under their charts, with captions inside the screen.
    page.goto("/dashboard/")
    chart = page.locator("#trends-panel canvas").bounding_box()
    table = page.locator("#trends-panel .table-scroll").bounding_box()
    assert chart and table and table["y"] >= chart["y"] + chart["height"]
    caption = page.locator("#caption-trends").bounding_box()
    assert caption and caption["x"] + caption["width"] <= PHONE["width"]
    scroll_area = page.locator("#trends-panel .table-scroll")
    expect(scroll_area).to_have_attribute("tabindex", "0")
    expect(scroll_area).to_have_accessible_name(page.locator("#caption-trends").inner_text())


def test_on_a_wide_screen_the_links_and_filters_show_without_a_click(
    signed_in_page: Page, browser_behaviour: Behaviour
) -> None:
    page = signed_in_page
    expect(page.locator(".nav-menu > summary")).to_be_hidden()
    expect(page.locator("header nav").get_by_role("link", name="Dashboards")).to_be_visible()
    expect(page.locator("#id_q")).to_be_visible()


def test_a_filter_change_is_announced_and_paging_moves_focus_to_the_list(
    sign_in: SignIn,
    member: User,
    browser_behaviour: Behaviour,
    partner_org: Organisation,
    settings: Any,
) -> None:
    settings.PAGE_SIZE = 2
    # The member's organisation is small: with the usual floor its examples are not counted.
    settings.PRIVACY_MIN_GROUP_SIZE = 1
    transparency = make_behaviour("transparency", name_nl="Transparantie", name_en="Transparency")
    for _ in range(3):
        make_example(member, behaviour=browser_behaviour, recognised=[partner_org])
    make_example(member, behaviour=transparency, recognised=[partner_org])
    page = sign_in(member)

    chip = page.locator(f'input[name=behaviour][value="{browser_behaviour.slug}"]')
    chip.check()
    expect(page.locator("#swap-status")).to_have_text("3 voorbeelden gevonden")
    expect(page.locator("#example-results-heading")).to_have_text("3 voorbeelden gevonden")
    # The focus stays where the member is working.
    expect(chip).to_be_focused()

    # The link that was clicked goes with the swap: the list's heading takes the focus.
    page.locator("nav.pagination a[rel=next]").click()
    expect(page.locator("#example-results-heading")).to_be_focused()


def test_focus_follows_the_toggle_and_the_new_comment(
    sign_in: SignIn, member: User, browser_author: User, browser_behaviour: Behaviour
) -> None:
    example = make_example(browser_author, behaviour=browser_behaviour)
    page = sign_in(member)
    page.goto(example.get_absolute_url())

    page.locator(".inspiring-form button").click()
    expect(page.locator(".inspiring-form button")).to_have_attribute("aria-pressed", "true")
    expect(page.locator(".inspiring-form button")).to_be_focused()

    page.locator(".comment-form textarea[name=body]").fill("Goed voorbeeld voor ons team.")
    page.locator(".comment-form [type=submit]").click()
    new_comment = page.locator("#comment-thread > li").last
    expect(new_comment).to_contain_text("Goed voorbeeld voor ons team.")
    expect(new_comment).to_be_focused()
