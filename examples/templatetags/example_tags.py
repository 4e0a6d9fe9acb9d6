from __future__ import annotations

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from examples.markdown import html_snippet, plain_text, render_markdown
from examples.search import MARK_START, MARK_STOP

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str) -> SafeString:
    """Markdown written by managers (the about page); members' stories are stored rendered."""
    return render_markdown(text or "")


@register.filter
def highlight(headline: str) -> SafeString:
    """A search headline with the matched words in <mark>; everything else escaped."""
    escaped = escape(headline)
    return mark_safe(escaped.replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>"))


@register.filter
def snippet(text: str, length: int = 220) -> str:
    """The start of a Markdown or plain text, without markup."""
    return Truncator(plain_text(text or "")).chars(length)


@register.filter(name="html_snippet")
def html_snippet_filter(html: str, length: int = 220) -> str:
    """The start of stored, rendered HTML (a story) as plain text."""
    return Truncator(html_snippet(html or "")).chars(length)
