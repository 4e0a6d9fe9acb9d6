"""A member @mentions another with the keyboard; the other sees the bell, opens the
notification and lands on the comment."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from behaviours.models import Behaviour
from partnership.models import User
from tests.factories import make_example


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):  # type: ignore[no-untyped-def]
    # The live server runs in this process: deliveries happen in its requests, no worker needed.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def test_a_keyboard_mention_reaches_the_member_through_the_bell(
    sign_in: Callable[[User], Page],
    sign_out: Callable[[], Page],
    member: User,
    browser_author: User,
    browser_behaviour: Behaviour,
) -> None:
    example = make_example(browser_author, behaviour=browser_behaviour, title="Eerlijk gemeld")
    page = sign_in(member)
    page.goto(example.get_absolute_url())

    body = page.locator(".comment-form textarea[name=body]")
    body.focus()
    page.keyboard.type("Goed werk @Anna")
    listbox = page.get_by_role("listbox")
    option = listbox.get_by_role("option", name=re.compile("Anna Auteur"))
    expect(option).to_be_visible()
    expect(option).to_have_attribute("aria-selected", "true")
    expect(body).to_have_attribute("aria-activedescendant", re.compile(".+"))
    page.keyboard.press("Enter")
    expect(listbox).to_be_hidden()
    page.keyboard.type("dank je!")
    expect(body).to_have_value(f"Goed werk @[Anna Auteur]({browser_author.pk}) dank je!")
    page.locator(".comment-form [type=submit]").click()
    expect(page.locator(".comment-thread a.mention")).to_have_text("@Anna Auteur")
    sign_out()

    page = sign_in(browser_author)
    bell = page.locator("#bell")
    expect(bell).to_contain_text("2 ongelezen")  # the mention and the comment on her example
    bell.click()
    mention = page.locator(".notification", has_text="noemde je")
    mention.get_by_role("link", name="Eerlijk gemeld").click()
    expect(page).to_have_url(re.compile(rf"{example.get_absolute_url()}#comment-\d+$"))
    expect(page.locator(".comment-thread")).to_contain_text("dank je!")
    expect(page.locator("#bell")).to_contain_text("1 ongelezen")
