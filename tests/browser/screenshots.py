"""`make screenshots`: PNGs of the main pages at phone and desktop width, in Dutch and English.

Not a test of its own (the file name keeps it out of the suite's collection); it reuses the
browser tests' fixtures and data. The PNGs go to screenshots/ (git-ignored) for a reviewer.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Page

from tests.browser.conftest import DESKTOP, PHONE, Cast, sign_in_as
from tests.browser.test_every_page import pages_for

pytestmark = pytest.mark.browser

OUT = Path(__file__).resolve().parents[2] / "screenshots"


def _name(url: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", url.lower()).strip("-") or "home"


@pytest.mark.parametrize("sized_page", [PHONE, DESKTOP], ids=["phone", "desktop"], indirect=True)
@pytest.mark.parametrize("role", ["anonymous", "author", "manager"])
@pytest.mark.parametrize("language", ["nl", "en"])
def test_screenshots(sized_page: Page, role: str, language: str, cast: Cast) -> None:
    width = sized_page.viewport_size["width"] if sized_page.viewport_size else 0
    if role != "anonymous":
        user = getattr(cast, role)
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
        sign_in_as(sized_page, user)
    elif language == "en":
        sized_page.goto(reverse("account_login"))
        sized_page.locator("form.language-form").get_by_role("button", name="English").click()
    OUT.mkdir(exist_ok=True)
    for url in pages_for(role, cast):
        sized_page.goto(url)
        sized_page.wait_for_load_state("load")
        path = OUT / f"{width}-{language}-{role}-{_name(url)}.png"
        sized_page.screenshot(path=str(path), full_page=True)
