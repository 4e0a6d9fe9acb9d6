"""Example cards from the fragment cache, with a card's full row loaded only when it is not.

A list page loads one narrow row per example (ExampleQuerySet.for_cards: the cursor and the
cache key, no joins, no prefetch) and asks the fragment cache for all the page's cards in one
`get_many`. Only the cards it does not hold are loaded with everything a card shows
(for_list()) and rendered by the template, which caches them. At 200,000 examples this takes
a browse page's example queries from ~6 ms of building model instances to under 1 ms
(docs/performance.md, "Templates").

The keys are the ones the `{% cache %}` tags in includes/example_card.html and
example_card_body.html make: the same fragment names and the same values, in the same order.
Should they ever differ, a card is only rendered again, never shown stale.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, TypeVar

from django.conf import settings
from django.core.cache import caches
from django.core.cache.utils import make_template_fragment_key
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from examples.models import Example
from partnership.context_processors import figures_for

if TYPE_CHECKING:
    from collections.abc import Sequence

    from django.http import HttpRequest


class HasObjectList(Protocol):
    object_list: Sequence[Example]


P = TypeVar("P", bound=HasObjectList)

# Annotations a search puts on its rows, carried over to the full rows.
SEARCH_ANNOTATIONS = ("rank", "headline")


def card_keys(example: Example, *, language: str, structure: int, prefix: str) -> dict[str, str]:
    """The fragment-cache keys of the example's card: the whole card, or for a search result
    (whose headline is rendered for each search) its header and footer."""
    if getattr(example, "headline", ""):
        return {
            "header": make_template_fragment_key(
                "example-card-header", [example.header_version, language, structure, prefix]
            ),
            "footer": make_template_fragment_key(
                "example-card-footer", [example.card_version, language, structure]
            ),
        }
    return {
        "card": make_template_fragment_key(
            "example-card", [example.card_version, language, structure, prefix]
        )
    }


def with_cached_cards(page: P, request: HttpRequest, *, prefix: str = "") -> P:
    """Give each example on the page its cached card, or else its full row to render from.

    `page.object_list` holds rows from ExampleQuerySet.for_cards(). A row whose card pieces
    are all cached stays as it is and carries them as `cached_card`; the others are replaced
    by their full rows (for_list(), with the search's rank and headline). `prefix` is the
    list's card_id_prefix.
    """
    rows = list(page.object_list)
    if not rows or not settings.FRAGMENT_CACHE_SECONDS:
        page.object_list = _full_rows(rows, request)
        return page
    language = translation.get_language()
    structure = figures_for(request)["structure"]
    keys = {
        row.pk: card_keys(row, language=language, structure=structure, prefix=prefix)
        for row in rows
    }
    cached = caches["fragments"].get_many([key for ks in keys.values() for key in ks.values()])
    missing = []
    for row in rows:
        pieces = {name: cached.get(key) for name, key in keys[row.pk].items()}
        if all(piece is not None for piece in pieces.values()):
            # Rendered by our own templates, which escaped what members wrote.
            row.cached_card = {name: _safe(piece) for name, piece in pieces.items()}
        else:
            missing.append(row)
    full = {row.pk: row for row in _full_rows(missing, request)}
    # An example hidden between the two queries drops out rather than show its full row.
    page.object_list = [
        full.get(row.pk, row) for row in rows if hasattr(row, "cached_card") or row.pk in full
    ]
    return page


def _full_rows(rows: Sequence[Example], request: HttpRequest) -> list[Example]:
    if not rows:
        return []
    loaded = Example.objects.visible_to(request.user).for_list().in_bulk([row.pk for row in rows])
    full = []
    for row in rows:
        if row.pk not in loaded:
            continue
        example = loaded[row.pk]
        for name in SEARCH_ANNOTATIONS:
            if hasattr(row, name):
                setattr(example, name, getattr(row, name))
        full.append(example)
    return full


def _safe(piece: str) -> SafeString:
    return mark_safe(piece)
