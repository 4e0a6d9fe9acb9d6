"""Markdown for members' stories, rendered safely and at a bounded cost.

markdown-it-py with raw HTML off does the parsing; nh3 (the Rust ammonia sanitiser) then
enforces an explicit allow-list, so even a parser bug cannot let a script or an `hx-*`
attribute through. A story is rendered once, when it is saved (Example.save stores the HTML);
`manage.py rerender_markdown` renders every story again after a change here.

The parser's cost grows with the markup, not the length: brackets (each may open a link whose
destination is searched for), emphasis delimiters and lines cost tens of microseconds each,
plain words almost nothing. `bounded_markdown` refuses, before any parsing, a text with more
of them than a story needs, so the worst text a form accepts renders in a few tens of
milliseconds (tests/examples/test_markdown_cost.py).
"""

from __future__ import annotations

import html as html_lib
import re
from typing import Any

import nh3
from django.core.exceptions import ValidationError
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from markdown_it import MarkdownIt

from notifications.mentions import link_mentions

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "hr",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "del",
}
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {"a": {"href", "title"}, "ol": {"start"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
# Where Example keeps the rendered story and impact.
STORY_HTML_FIELDS = ("what_happened_html", "partnership_impact_html")

_parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_parser.enable(["table", "strikethrough"])


def _safe_link(url: str) -> bool:
    return not url.strip().lower().startswith(("javascript:", "vbscript:", "data:", "file:"))


_parser.validateLink = _safe_link  # type: ignore[method-assign]


def sanitize(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow ugc",
        strip_comments=True,
    )


# What one text field may hold (see the module docstring): the markup characters that cost
# the parser most, each at most this many times. Generous for a story: 50 links, 150 words in
# bold, a table of 40 cells, 60 pieces of `code`.
MARKUP_LIMITS = {"[]": 200, "*_": 600, "|": 200, "`": 200, "<>": 400}
MAX_BRACKET_DEPTH = 4
MAX_LINES = 300
# A run of text without white space: a link's destination is searched for up to the next
# space, so an endless "word" makes every bracket scan the rest of the text.
MAX_WORD = 500

_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LONG_WORD = re.compile(rf"\S{{{MAX_WORD + 1}}}")


def without_control_characters(text: str) -> str:
    """The text without control characters other than tab and line breaks."""
    return _CONTROL_CHARACTERS.sub("", text or "")


def bounded_markdown(text: str) -> None:
    """Refuse, before parsing, a story whose markup would make it costly to render.

    A form field validator; the message says what to change.
    """
    bounded_markup(text)
    if _LONG_WORD.search(text):
        raise ValidationError(
            _("This text has a word or link longer than %(limit)d characters."),
            code="word_too_long",
            params={"limit": MAX_WORD},
        )


def bounded_markup(text: str) -> None:
    """The checks of bounded_markdown but the word length, for comments: they are plain
    text, and only their first 600 characters are parsed, for a snippet (plain_text)."""
    for characters, limit in MARKUP_LIMITS.items():
        count = sum(text.count(character) for character in characters)
        if count > limit:
            raise ValidationError(
                _(
                    "This text has %(count)d of the characters %(characters)s; at most "
                    "%(limit)d are accepted."
                ),
                code="too_much_markup",
                params={"count": count, "characters": " ".join(characters), "limit": limit},
            )
    depth = deepest = 0
    for character in text:
        if character == "[":
            depth += 1
            deepest = max(deepest, depth)
        elif character == "]":
            depth = max(0, depth - 1)
    if deepest > MAX_BRACKET_DEPTH:
        raise ValidationError(
            _(
                "Square brackets are opened %(count)d deep here without being closed; at most "
                "%(limit)d are accepted."
            ),
            code="brackets_too_deep",
            params={"count": deepest, "limit": MAX_BRACKET_DEPTH},
        )
    lines = text.count("\n") + 1
    if lines > MAX_LINES:
        raise ValidationError(
            _("This text has %(count)d lines; at most %(limit)d are accepted."),
            code="too_many_lines",
            params={"count": lines, "limit": MAX_LINES},
        )


def render_markdown(text: str) -> SafeString:
    html = _parser.render(link_mentions(text or ""))
    # Members' headings become small headings, so a story cannot outrank the page's own.
    for level in (1, 2):
        html = html.replace(f"<h{level}>", "<h4>").replace(f"</h{level}>", "</h4>")
    return mark_safe(sanitize(html))


def plain_text(text: str, limit: int = 600) -> str:
    """The start of the story without markup, for snippets in lists.

    Only the first `limit` characters are parsed: a list shows a couple of lines, and a long
    story should not cost a list page more than a short one.
    """
    stripped = nh3.clean(_parser.render((text or "")[:limit]), tags=set())
    return " ".join(html_lib.unescape(stripped).split())


def html_snippet(html: str, limit: int = 4000) -> str:
    """The start of already rendered HTML as plain text, for snippets in lists (no parsing)."""
    stripped = nh3.clean(html[:limit], tags=set())
    return " ".join(html_lib.unescape(stripped).split())


def rerender_stories(example_model: Any, *, batch_size: int = 1000) -> int:
    """Store every example's story and impact rendered again; returns how many changed.

    Takes the model class so the data migration can pass its historical model. Rows are read
    by primary key in batches and only changed HTML is written (no save(): `updated_at` stays).
    """
    changed = 0
    last = 0
    while True:
        batch = list(
            example_model.objects.filter(pk__gt=last)
            .order_by("pk")
            .only("pk", "what_happened", "partnership_impact", *STORY_HTML_FIELDS)[:batch_size]
        )
        if not batch:
            return changed
        last = batch[-1].pk
        stale = []
        for example in batch:
            story = render_markdown(without_control_characters(example.what_happened))
            impact = without_control_characters(example.partnership_impact)
            impact_html = render_markdown(impact) if impact else ""
            if (story, impact_html) != (
                example.what_happened_html,
                example.partnership_impact_html,
            ):
                example.what_happened_html, example.partnership_impact_html = story, impact_html
                stale.append(example)
        example_model.objects.bulk_update(stale, STORY_HTML_FIELDS)
        changed += len(stale)
