"""The one way lists page: keyset (cursor) pagination, with one documented exception.

Page 500 costs what page 1 costs: instead of OFFSET, a page starts after the sort key of the
last row shown, which an index finds directly. No total count is computed. The cursor is the
sort key encoded in the URL, so back, reload and sharing a link keep working. Every list pages
this way: browse, a behaviour's examples, an organisation's and a member's lists, the comment
thread and the moderation queue.

The exception is a search sorted by relevance: a rank no index holds. Its results come as a
slice-able sequence that is not a QuerySet (examples.search.RankedMatches) and page by number
(`?page=2`), up to MAX_NUMBERED_PAGES.

`paginate()` is what views call. Its Page carries the links the one pagination template
(templates/includes/pagination.html) shows, built by one link builder (`_link`) that keeps
every other query parameter, so two lists on one page (`prefix`) page on their own. A link this
site did not make gives a Page marked `broken`: the template says so with a link to the first
page, and `status_of()` answers 400, or 422 for an HTMX swap (the status htmx swaps).
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import QueryDict

from partnership.http import HtmxHttpRequest, wants_fragment

NEWEST = ("created_at", "pk")
# Relevance ranks at most 400 matches (examples.search.RANKED_CANDIDATES): 20 pages of 20.
MAX_NUMBERED_PAGES = 20


class Ranked(Protocol):
    """Rows in an order no index holds, read a slice at a time (examples.search.RankedMatches)."""

    def __getitem__(self, window: slice) -> list[Any]: ...


class InvalidCursor(ValueError):
    """The cursor or page number in the URL is not one this site made."""


def cursor_for(*values: Any) -> str:
    """The cursor of a row whose sort key is `values`."""
    encoded = [value.isoformat() if isinstance(value, datetime) else value for value in values]
    raw = json.dumps(encoded, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, keys: tuple[str, ...]) -> list[Any]:
    """The sort key in `cursor`: an aware datetime for each `*_at` key, else an integer."""
    if len(cursor) > 200:
        raise InvalidCursor(cursor[:20])
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError) as error:
        raise InvalidCursor(cursor) from error
    if not isinstance(values, list) or len(values) != len(keys):
        raise InvalidCursor(cursor)
    decoded: list[Any] = []
    for key, value in zip(keys, values, strict=True):
        if key.endswith("_at"):
            if not isinstance(value, str):
                raise InvalidCursor(cursor)
            try:
                parsed = datetime.fromisoformat(value)
            except ValueError as error:
                raise InvalidCursor(cursor) from error
            if parsed.tzinfo is None:
                raise InvalidCursor(cursor)
            decoded.append(parsed)
        elif isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**63:
            decoded.append(value)
        else:
            raise InvalidCursor(cursor)
    return decoded


def beyond(keys: tuple[str, ...], values: list[Any], *, descending: bool) -> Q:
    """Rows strictly after `values` in the (descending or ascending) order of `keys`."""
    op = "lt" if descending else "gt"
    condition = Q()
    for position, key in enumerate(keys):
        equal = {k: v for k, v in zip(keys[:position], values[:position], strict=True)}
        condition |= Q(**equal, **{f"{key}__{op}": values[position]})
    # The redundant bound on the first key is what lets PostgreSQL start the index scan at
    # the cursor instead of filtering every row before it (docs/performance.md).
    return Q(**{f"{keys[0]}__{op}e": values[0]}) & condition


@dataclass
class Page:
    """One page of a list, without a total count, and the links the template shows."""

    object_list: list[Any]
    next_cursor: str | None = None
    previous_cursor: str | None = None
    is_first: bool = True
    number: int | None = None  # only for a numbered page (relevance)
    broken: bool = False  # the link asked for a page this site did not make
    next_url: str = ""
    previous_url: str = ""
    first_url: str = ""

    @property
    def has_next(self) -> bool:
        return self.next_cursor is not None

    @property
    def has_previous(self) -> bool:
        return self.previous_cursor is not None

    @property
    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous

    def __iter__(self) -> Iterator[Any]:
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)


def keyset_page(
    queryset: QuerySet[Any],
    *,
    keys: tuple[str, ...] = NEWEST,
    per_page: int,
    after: str | None = None,
    before: str | None = None,
    ascending: bool = False,
) -> Page:
    """One page of `queryset` ordered by `keys` (descending unless `ascending`; the last key
    unique, so the order is total), starting after (or ending before) a cursor.

    Raises InvalidCursor for a cursor this site did not make.
    """
    forward = list(keys) if ascending else [f"-{key}" for key in keys]
    backward = [f"-{key}" for key in keys] if ascending else list(keys)

    def cursor_of(item: Any) -> str:
        return cursor_for(*(getattr(item, key) for key in keys))

    if before:
        values = decode_cursor(before, keys)
        earlier = queryset.filter(beyond(keys, values, descending=ascending))
        rows = list(earlier.order_by(*backward)[: per_page + 1])
        has_more_before = len(rows) > per_page
        rows = list(reversed(rows[:per_page]))
        return Page(
            object_list=rows,
            next_cursor=cursor_of(rows[-1]) if rows else None,
            previous_cursor=cursor_of(rows[0]) if rows and has_more_before else None,
            is_first=not has_more_before,
        )
    if after:
        values = decode_cursor(after, keys)
        queryset = queryset.filter(beyond(keys, values, descending=not ascending))
    rows = list(queryset.order_by(*forward)[: per_page + 1])
    has_more = len(rows) > per_page
    rows = rows[:per_page]
    return Page(
        object_list=rows,
        next_cursor=cursor_of(rows[-1]) if rows and has_more else None,
        previous_cursor=cursor_of(rows[0]) if rows and after else None,
        is_first=not after,
    )


def numbered_page(rows: Ranked, *, number: int, per_page: int) -> Page:
    """Page `number` of rows in an order no index holds (search relevance), without a count.

    Only the first MAX_NUMBERED_PAGES are reachable: nobody reads further by relevance.
    """
    if not 1 <= number <= MAX_NUMBERED_PAGES:
        raise InvalidCursor(str(number))
    start = (number - 1) * per_page
    window = list(rows[start : start + per_page + 1])
    has_more = len(window) > per_page and number < MAX_NUMBERED_PAGES
    return Page(
        object_list=window[:per_page],
        next_cursor=str(number + 1) if has_more else None,
        previous_cursor=str(number - 1) if number > 1 else None,
        is_first=number == 1,
        number=number,
    )


def paginate(
    request: HtmxHttpRequest,
    rows: QuerySet[Any] | Ranked,
    *,
    keys: tuple[str, ...] = NEWEST,
    ascending: bool = False,
    prefix: str = "",
    per_page: int | None = None,
    params: QueryDict | None = None,
) -> Page:
    """The page of `rows` the query string (`params`, by default request.GET) asks for, with
    its links.

    A QuerySet pages by cursor (`?<prefix>after=` / `?<prefix>before=`) in the order of
    `keys`; anything else (search results by relevance) by number (`?<prefix>page=`). `prefix`
    names this list's parameters, so one page can hold two lists that page on their own. A
    cursor or number this site did not make gives an empty Page marked `broken`.
    """
    params = request.GET if params is None else params
    size = per_page or settings.PAGE_SIZE
    try:
        if isinstance(rows, QuerySet):
            page = keyset_page(
                rows,
                keys=keys,
                per_page=size,
                after=params.get(f"{prefix}after"),
                before=params.get(f"{prefix}before"),
                ascending=ascending,
            )
        else:
            raw = params.get(f"{prefix}page") or "1"
            if not raw.isdigit():
                raise InvalidCursor(raw[:20])
            page = numbered_page(rows, number=int(raw), per_page=size)
    except InvalidCursor:
        page = Page(object_list=[], is_first=False, broken=True)
    if page.number is not None:
        page.next_url = _link(params, prefix, page=page.next_cursor)
        page.previous_url = _link(params, prefix, page=page.previous_cursor)
    else:
        page.next_url = _link(params, prefix, after=page.next_cursor)
        page.previous_url = _link(params, prefix, before=page.previous_cursor)
    page.first_url = "" if page.is_first else _link(params, prefix, first=True)
    return page


def _link(params: QueryDict, prefix: str, *, first: bool = False, **cursor: str | None) -> str:
    """The query string for another page of this list (or "" when there is none): the
    current parameters without this list's position, plus `cursor`."""
    given = {name: value for name, value in cursor.items() if value}
    if not given and not first:
        return ""
    query = params.copy()
    for name in ("after", "before", "page"):
        query.pop(f"{prefix}{name}", None)
    for name, value in given.items():
        query[f"{prefix}{name}"] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


def status_of(request: HtmxHttpRequest, *pages: Page) -> int:
    """200, or for a page link this site did not make 400 (422 for an HTMX swap, which htmx
    is configured to swap, so the message shows)."""
    if any(page.broken for page in pages):
        return 422 if wants_fragment(request) else 400
    return 200


# A filtered list names how many examples it found, counted no further than this.
RESULT_COUNT_CAP = 100


def count_up_to(rows: QuerySet[Any] | Ranked, cap: int = RESULT_COUNT_CAP) -> int:
    """How many rows there are, counting no further than `cap + 1` (one query).

    A relevance search (examples.search.RankedMatches) is counted on its unranked matches.
    """
    matches: Any = getattr(rows, "matches", rows)
    return int(matches.order_by().values("pk")[: cap + 1].count())
