"""Every page, for every role, on a phone (390×844) and a desktop (1280×900).

A page fails when it scrolls sideways, when axe-core finds a WCAG 2.2 A/AA violation, or when
the console shows an error (including a Content Security Policy violation). axe-core is vendored
in tests/browser/vendor/axe-core/ and injected by the test only; users are never sent it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Page

from tests.browser.conftest import DESKTOP, PHONE, Cast, PageProblems, sign_in_as

pytestmark = pytest.mark.browser

AXE = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
UNIQUE_LANDMARKS = ["landmark-unique", "landmark-no-duplicate-main", "landmark-one-main"]


def pages_for(role: str, cast: Cast) -> list[str]:
    if role == "anonymous":
        return [reverse("account_login"), reverse("account_reset_password"), reverse("people:join")]
    example, comment = cast.example.pk, cast.comment.pk
    pages = [
        reverse("examples:browse"),
        reverse("examples:browse") + f"?behaviour={cast.behaviour.slug}&q=storing",
        reverse("examples:new"),
        reverse("examples:detail", args=[example]),
        reverse("behaviours:list"),
        reverse("behaviours:detail", args=[cast.behaviour.slug]),
        reverse("partnership:organisations"),
        reverse("partnership:organisation", args=[cast.organisation.slug]),
        reverse("partnership:member", args=[cast.author.pk]),
        reverse("behaviours:overview"),
        reverse("behaviours:dashboard"),
        reverse("behaviours:review"),
        reverse("partnership:about"),
        reverse("account_change_password"),
    ]
    if role == "author":
        pages += [
            reverse("examples:edit", args=[example]),
            reverse("examples:report_comment", args=[comment]),
        ]
    if role == "colleague":
        pages += [
            reverse("examples:edit_comment", args=[comment]),
            reverse("examples:report_example", args=[example]),
        ]
    if role == "manager":
        pages += [
            reverse("examples:moderation"),
            reverse("examples:hide_example", args=[example]),
            reverse("examples:hide_comment", args=[comment]),
            reverse("people:people", args=[cast.organisation.slug]),
            reverse("people:welcome"),
        ]
    return pages


def problems_on(page: Page, url: str) -> list[str]:
    response = page.goto(url)
    assert response is not None and response.ok, f"{url}: HTTP {response and response.status}"
    page.wait_for_load_state("load")
    found = []
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    if overflow > 0:
        wide = page.evaluate(
            """() => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right >
                             document.documentElement.clientWidth + 1)
                .filter(e => !e.closest('.table-scroll'))
                .slice(0, 3).map(e => e.tagName + '.' + e.className + '#' + e.id)"""
        )
        found.append(f"{url}: scrolls sideways by {overflow}px ({', '.join(wide)})")
    if not page.evaluate("() => window.axe !== undefined"):
        page.evaluate(AXE)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_22_AA
    )
    # Landmarks a screen reader lists must be told apart (two pagination navs on one page).
    unique = page.evaluate(
        "rules => axe.run(document, {runOnly: {type: 'rule', values: rules}})", UNIQUE_LANDMARKS
    )
    for violation in result["violations"] + unique["violations"]:
        targets = [json.dumps(node["target"]) for node in violation["nodes"][:3]]
        where = ", ".join(targets)
        found.append(f"{url}: axe {violation['id']} ({violation['impact']}) at {where}")
    return found


ROLES = ["anonymous", "author", "colleague", "manager"]


@pytest.mark.parametrize("sized_page", [PHONE, DESKTOP], ids=["phone", "desktop"], indirect=True)
@pytest.mark.parametrize("role", ROLES)
def test_every_page_fits_the_screen_and_passes_axe(
    sized_page: Page, role: str, cast: Cast, page_problems: PageProblems
) -> None:
    if role != "anonymous":
        sign_in_as(sized_page, getattr(cast, role))
    found: list[str] = []
    for url in pages_for(role, cast):
        found += problems_on(sized_page, url)
    found += page_problems.messages
    assert not found, "\n".join(found)


@pytest.mark.parametrize(
    "sized_page", [{**PHONE, "color_scheme": "dark"}], ids=["phone"], indirect=True
)
def test_every_page_passes_axe_in_dark_mode_too(
    sized_page: Page, cast: Cast, page_problems: PageProblems
) -> None:
    # Contrast is what the dark theme can break; a manager sees the most kinds of page.
    sign_in_as(sized_page, cast.manager)
    found: list[str] = []
    for url in pages_for("manager", cast):
        found += problems_on(sized_page, url)
    found += page_problems.messages
    assert not found, "\n".join(found)
