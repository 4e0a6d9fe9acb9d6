"""How the platform caches, in one place.

1. Versions. `behaviours.models.FiguresVersion` is one row of counters, one per kind of data
   ("examples", "comments", "reactions", "reports", "structure": the names of members,
   organisations, behaviours and service areas). Every save or delete of such data queues a
   bump of its kind (behaviours/signals.py) that runs after the transaction commits, as one
   short `UPDATE ... SET n = n + 1`; no write waits for, or locks, that row while it works.
   The counters live in the database, so every worker and server sees the same ones. A
   request reads them at most once (`versions`).

2. Keys. Whatever is cached is keyed by everything it shows: a card by the example's id,
   `updated_at`, visibility and counts (`Example.card_version`), the language and the
   "structure" version; an example's head and story on its page by `Example.header_version`,
   whether the viewer wrote it, the language and "structure"; a comment by its own version,
   what the viewer may do with it, the language and "structure"; a dashboard panel by the
   versions of the kinds it reads (behaviours/dashboards/). A change therefore never needs to
   delete anything: it moves a key, and the old entry is never asked for again. A reader that
   computes between a commit and its bump stores new data under the old version, which is
   harmless: the bump moves every key past it a moment later.

3. Fragments. Example cards, an example's head and story on its own page, and comments (and
   the browse page's filter form and the blank comment field) are the only HTML that is
   cached, and only here (the browse filters' choices and their count of matches are cached
   as data beside them, `choices()` and `found()`):
   `cards()`, `detail()` and `comments()` compute the keys, take every fragment of the page
   in one `get_many`, load full rows only for the items not cached, render them with the
   same templates (includes/example_card.html, examples/example_detail.html#detail-head,
   #story and #comment), store them with one `set_many` and hand each item its HTML as
   `item.html`. Templates only print it.
   The fragment cache is per process (settings.CACHES["fragments"]): keys that carry every
   version make that safe and spare a network round trip per fragment.

4. Stories. A story's Markdown is rendered once, when it is saved, and stored beside the text
   (Example.save, examples/markdown.py); pages print the stored HTML.

FRAGMENT_CACHE_SECONDS = 0 turns the fragment cache off: the same code then renders every
item, which is how the tests prove that cached equals fresh.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any, TypeVar

from django.conf import settings
from django.core.cache import caches
from django.http import QueryDict
from django.template.loader import get_template
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from behaviours.models import FiguresVersion
from examples.forms import ExampleFilterForm
from examples.models import Comment, Example, Visibility
from partnership.access import is_moderator
from partnership.pagination import RESULT_COUNT_CAP, Page, count_up_to

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from django.forms import BaseForm, Form
    from django.http import HttpRequest

CARD = "includes/example_card.html#card"
CARD_HEADER = "includes/example_card.html#card-header"
CARD_FOOTER = "includes/example_card.html#card-footer"
COMMENT = "examples/example_detail.html#comment"
DETAIL = {
    "head": "examples/example_detail.html#detail-head",
    "story": "examples/example_detail.html#story",
}
FILTER_FORM = "examples/browse.html#filter-form"
# Annotations a search puts on its rows, carried over to the full rows.
SEARCH_ANNOTATIONS = ("rank", "headline")


Item = TypeVar("Item", Example, Comment)


def versions(request: HttpRequest) -> dict[str, int]:
    """The figures versions, read once per request (FiguresVersion.current() keys)."""
    return FiguresVersion.for_request(request)


def cards(page: Page, request: HttpRequest, *, prefix: str = "") -> Page:
    """Give each example on the page its card's HTML as `example.html`.

    `page.object_list` holds narrow rows from ExampleQuerySet.for_cards(); rows whose card is
    not cached are replaced by their full rows (for_list(), with a search's rank and headline).
    A search result's headline depends on the words searched for, so it gets its cached
    header and footer (`html["header"]`, `html["footer"]`) and the template adds the headline;
    any other example gets its whole card (`html["card"]`). `prefix` keeps element ids unique
    when one example is in two lists on a page.
    """
    rows = list(page.object_list)
    language, structure = translation.get_language(), versions(request)["structure"]

    def keys_of(example: Example) -> dict[str, str]:
        if getattr(example, "headline", ""):
            return {
                "header": f"card-header:{example.header_version}:{language}:{structure}:{prefix}",
                "footer": f"card-footer:{example.card_version}:{language}:{structure}",
            }
        return {"card": f"card:{example.card_version}:{language}:{structure}:{prefix}"}

    def load(missing: list[Example]) -> dict[int, Example]:
        loaded = (
            Example.objects.visible_to(request.user).for_list().in_bulk([row.pk for row in missing])
        )
        for row in missing:
            if row.pk in loaded:
                for name in SEARCH_ANNOTATIONS:
                    if hasattr(row, name):
                        setattr(loaded[row.pk], name, getattr(row, name))
        return loaded

    templates = {"card": CARD, "header": CARD_HEADER, "footer": CARD_FOOTER}

    def render(example: Example, piece: str) -> str:
        context = {"example": example, "card_id_prefix": prefix}
        return get_template(templates[piece]).render(context)

    page.object_list = _with_html(rows, keys_of, load, render)
    return page


def comments(thread: list[Comment], request: HttpRequest) -> list[Comment]:
    """Give each comment of a thread its HTML as `comment.html`, as this viewer sees it.

    `thread` holds narrow rows (CommentQuerySet.for_thread_keys()) already marked with what
    the viewer may do with them (`can_edit`, `by_viewer`, both part of the key).
    """
    language, structure = translation.get_language(), versions(request)["structure"]
    moderator = is_moderator(request.user)

    def keys_of(comment: Comment) -> dict[str, str]:
        seen_as = f"{comment.can_edit}:{comment.by_viewer}:{moderator}"  # type: ignore[attr-defined]
        return {"comment": f"comment:{comment.fragment_version}:{seen_as}:{language}:{structure}"}

    def load(missing: list[Comment]) -> dict[int, Comment]:
        loaded = (
            Comment.objects.visible_to(request.user)
            .for_thread()
            .in_bulk([comment.pk for comment in missing])
        )
        for comment in missing:
            if comment.pk in loaded:
                full = loaded[comment.pk]
                full.example = comment.example
                full.can_edit = comment.can_edit  # type: ignore[attr-defined]
                full.by_viewer = comment.by_viewer  # type: ignore[attr-defined]
        return loaded

    def render(comment: Comment, piece: str) -> str:
        context = {"comment": comment, "user": request.user, "is_moderator": moderator}
        return get_template(COMMENT).render(context)

    return _with_html(thread, keys_of, load, render)


def detail(example: Example, request: HttpRequest) -> Example | None:
    """The example of its own page with its head and story as `example.html["head"]` and
    `example.html["story"]`, as this viewer sees them; None if it was hidden meanwhile.

    `example` is the narrow row of ExampleQuerySet.for_detail_keys(); when a fragment is not
    cached it is replaced by its full row (for_detail()), which keeps `reacted`. The head says
    "only you can see it" to the author of a hidden example, so who is looking is in the key.
    """
    language, structure = translation.get_language(), versions(request)["structure"]
    by_viewer = example.author_id == request.user.pk

    def keys_of(example: Example) -> dict[str, str]:
        seen_as = f"{example.header_version}:{by_viewer}:{language}:{structure}"
        return {"head": f"detail-head:{seen_as}", "story": f"detail-story:{seen_as}"}

    def load(missing: list[Example]) -> dict[int, Example]:
        loaded = (
            Example.objects.visible_to(request.user)
            .for_detail()
            .in_bulk([row.pk for row in missing])
        )
        for row in missing:
            if row.pk in loaded:
                loaded[row.pk].reacted = row.reacted  # type: ignore[attr-defined]
        return loaded

    def render(example: Example, piece: str) -> str:
        context = {"example": example, "user": request.user}
        return get_template(DETAIL[piece]).render(context)

    found = _with_html([example], keys_of, load, render)
    return found[0] if found else None


def choices(request: HttpRequest) -> dict[str, dict[str, tuple[Any, ...]]] | None:
    """The behaviours, organisations or service areas the browse filters in the query string
    choose from, as their rows' values by slug, for the form's `known`
    (examples.forms.ExampleFilterForm, which builds the chosen slug's instance from them).

    Each list is cached as data under the "structure" version, which moves when any of them
    changes, so a filter link seen before costs no lookup query. Only the lists a filter in
    the query string needs are read. None with the fragment cache off: the form then asks the
    database.
    """
    if not settings.FRAGMENT_CACHE_SECONDS:
        return None
    wanted = [name for name in ExampleFilterForm.BY_SLUG if request.GET.get(name)]
    if not wanted:
        return {}
    structure = versions(request)["structure"]
    keys = {name: f"browse-choices:{name}:{structure}" for name in wanted}
    fragments = caches["fragments"]
    cached = fragments.get_many(keys.values())
    known: dict[str, dict[str, tuple[Any, ...]]] = {}
    for name, key in keys.items():
        if key not in cached:
            model = ExampleFilterForm.BY_SLUG[name]
            columns = [field.attname for field in model._meta.concrete_fields]
            rows = model._default_manager.values_list(*columns)
            cached[key] = {row[columns.index("slug")]: tuple(row) for row in rows}
            fragments.set(key, cached[key], settings.FRAGMENT_CACHE_SECONDS)
        known[name] = cached[key]
    return known


def found(request: HttpRequest, form: ExampleFilterForm, counted: list[int]) -> int:
    """How many examples the form's (valid) filters find for this member, among those shared
    from the `counted` organisations, counted no further than RESULT_COUNT_CAP + 1.

    Cached as data under the "examples" and "structure" versions, keyed by the filters and
    the language, in two parts: what everyone like the member sees (published examples; every
    example, for a moderator), counted once for all of them (the count read the recognised
    organisations of a few thousand examples on each filtered page), and the member's own
    hidden examples, which only they see (so the pages of one filtered list, each headed by
    the same count, count them once).
    """
    user = request.user
    moderator = is_moderator(user)

    def count(examples: Any) -> int:
        filtered = form.filter(examples)
        matches: Any = getattr(filtered, "matches", filtered)
        # By the organisation an example was shared from, as the dashboards count.
        return count_up_to(matches.filter(author_organisation_id__in=counted), RESULT_COUNT_CAP)

    def own_hidden() -> int:
        mine = Example.objects.filter(author_id=user.pk).exclude(visibility=Visibility.PUBLISHED)
        return count(mine) if mine.exists() else 0

    everyone = Example.objects.all() if moderator else Example.objects.published()
    parts: dict[str, Callable[[], int]] = {"everyone": lambda: count(everyone)}
    if not moderator:
        parts["own"] = own_hidden
    if not settings.FRAGMENT_CACHE_SECONDS:
        return min(sum(compute() for compute in parts.values()), RESULT_COUNT_CAP + 1)
    chosen = [
        (name, getattr(value, "pk", value))
        for name, value in sorted(form.cleaned_data.items())
        if name != "sort"
    ]
    digest = hashlib.sha256(repr((chosen, sorted(counted))).encode()).hexdigest()
    version = versions(request)
    scope = {"everyone": "all" if moderator else "published", "own": f"member-{user.pk}"}
    keys = {
        part: f"found:{scope[part]}:{digest}:{translation.get_language()}"
        f":{version['examples']}:{version['structure']}"
        for part in parts
    }
    fragments = caches["fragments"]
    cached = fragments.get_many(keys.values())
    total = 0
    for part, key in keys.items():
        if key not in cached:
            cached[key] = parts[part]()
            fragments.set(key, cached[key], settings.FRAGMENT_CACHE_SECONDS)
        total += cached[key]
    return min(total, RESULT_COUNT_CAP + 1)


def comment_body_field(form: BaseForm) -> SafeString:
    """The comment form's text field with its label, as `form["body"].as_field_group()`.

    Blank, it is the same HTML for every member in a language, so it is cached per language:
    Django renders a field through five templates, some 1.2 ms of CPU on every example page
    (README, "Last benchmark"). A form with input or errors is rendered every time.
    """
    if form.is_bound or not settings.FRAGMENT_CACHE_SECONDS:
        return _safe(form["body"].as_field_group())
    key = f"comment-body-field:{translation.get_language()}"
    fragments = caches["fragments"]
    html = fragments.get(key)
    if html is None:
        html = form["body"].as_field_group()
        fragments.set(key, html, settings.FRAGMENT_CACHE_SECONDS)
    return _safe(html)


def filter_form(form: Form, request: HttpRequest) -> SafeString:
    """The browse page's filter form as HTML, cached by the values it was given, the language
    and "structure" (the names in its choices); a form with errors is rendered every time.

    The one other fragment worth a cache: its choices cost two queries and Django renders every
    `<option>` through a template, some 4 ms of CPU per browse page at N = 20,000.
    """
    template = get_template(FILTER_FORM)
    if form.errors or not settings.FRAGMENT_CACHE_SECONDS:
        return _safe(template.render({"form": form}))
    data = form.data
    given = repr(
        [
            (name, data.getlist(name) if isinstance(data, QueryDict) else data.get(name))
            for name in form.fields
        ]
    )
    digest = hashlib.sha256(given.encode()).hexdigest()
    key = f"browse-filters:{digest}:{translation.get_language()}:{versions(request)['structure']}"
    fragments = caches["fragments"]
    html = fragments.get(key)
    if html is None:
        html = template.render({"form": form})
        fragments.set(key, html, settings.FRAGMENT_CACHE_SECONDS)
    return _safe(html)


def _with_html(
    items: Sequence[Item],
    keys_of: Callable[[Item], dict[str, str]],
    load: Callable[[list[Item]], dict[int, Item]],
    render: Callable[[Item, str], str],
) -> list[Item]:
    """The items, each with its fragments as `item.html` (piece name -> HTML).

    One `get_many` for every piece of every item; the items missing a piece are loaded in full
    (`load`: id -> full row), rendered and stored with one `set_many`. An item that `load`
    no longer returns (hidden between the two queries) drops out rather than show stale.
    """
    keys = [keys_of(item) for item in items]
    timeout = settings.FRAGMENT_CACHE_SECONDS
    fragments = caches["fragments"]
    cached = fragments.get_many([k for ks in keys for k in ks.values()]) if timeout else {}
    missing = [
        item
        for item, item_keys in zip(items, keys, strict=True)
        if any(key not in cached for key in item_keys.values())
    ]
    loaded = load(missing) if missing else {}
    rendered: dict[str, str] = {}
    result = []
    for item, item_keys in zip(items, keys, strict=True):
        if all(key in cached for key in item_keys.values()):
            html = {piece: cached[key] for piece, key in item_keys.items()}
        elif item.pk in loaded:
            item = loaded[item.pk]
            html = {piece: render(item, piece) for piece in item_keys}
            rendered.update({item_keys[piece]: text for piece, text in html.items()})
        else:
            continue
        # Rendered by our own templates, which escaped what members wrote.
        item.html = {piece: _safe(text) for piece, text in html.items()}  # type: ignore[attr-defined]
        result.append(item)
    if rendered and timeout:
        fragments.set_many(rendered, timeout)
    return result


def _safe(text: str) -> SafeString:
    return mark_safe(text)
