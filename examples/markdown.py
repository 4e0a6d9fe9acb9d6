"""Markdown for members' stories, rendered safely.

markdown-it-py with raw HTML off does the parsing; nh3 (the Rust ammonia sanitiser) then
enforces an explicit allow-list, so even a parser bug cannot let a script or an `hx-*`
attribute through.
"""

from __future__ import annotations

import html as html_lib
from functools import lru_cache

import nh3
from django.utils.safestring import SafeString, mark_safe
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

_parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_parser.enable(["table", "strikethrough"])
_parser.validateLink = lambda url: (  # type: ignore[method-assign]
    not url.strip().lower().startswith(("javascript:", "vbscript:", "data:", "file:"))
)


def sanitize(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow ugc",
        strip_comments=True,
    )


@lru_cache(maxsize=2048)
def render_markdown(text: str) -> SafeString:
    html = _parser.render(link_mentions(text or ""))
    # Members' headings become small headings, so a story cannot outrank the page's own.
    for level in (1, 2):
        html = html.replace(f"<h{level}>", "<h4>").replace(f"</h{level}>", "</h4>")
    return mark_safe(sanitize(html))


@lru_cache(maxsize=4096)
def plain_text(text: str, limit: int = 600) -> str:
    """The start of the story without markup, for snippets in lists.

    Only the first `limit` characters are parsed: a list shows a couple of lines, and a long
    story should not cost a list page more than a short one.
    """
    stripped = nh3.clean(_parser.render((text or "")[:limit]), tags=set())
    return " ".join(html_lib.unescape(stripped).split())
