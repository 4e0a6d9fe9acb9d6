"""Browser tests: Playwright drives Debian's Chromium against Django's live server.

Every test in this directory is marked `browser`, so `make test` leaves them out and
`make test-browser` (pytest -m browser) runs only them. Each test gets a fresh browser
context; a test fails when the page logs a JavaScript error or a Content Security Policy
violation (Chromium reports both on the console), so an inline script or style that the CSP
blocks cannot slip through.

The live server needs `transactional_db`, which empties the tables after each test: rows that
data migrations created (the four behaviours) are gone then, so tests make what they need with
tests/factories.py.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.test import override_settings
from django.urls import reverse
from playwright.sync_api import Browser, ConsoleMessage, Error, Page, expect, sync_playwright
from pytest_django.live_server_helper import LiveServer

from behaviours.models import Behaviour
from examples import services
from examples.models import Comment, Example
from partnership.models import Organisation, User
from tests.factories import make_behaviour, make_comment, make_example, make_member

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "a-long-browser-test-password"
# Long enough for a slow CI machine, short enough that a missing element fails quickly.
TIMEOUT_MS = 10_000

# Responses the application sends on purpose, which Chromium still logs as console errors:
# 422 is how an invalid HTMX form post comes back with its inline errors (see CONVENTIONS.md).
EXPECTED_CONSOLE_ERRORS = [
    re.compile(r"Failed to load resource: the server responded with a status of 422\b"),
]

HERE = Path(__file__).resolve().parent


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # tryfirst: the mark must be on the items before `-m browser` / `-m "not browser"` selects.
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def live_server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    """pytest-django's live server, started under the test settings it needs.

    The server builds its middleware once, when it starts, and that happens before the
    per-test `settings` fixture runs: SecurityMiddleware would otherwise keep redirecting
    http to https. STATIC_ROOT points at an empty directory so whitenoise does not warn;
    the live server serves static files from the finders.
    """
    addr = request.config.getvalue("liveserver") or "localhost"
    with override_settings(
        SECURE_SSL_REDIRECT=False, STATIC_ROOT=tmp_path_factory.mktemp("static_root")
    ):
        server = LiveServer(addr)
        yield server
        server.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    # Playwright's sync API runs an event loop in this thread, which makes Django refuse ORM
    # calls from the test body; the calls are synchronous anyway, so allow them, for these
    # tests only.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
            )
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


class PageProblems:
    """What went wrong inside the page: console errors (including CSP violations) and
    uncaught exceptions. A test that provokes an error on purpose calls `expect(pattern)`."""

    def __init__(self) -> None:
        self.messages: list[str] = []
        self.allowed: list[re.Pattern[str]] = list(EXPECTED_CONSOLE_ERRORS)

    def expect(self, pattern: str) -> None:
        self.allowed.append(re.compile(pattern))

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        if any(pattern.search(message.text) for pattern in self.allowed):
            return
        where = message.location.get("url") or "the page"
        self.messages.append(f"console error at {where}: {message.text}")

    def on_page_error(self, error: Error) -> None:
        self.messages.append(f"uncaught page error: {error}")


@pytest.fixture
def page_problems() -> PageProblems:
    return PageProblems()


@pytest.fixture
def page(browser: Browser, live_server: LiveServer, page_problems: PageProblems) -> Iterator[Page]:
    """A fresh browser context per test (no cookies carried over), pointed at the live server."""
    context = browser.new_context(
        base_url=live_server.url,
        locale="nl-NL",
        timezone_id="Europe/Amsterdam",
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(TIMEOUT_MS)
    new_page = context.new_page()
    new_page.on("console", page_problems.on_console)
    new_page.on("pageerror", page_problems.on_page_error)
    yield new_page
    context.close()
    assert not page_problems.messages, "the page reported problems:\n" + "\n".join(
        page_problems.messages
    )


@pytest.fixture
def browser_behaviour(transactional_db: None) -> Behaviour:
    """The ownership behaviour; the data migration's copy is flushed by earlier browser tests."""
    return make_behaviour(
        "ownership",
        name_nl="Eigenaarschap",
        name_en="Ownership",
        summary_nl="Je neemt verantwoordelijkheid voor het resultaat.",
        summary_en="You take responsibility for the outcome.",
        prompts_nl="Wat gebeurde er?\nWat deed iemand?\nWat leverde het op?",
        prompts_en="What happened?\nWhat did someone do?\nWhat did it bring?",
    )


