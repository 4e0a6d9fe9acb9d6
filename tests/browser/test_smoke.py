"""The shortest path through the real stack: sign in, look around, switch language, sign out."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.urls import reverse
from playwright.sync_api import Page, expect

from partnership.models import User


def test_a_member_signs_in_switches_to_english_and_signs_out(
    sign_in: Callable[[User], Page], member: User
) -> None:
    page = sign_in(member)

    # The browse page, in Dutch (the default), with the main navigation and the member's name.
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    nav = page.locator("header nav")
    expect(nav.locator(f'a[href="{reverse("examples:new")}"]')).to_be_visible()
    expect(nav.locator(f'a[href="{reverse("behaviours:list")}"]')).to_be_visible()
    expect(
        nav.locator(f'a[href="{reverse("examples:browse")}"][aria-current="page"]')
    ).to_be_visible()
    expect(page.locator(".member-bar")).to_contain_text("Bram Browser")
    # A member is no partnership manager: no moderation link.
    expect(nav.locator(f'a[href="{reverse("examples:moderation")}"]')).to_have_count(0)

    # Switch to English: the same page comes back in English.
    # One click, on a button named in its own language.
    page.locator("form.language-form").get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("link", name="Share an example")).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()

    # The choice belongs to the member: it is stored, so every device follows it.
    member.refresh_from_db()
    assert member.preferred_language == "en"

    # Sign out: back on the login page, still in English, and the private pages are closed.
    page.get_by_role("button", name="Sign out").click()
    expect(page.locator('input[name="login"]')).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))
