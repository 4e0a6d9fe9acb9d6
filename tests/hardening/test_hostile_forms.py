"""Hostile stories, impacts and comments through the real forms and the real templates.

Hypothesis writes 3,000 hostile inputs per rich-text field in CI, 100 in `make test` (the
strategy from tests/hardening/strategies.py: tags, event handlers, `hx-*`, `javascript:` and
`data:` URLs, OWASP filter-evasion vectors, entities, NUL bytes, awkward Unicode). Each goes
through the form the view uses; what the form accepts is rendered with the fragment of the
detail page that shows it (`example_detail.html#story`, `#comment`), with the page's filters.
The rendered user content must hold no unsafe markup, stay inside its `hx-disable` wrapper, and
be a fixed point of the sanitiser. A smaller number of full requests checks the same through the
views (no 5xx).
"""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser
from typing import Any

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings

from examples.forms import CommentForm, ExampleForm
from examples.markdown import ALLOWED_TAGS, render_markdown, sanitize
from examples.models import Comment, Example
from tests.factories import make_example
from tests.hardening.strategies import hostile_markdown, unsafe_markup

# As many inputs as the Hypothesis profile asks (tests/conftest.py: 3,000 in CI).
FUZZ = settings(
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,  # the fixtures are read-only for every input
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
# Full requests cost more: one for every twenty inputs through the forms (150 in CI).
REQUESTS = settings(FUZZ, max_examples=max(settings.default.max_examples // 20, 10))

STORY_OPEN = '<section class="user-content example-story" hx-disable>'
# What the story fragment itself adds around the member's Markdown.
STORY_TAGS = ALLOWED_TAGS | {"h2"}
VECTORS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<div hx-get="/moderation/" hx-trigger="load">x</div>',
    "[x](javascript:alert(1))",
    "[x](jav&#x09;ascript:alert(1))",
    "![x](data:image/svg+xml,<svg onload=alert(1)>)",
    "</section><script>alert(1)</script>",
    "</div><div hx-get=/ hx-trigger=load>",
]


@pytest.fixture
def world(db, author, behaviour, partner_org) -> dict[str, Any]:
    return {"author": author, "behaviour": behaviour, "organisation": partner_org}


def _example_data(world: dict[str, Any], **fields: str) -> dict[str, Any]:
    return {
        "title": "Een verhaal",
        "behaviour": world["behaviour"].pk,
        "recognised_organisations": [world["organisation"].pk],
        "happened_on": "2025-03-14",
        "what_happened": "Iemand pakte het op.",
        "partnership_impact": "",
        **fields,
    }


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class _Inside(HTMLParser):
    """Collects the start tags inside the first element that has `hx-disable`, and whatever
    markup appears after that element closed (user content must never get there)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.closed = False
        self.escaped: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.closed:
            self.escaped.append(tag)
        elif tag in VOID:
            return
        elif self.depth or any(name == "hx-disable" for name, _ in attrs):
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if self.closed:
            self.escaped.append(f"/{tag}")
        elif self.depth:
            self.depth -= 1
            self.closed = self.depth == 0

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.closed:
            self.escaped.append(tag)


def _check_wrapped(fragment: str, opening: str) -> str:
    """The user content inside the wrapper; fails when it is not wholly inside it."""
    fragment = fragment.strip()
    assert fragment.startswith(opening), fragment[:200]
    inside = _Inside()
    inside.feed(fragment)
    inside.close()
    assert inside.closed and not inside.escaped, f"markup outside hx-disable: {inside.escaped}"
    closing = opening[1 : opening.index(" ")]
    assert fragment.endswith(f"</{closing}>")
    return fragment[len(opening) : -len(f"</{closing}>")]


def _check_story(example: Example, text: str) -> None:
    fragment = render_to_string("examples/example_detail.html#story", {"example": example})
    inner = _check_wrapped(fragment, STORY_OPEN)
    # Parsed, not grepped: no <script, no on*/hx-*/style attribute, no javascript:/data:/
    # vbscript: URL in any href or src (quoted text such as title="' hx-get=" is harmless).
    assert unsafe_markup(inner, allowed_tags=STORY_TAGS) == [], (text, inner)
    rendered = str(render_markdown(text))
    assert rendered in inner
    assert sanitize(rendered) == rendered, "a second sanitising pass changes the story"


def _check_story_form(world: dict[str, Any], field: str, text: str) -> None:
    form = ExampleForm(_example_data(world, **{field: text}), author=world["author"])
    if not form.is_valid():
        # Refused (NUL bytes, nothing but spaces): the member gets the form back, escaped.
        assert set(form.errors) == {field}, form.errors
        html = render_to_string("examples/example_form.html#example-form", {"form": form})
        assert "<script" not in html.lower()
        return
    example = form.instance  # the form put the cleaned values on it, as the service would
    assert getattr(example, field) == form.cleaned_data[field]
    example.render_story()  # as Example.save() does
    _check_story(example, getattr(example, field))


@FUZZ
@given(text=hostile_markdown())
@example(text=VECTORS[0])
@example(text=VECTORS[5])
@example(text=VECTORS[6])
def test_hostile_stories_render_safely_through_the_example_form(world, text: str) -> None:
    _check_story_form(world, "what_happened", text)


@FUZZ
@given(text=hostile_markdown())
@example(text=VECTORS[2])
@example(text=VECTORS[4])
@example(text=VECTORS[7])
def test_hostile_impacts_render_safely_through_the_example_form(world, text: str) -> None:
    _check_story_form(world, "partnership_impact", text)


COMMENT_OPEN = '<div class="user-content comment-body" hx-disable>'


def _check_comment_body(html: str, text: str) -> None:
    start = html.index(COMMENT_OPEN)
    end = html.index("</div>", start) + len("</div>")
    inner = _check_wrapped(html[start:end], COMMENT_OPEN)
    # A comment is plain text: the only markup in it is the paragraphs and line breaks.
    tags = re.findall(r"<\s*/?\s*([^\s>/]*)", inner)
    assert set(tags) <= {"p", "br"}, (text, inner)
    assert re.fullmatch(r"(?:<p>|</p>|<br>|[^<>])*", inner, re.S), (text, inner)


@FUZZ
@given(text=hostile_markdown())
@example(text="</div><script>alert(1)</script>")
@example(text='<div hx-get="/moderation/" hx-trigger="load">')
def test_hostile_comments_render_as_text_through_the_comment_form(world, text: str) -> None:
    form = CommentForm({"body": text})
    if not form.is_valid():
        assert set(form.errors) == {"body"}, form.errors
        return
    comment: Comment = form.instance
    comment.pk = 1  # the fragment links to the comment's own pages
    comment.author = world["author"]
    comment.created_at = timezone.now()
    html = render_to_string(
        "examples/example_detail.html#comment", {"comment": comment, "user": world["author"]}
    )
    _check_comment_body(html, text)


# --- The same through the views: every response below 500 ---------------------------------


@pytest.fixture
def author_client(world: dict[str, Any], settings: Any) -> Client:
    # Hundreds of posts by one member: the posting quotas (tested elsewhere) would stop them.
    settings.POSTING_QUOTAS_ENABLED = False
    client = Client(raise_request_exception=False)
    client.force_login(world["author"])
    return client


@REQUESTS
@given(story=hostile_markdown(), impact=hostile_markdown())
def test_hostile_examples_posted_through_the_view_never_fail(
    world, author_client, story: str, impact: str
) -> None:
    response = author_client.post(
        reverse("examples:new"),
        _example_data(world, what_happened=story, partnership_impact=impact),
    )
    assert response.status_code in (302, 422), response.status_code
    if response.status_code == 422:
        return
    page = author_client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    start = html.index(STORY_OPEN)
    end = html.index("</section>", start) + len("</section>")
    inner = _check_wrapped(html[start:end], STORY_OPEN)
    assert unsafe_markup(inner, allowed_tags=STORY_TAGS) == [], (story, impact, inner)


@pytest.fixture
def story(world: dict[str, Any]) -> Example:
    return make_example(world["author"], happened_on=date(2025, 1, 1))


@REQUESTS
@given(text=hostile_markdown())
def test_hostile_comments_posted_through_the_view_never_fail(
    world, author_client, story: Example, text: str
) -> None:
    url = reverse("examples:add_comment", args=[story.pk])
    response = author_client.post(url, {"body": text}, HTTP_HX_REQUEST="true")
    assert response.status_code in (200, 422), response.status_code
    html = response.content.decode()
    if response.status_code == 200:
        last = html.rindex(COMMENT_OPEN)
        _check_comment_body(html[last:], text)
