"""Cards and comments from the fragment cache, with a full row loaded only when not cached.

A list page loads one narrow row per item (ExampleQuerySet.for_cards, CommentQuerySet.
for_thread_keys: the cursor and the cache key, no joins, no prefetch) and asks the fragment
cache for all the page's fragments in one `get_many`. Only the items it does not hold are
loaded with everything they show (for_list(), for_thread()) and rendered by the template,
which caches them. At 200,000 examples this took browse page 1 from ~20 ms to ~9 ms, most of
it the building of model instances (docs/performance.md, "Templates").

The keys are the ones the `{% cache %}` tags in includes/example_card.html,
example_card_body.html and examples/example_detail.html make: the same fragment names and
values, in the same order. Should they ever differ, an item is only rendered again, never
shown stale. A cached item carries its HTML as `cached_html` (fragment name → HTML).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from django.conf import settings
from django.core.cache import caches
from django.core.cache.utils import make_template_fragment_key
from django.utils import translation
from django.utils.safestring import mark_safe

from examples.models import Comment, Example
from partnership.access import is_moderator
from partnership.context_processors import figures_for

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from django.http import HttpRequest


class HasObjectList(Protocol):
    object_list: Sequence[Example]


P = TypeVar("P", bound=HasObjectList)
Item = TypeVar("Item", bound=Any)

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
    are all cached stays as it is, with them as `cached_html`; the others are replaced by
    their full rows (for_list(), with the search's rank and headline). `prefix` is the list's
    card_id_prefix.
    """
    rows = list(page.object_list)
    language, structure = translation.get_language(), figures_for(request)["structure"]
    missing = take_cached(
        rows, lambda row: card_keys(row, language=language, structure=structure, prefix=prefix)
    )
    full = {row.pk: row for row in _full_rows(missing, request)}
    # An example hidden between the two queries drops out rather than show its full row.
    page.object_list = [
        full.get(row.pk, row) for row in rows if hasattr(row, "cached_html") or row.pk in full
    ]
    return page


def comment_key(
    comment: Comment, *, moderator: bool, language: str, structure: int
) -> dict[str, str]:
    """The fragment-cache key of a comment in a thread, as seen by one viewer."""
    values = [comment.fragment_version, comment.can_edit, comment.by_viewer, moderator]
    return {"comment": make_template_fragment_key("comment", [*values, language, structure])}


def with_cached_comments(comments: list[Comment], request: HttpRequest) -> list[Comment]:
    """The thread's comments, each with its cached HTML or else as a full row to render from.

    `comments` are narrow rows (CommentQuerySet.for_thread_keys()) already marked with what
    the viewer may do with them (`can_edit`, `by_viewer`).
    """
    language, structure = translation.get_language(), figures_for(request)["structure"]
    moderator = is_moderator(request.user)
    missing = take_cached(
        comments,
        lambda comment: comment_key(
            comment, moderator=moderator, language=language, structure=structure
        ),
    )
    # As for cards: a comment hidden between the two queries drops out.
    loaded = (
        Comment.objects.visible_to(request.user)
        .for_thread()
        .in_bulk([comment.pk for comment in missing])
    )
    thread = []
    for comment in comments:
        if comment.pk in loaded:
            full = loaded[comment.pk]
            full.example = comment.example
            full.can_edit, full.by_viewer = comment.can_edit, comment.by_viewer
            thread.append(full)
        elif hasattr(comment, "cached_html"):
            thread.append(comment)
    return thread


def take_cached(items: Sequence[Item], keys_of: Callable[[Item], dict[str, str]]) -> list[Item]:
    """Look up every item's fragments in one `get_many`. An item whose fragments are all
    cached gets them as `cached_html`; the others are returned, in order, to be loaded."""
    if not items or not settings.FRAGMENT_CACHE_SECONDS:
        return list(items)
    keys = [keys_of(item) for item in items]
    cached = caches["fragments"].get_many([key for ks in keys for key in ks.values()])
    missing = []
    for item, item_keys in zip(items, keys, strict=True):
        pieces = {name: cached.get(key) for name, key in item_keys.items()}
        if all(piece is not None for piece in pieces.values()):
            # Rendered by our own templates, which escaped what members wrote.
            item.cached_html = {name: mark_safe(piece) for name, piece in pieces.items()}
        else:
            missing.append(item)
    return missing


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
