"""Every page, for every role, on a phone (390×844) and a desktop (1280×900).

A page fails when it scrolls sideways, when axe-core finds a WCAG 2.2 A/AA violation, or when
the console shows an error (including a Content Security Policy violation). axe-core is vendored
in tests/browser/vendor/axe-core/ and injected by the test only; users are never sent it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page
from pytest_django.live_server_helper import LiveServer

from behaviours.models import Behaviour
from examples import services
from examples.models import Comment, Example
from partnership.models import Organisation, User
from tests.browser.conftest import CHROMIUM_ARGS, PASSWORD, TIMEOUT_MS, PageProblems
from tests.factories import make_behaviour, make_comment, make_example, make_member

pytestmark = pytest.mark.browser

AXE = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

assert CHROMIUM_ARGS  # the same browser the conftest launches


@dataclass
class Cast:
    author: User
    colleague: User
    manager: User
    example: Example
    comment: Comment
    organisation: Organisation
    behaviour: Behaviour


@pytest.fixture
def cast(browser_behaviour: Behaviour, partner_org: Organisation, client_org: Organisation) -> Cast:
    for slug, nl, en in [
        ("transparency", "Transparantie", "Transparency"),
        ("proactivity", "Proactiviteit", "Proactivity"),
        ("feedback", "Feedback geven", "Giving feedback"),
    ]:
        make_behaviour(slug, name_nl=nl, name_en=en)
    author = make_member(
        partner_org, name="Anna Auteur", email="anna@datacenter.example", password=PASSWORD
    )
    colleague = make_member(
        client_org, name="Clara Client", email="clara@energie-noord.example", password=PASSWORD
    )
    manager = make_member(
        client_org,
        name="Mona Manager",
        email="mona@energie-noord.example",
        password=PASSWORD,
        manager=True,
    )
    example = make_example(
        author,
        behaviour=browser_behaviour,
        recognised=[client_org, partner_org],
        title="Storing op zaterdag opgepakt",
        what_happened="Een **lange** uitleg van wat er gebeurde. " * 20,
    )
    for n in range(3):
        make_example(colleague, behaviour=browser_behaviour, recognised=[partner_org])
    comment = make_comment(example, colleague, "Mooi opgepakt, dank je!")
    hidden = make_example(colleague, recognised=[client_org], title="Verborgen voorbeeld")
    services.hide_content(item=hidden, moderator=manager, reason="Dubbel geplaatst")
    return Cast(author, colleague, manager, example, comment, partner_org, browser_behaviour)


def pages_for(role: str, cast: Cast) -> list[str]:
    if role == "anonymous":
        return [reverse("login"), reverse("password_reset")]
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
        reverse("password_change"),
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
        ]
    return pages


@pytest.fixture
def sized_page(
    request: pytest.FixtureRequest,
    browser: Browser,
    live_server: LiveServer,
    page_problems: PageProblems,
) -> Iterator[Page]:
    context = browser.new_context(
        base_url=live_server.url,
        locale="nl-NL",
        timezone_id="Europe/Amsterdam",
        viewport=request.param,
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.on("console", page_problems.on_console)
    page.on("pageerror", page_problems.on_page_error)
    yield page
    context.close()


def sign_in(page: Page, user: User) -> None:
    page.goto(reverse("login"))
    page.locator('input[name="username"]').fill(user.email)
    page.locator('input[name="password"]').fill(PASSWORD)
    page.locator('form:has(input[name="password"]) [type="submit"]').click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


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
                .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
                .filter(e => !e.closest('.table-scroll'))
                .slice(0, 3).map(e => e.tagName + '.' + e.className + '#' + e.id)"""
        )
        found.append(f"{url}: scrolls sideways by {overflow}px ({', '.join(wide)})")
    if not page.evaluate("() => window.axe !== undefined"):
        page.evaluate(AXE)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_22_AA
    )
    for violation in result["violations"]:
        targets = [json.dumps(node["target"]) for node in violation["nodes"][:3]]
        found.append(f"{url}: axe {violation['id']} ({violation['impact']}) at {', '.join(targets)}")
    return found


ROLES = ["anonymous", "author", "colleague", "manager"]


@pytest.mark.parametrize("sized_page", [PHONE, DESKTOP], ids=["phone", "desktop"], indirect=True)
@pytest.mark.parametrize("role", ROLES)
def test_every_page_fits_the_screen_and_passes_axe(
    sized_page: Page, role: str, cast: Cast, page_problems: PageProblems
) -> None:
    if role != "anonymous":
        sign_in(sized_page, getattr(cast, role))
    found: list[str] = []
    for url in pages_for(role, cast):
        found += problems_on(sized_page, url)
    found += page_problems.messages
    assert not found, "\n".join(found)
