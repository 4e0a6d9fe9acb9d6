"""The nastiest stored payloads, rendered in Chromium: nothing runs, nothing loads.

An example's title, story and impact and a comment hold script tags, event handlers, SVG,
`javascript:` links, `hx-*` attributes, iframe srcdoc, CSS expressions, a base tag and Unicode
tricks. The browse list, a search, the detail page, both profiles and the organisation page
are opened and the user content is hovered and focused. The browser records every dialog,
every Content Security Policy violation event, every uncaught error (the page fixture) and
every request: zero dialogs, zero violations, zero requests outside the live server, and no
request the injected `hx-*` attributes would have made.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from playwright.sync_api import Dialog, Page, Request

from behaviours.models import Behaviour
from partnership.models import Organisation, User
from tests.browser.conftest import PageProblems
from tests.factories import make_comment, make_example

SignIn = Callable[[User], Page]

# Requests the payloads ask for; none may happen.
TRAP_PATHS = ("/moderation/", "/xss", "/steal", "/hide/", "/inspiring/")
EVIL = "https://evil.example"

PAYLOADS = [
    "<script>alert('script')</script>",
    "<img src=x onerror=alert('img')>",
    "<svg onload=alert('svg')><circle r=1></svg>",
    "<svg><script>alert('svg-script')</script></svg>",
    "<iframe srcdoc=\"<script>parent.alert('srcdoc')</script>\"></iframe>",
    "<iframe src=javascript:alert('iframe')></iframe>",
    "<a href=\"javascript:alert('link')\">click</a>",
    "[markdown link](javascript:alert('md'))",
    "[entity link](jav&#x09;ascript:alert('entity'))",
    "![image](data:image/svg+xml,<svg onload=alert('data')>)",
    f"![tracker]({EVIL}/pixel.png)",
    f"<img src={EVIL}/img.png>",
    f'<link rel=stylesheet href="{EVIL}/x.css">',
    f"<base href={EVIL}/>",
    f'<form action="{EVIL}/steal"><button>Go</button></form>',
    '<div hx-get="/moderation/" hx-trigger="load" hx-target="body">hx</div>',
    '<div data-hx-post="/examples/1/hide/" data-hx-trigger="load">data-hx</div>',
    "<a href=/xss hx-get=/xss hx-trigger=mouseover>hover</a>",
    '<button hx-post="/examples/1/inspiring/" hx-trigger="load">x</button>',
    "<div hx-on:click=\"alert('hx-on')\">hx-on</div>",
    '<span hx-swap-oob="true" id="comment-count">oob</span>',
    "<div style=\"width:expression(alert('css'))\">css</div>",
    "<style>body{background:url(javascript:alert('style'))}</style>",
    "<details open ontoggle=alert('toggle')>d</details>",
    "<input autofocus onfocus=alert('focus')>",
    "<a href=x onmouseover=alert('over')>over me</a>",
    "<meta http-equiv=refresh content=\"0;url=javascript:alert('meta')\">",
    "<object data=javascript:alert('object')></object>",
    "<embed src=javascript:alert('embed')>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert('math')>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert('noscript')>\">",
    "\u202egnp.exe\u202c ＜script＞alert('fullwidth')＜/script＞ \u200b<scr\u200bipt>",
    "{{ request.user.password }} {% debug %}",
    "</textarea><script>alert('textarea')</script>",
    "\"><script>alert('attr')</script>",
]
STORY = "\n\n".join(PAYLOADS)
TITLE = "<script>alert('title')</script><img src=x onerror=alert('title-img')> hx-get=/xss"


@pytest.fixture
def hostile_content(
    browser_author: User,
    member: User,
    browser_behaviour: Behaviour,
    partner_org: Organisation,
) -> dict[str, str]:
    example = make_example(
        browser_author,
        title=TITLE,
        what_happened=STORY,
        partnership_impact=STORY[::-1] + "\n\n" + STORY,
        behaviour=browser_behaviour,
        recognised=[partner_org],
    )
    make_comment(example, member, body=STORY[:4900])
    return {
        "browse": reverse("examples:browse"),
        "search": reverse("examples:browse") + "?q=alert",
        "detail": example.get_absolute_url(),
        "author": browser_author.get_absolute_url(),
        "commenter": member.get_absolute_url(),
        "organisation": partner_org.get_absolute_url(),
    }


class Recorder:
    def __init__(self, origin: str) -> None:
        self.origin = origin
        self.dialogs: list[str] = []
        self.foreign: list[str] = []
        self.trapped: list[str] = []

    def on_dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def on_request(self, request: Request) -> None:
        url = request.url
        if url.startswith("data:"):
            self.foreign.append(url[:80])  # the allow-list never lets a data: URL through
        elif not url.startswith(self.origin):
            self.foreign.append(url)
        elif urlsplit(url).path.endswith(TRAP_PATHS):
            self.trapped.append(f"{request.method} {url}")


# Runs before any page script and is not subject to the page's CSP (Playwright injects it).
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


def test_stored_payloads_run_nothing_and_load_nothing_from_elsewhere(
    sign_in: SignIn,
    member: User,
    hostile_content: dict[str, str],
    live_server,
    page_problems: PageProblems,
) -> None:
    page = sign_in(member)
    recorder = Recorder(live_server.url)
    page.on("dialog", recorder.on_dialog)
    page.on("request", recorder.on_request)
    page.context.add_init_script(CSP_LISTENER)

    violations: dict[str, list[str]] = {}
    for name, path in hostile_content.items():
        page.goto(path)
        page.wait_for_load_state("networkidle")
        # Give mouse and focus handlers their chance, as a curious reader would.
        contents = page.locator(".user-content a, .user-content p, .user-content div")
        for index in range(min(contents.count(), 25)):
            item = contents.nth(index)
            if item.is_visible():
                item.hover()
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        page.wait_for_timeout(300)
        violations[name] = page.evaluate("window.__cspViolations")
        assert isinstance(violations[name], list), "the violation listener is not installed"

    # Control: an inline script the page did not nonce is blocked, and the recorder sees it.
    page_problems.expect("Content Security Policy")
    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'alert(1)'; document.body.append(s); }"
    )
    page.wait_for_timeout(300)
    assert len(page.evaluate("window.__cspViolations")) == 1, "the control violation was missed"

    assert recorder.dialogs == [], f"dialogs: {len(recorder.dialogs)} {recorder.dialogs}"
    found = {name: events for name, events in violations.items() if events}
    assert found == {}, f"CSP violations: {sum(map(len, found.values()))} {found}"
    assert recorder.foreign == [], f"requests elsewhere: {len(recorder.foreign)} {recorder.foreign}"
    assert recorder.trapped == [], f"requests the payloads asked for: {recorder.trapped}"


def test_the_payloads_are_shown_as_text(
    sign_in: SignIn, member: User, hostile_content: dict[str, str]
) -> None:
    page = sign_in(member)
    page.goto(hostile_content["detail"])
    # The title and the comment are text, visibly so; the story's raw tags are text too.
    assert page.locator("h1#example-title").inner_text() == TITLE
    comment = page.locator(".comment-body").first.inner_text()
    assert "<script>alert('script')</script>" in comment
    story = page.locator(".example-story")
    assert story.get_attribute("hx-disable") is not None
    assert story.locator("script, img, svg, iframe, style, form, input, object, embed").count() == 0
    assert "<img src=x onerror=alert('img')>" in story.inner_text()
