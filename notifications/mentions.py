"""The @mention syntax: `@[Name](member id)`, stored as a reference, shown as a profile link.

The combobox (static/js/mentions.js) writes `@[Sanne de Vries](42)`; typed by hand without
JavaScript it is the same text. Where no renderer knows it, it still reads as "@Sanne de
Vries" (Markdown makes "[Sanne de Vries](42)" a link text). This module imports nothing from
the other apps, so the Markdown renderer (examples.markdown) can call `link_mentions` before
parsing, and a plain-text renderer `link_mentions_html` after escaping.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

MENTION = re.compile(r"@\[([^\[\]\n]{1,120})\]\((\d{1,12})\)")


def _all_mentioned(text: str) -> list[int]:
    ids: list[int] = []
    for match in MENTION.finditer(text or ""):
        pk = int(match.group(2))
        if pk not in ids:
            ids.append(pk)
    return ids


def mentioned_ids(text: str) -> list[int]:
    """The members a text mentions, each once, in order, at most MENTIONS_PER_ITEM. The
    forms refuse more (`check_mention_limit`); this cap only guards writes that bypass them."""
    return _all_mentioned(text)[: settings.MENTIONS_PER_ITEM]


def check_mention_limit(*texts: str) -> None:
    """Refuse an item (a story's fields together, or a comment) that mentions more members
    than MENTIONS_PER_ITEM, so nobody can ping a crowd; ValidationError says how many."""
    count = len(_all_mentioned("\n".join(texts)))
    limit = settings.MENTIONS_PER_ITEM
    if count > limit:
        raise ValidationError(
            gettext(
                "You can mention at most %(limit)d members in one story or comment, and this "
                "text mentions %(count)d. Remove some mentions, or write their names without @."
            )
            % {"limit": limit, "count": count},
            code="too_many_mentions",
        )


def link_mentions(markdown: str) -> str:
    """Markdown with each mention made a Markdown link to the member's profile."""

    def link(match: re.Match[str]) -> str:
        url = reverse("partnership:member", args=[int(match.group(2))])
        return f"[@{match.group(1)}]({url})"

    return MENTION.sub(link, markdown or "")


def link_mentions_html(escaped: str) -> SafeString:
    """Already escaped HTML (e.g. `|linebreaks`) with each mention a link to the profile."""

    def link(match: re.Match[str]) -> str:
        url = reverse("partnership:member", args=[int(match.group(2))])
        return f'<a class="mention" href="{url}">@{match.group(1)}</a>'

    return mark_safe(MENTION.sub(link, str(escaped)))
