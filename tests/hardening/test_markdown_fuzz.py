"""Thousands of hostile stories through render_markdown: nothing unsafe ever comes out."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings

from examples.markdown import ALLOWED_TAGS, plain_text, render_markdown, sanitize
from tests.hardening.strategies import hostile_markdown, unsafe_markup, url_scheme

# The cached function would make repeated inputs free; the fuzzing wants the real work.
render = render_markdown


# As many inputs as the Hypothesis profile asks (tests/conftest.py: 3,000 in CI).
@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(text=hostile_markdown())
@example(text="[x](jav&#x09;ascript:alert(1))")
@example(text="![x](data:image/svg+xml,<svg onload=alert(1)>)")
@example(text="<a href=x hx-get=/moderation/ hx-trigger=load>x</a>")
@example(text="[a]: vbscript:msgbox(1)\n\n[a]")
@example(text="\x00<script>\x00alert(1)</script>")
def test_no_hostile_story_renders_unsafe_markup(text: str) -> None:
    html = str(render(text))
    assert unsafe_markup(html, allowed_tags=ALLOWED_TAGS) == [], (text, html)
    # Sanitising what we already sanitised changes nothing: no second pass finds more.
    assert sanitize(html) == html
    plain_text(text)  # the snippet path never fails either


@pytest.mark.parametrize(
    ("story", "expected"),
    [
        ("[site](https://ok.example/a)", 'href="https://ok.example/a"'),
        ("[mail](mailto:a@b.example)", 'href="mailto:a@b.example"'),
        ("**bold** and *em*", "<strong>bold</strong> and <em>em</em>"),
        ("# Big\n\ntext", "<h4>Big</h4>"),
        ("1. one\n2. two", "<ol>"),
    ],
)
def test_ordinary_markdown_still_renders(story: str, expected: str) -> None:
    assert expected in render(story)


def test_links_open_safely() -> None:
    html = render("[site](https://ok.example/)")
    assert 'rel="noopener noreferrer nofollow ugc"' in html


@pytest.mark.parametrize(
    "vector",
    [
        '<a href="javascript:alert(1)">x</a>',
        "<img src=x onerror=alert(1)>",
        '<p style="color:red" hx-get="/" onclick="alert(1)">x</p>',
        '<a href="jav&#x09;ascript:alert(1)">x</a>',
        "<!-- c --><script>alert(1)</script>",
        '<a href="data:text/html,x">x</a>',
    ],
)
def test_the_audit_catches_unsafe_markup(vector: str) -> None:
    # The check the fuzzing relies on must itself be able to fail.
    assert unsafe_markup(vector, allowed_tags=ALLOWED_TAGS)


@pytest.mark.parametrize(
    ("value", "scheme"),
    [
        ("jav\tascript:alert(1)", "javascript"),
        ("\x01 JAVASCRIPT:alert(1)", "javascript"),
        ("ｊａｖａｓｃｒｉｐｔ:alert(1)", "javascript"),
        ("https://ok.example", "https"),
        ("/relative:path", None),
    ],
)
def test_the_audit_sees_through_scheme_obfuscation(value: str, scheme: str | None) -> None:
    assert url_scheme(value) == scheme


def test_sanitize_removes_what_a_parser_bug_could_let_through() -> None:
    # Belt and braces: even raw HTML handed to the sanitiser loses everything dangerous.
    dirty = (
        '<p onclick="x" style="y" hx-get="/">a</p><script>alert(1)</script>'
        '<a href="javascript:alert(1)" hx-post="/">b</a><img src=x>'
    )
    assert unsafe_markup(sanitize(dirty), allowed_tags=ALLOWED_TAGS) == []