@pytest.fixture
def member(partner_org: Organisation) -> User:
    """A partner's employee with a known password, who signs in through the real form."""
    return make_member(
        partner_org, name="Bram Browser", email="bram@datacenter.example", password=PASSWORD
    )


def answer_totp_step(page: Page, user: User) -> None:
    """Managers and admins (enrolled by the factories) answer the second step.

    With an unused recovery code: a TOTP code works once per 30 seconds, and a test may sign
    the same manager in twice within that (tests/browser/test_mfa.py signs in with TOTP).
    """
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    if "/accounts/2fa/authenticate/" in page.url:
        codes = RecoveryCodes(
            Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES)
        ).get_unused_codes()
        page.locator('input[name="code"]').fill(codes[0])
        page.locator('form:has(input[name="code"]) [type="submit"]').first.click()
        page.wait_for_url(lambda url: "/accounts/2fa/" not in url)


def fill_login_form(page: Page, email: str, password: str) -> None:
    """The sign-in page's two steps (sso/views.py): the address, then the password."""
    page.locator('input[name="login"]').fill(email)
    page.locator('form:has(input[name="login"]) [type="submit"]').click()
    page.locator('input[name="password"]').fill(password)
    page.locator('form:has(input[name="password"]) [type="submit"]').click()


@pytest.fixture
def sign_in(page: Page) -> Callable[[User], Page]:
    """`sign_in(user)`: sign in through the login form (axes is on, as in production) and
    return the page on the browse page the login redirects to."""

    def _sign_in(user: User, password: str = PASSWORD) -> Page:
        page.goto("/accounts/login/")
        fill_login_form(page, user.email, password)
        answer_totp_step(page, user)
        expect(page).to_have_url(re.compile(r"/$"))
        return page

    return _sign_in


@pytest.fixture
def signed_in_page(sign_in: Callable[[User], Page], member: User) -> Page:
    return sign_in(member)


@pytest.fixture
def browser_manager(client_org: Organisation) -> User:
    """A partnership manager (moderation permissions through the group) with a known password."""
    return make_member(
        client_org,
        name="Mona Manager",
        email="mona@energie-noord.example",
        password=PASSWORD,
        manager=True,
    )


@pytest.fixture
def browser_author(partner_org: Organisation) -> User:
    """The member whose example the flows discuss, react to and moderate."""
    return make_member(
        partner_org, name="Anna Auteur", email="anna@datacenter.example", password=PASSWORD
    )


@pytest.fixture
def sign_out(page: Page) -> Callable[[], Page]:
    """`sign_out()`: press the header's sign-out button and land on the login page."""

    def _sign_out() -> Page:
        page.locator(f'form[action="{reverse("account_logout")}"] [type="submit"]').click()
        expect(page.locator('input[name="login"]')).to_be_visible()
        return page

    return _sign_out


# Phone and desktop, the two sizes the layout is checked at.
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


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
    for _ in range(3):
        make_example(colleague, behaviour=browser_behaviour, recognised=[partner_org])
    comment = make_comment(example, colleague, "Mooi opgepakt, dank je!")
    hidden = make_example(colleague, recognised=[client_org], title="Verborgen voorbeeld")
    services.hide_content(item=hidden, moderator=manager, reason="Dubbel geplaatst")
    return Cast(author, colleague, manager, example, comment, partner_org, browser_behaviour)


@pytest.fixture
def sized_page(
    request: pytest.FixtureRequest,
    browser: Browser,
    live_server: LiveServer,
    page_problems: PageProblems,
) -> Iterator[Page]:
    size = dict(request.param)
    scheme = size.pop("color_scheme", "light")
    context = browser.new_context(
        base_url=live_server.url,
        locale="nl-NL",
        timezone_id="Europe/Amsterdam",
        viewport=size,
        color_scheme=scheme,
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.on("console", page_problems.on_console)
    page.on("pageerror", page_problems.on_page_error)
    yield page
    context.close()


def sign_in_as(page: Page, user: User) -> None:
    """Sign `user` in through the login form on `page` (for pages made by `sized_page`)."""
    page.goto(reverse("account_login"))
    fill_login_form(page, user.email, PASSWORD)
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    answer_totp_step(page, user)
