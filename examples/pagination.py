"""Keyset (cursor) pagination for lists of examples.

Page 500 costs what page 1 costs: instead of OFFSET, a page starts after the sort key of the
last row shown, which an index finds directly. No total count is computed. The cursor is the
sort key encoded in the URL, so back, reload and sharing a link keep working.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet
from django.http import QueryDict

if TYPE_CHECKING:
    from collections.abc import Iterator

    from examples.search import RankedMatches

# Every sort is descending and ends with the primary key, so the order is total.
SORT_KEYS: dict[str, tuple[str, ...]] = {
    "newest": ("created_at", "pk"),
    "inspiring": ("reaction_count", "created_at", "pk"),
    "discussed": ("comment_count", "created_at", "pk"),
}


MAX_OFFSET_PAGES = 20  # 400 results by relevance: examples.search.RANKED_CANDIDATES


class InvalidCursor(ValueError):
    """The cursor in the URL is not one this site made."""


def cursor_for(*values: Any) -> str:
    encoded = [value.isoformat() if isinstance(value, datetime) else value for value in values]
    raw = json.dumps(encoded, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, keys: tuple[str, ...]) -> list[Any]:
    if len(cursor) > 200:
        raise InvalidCursor(cursor)
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError) as error:
        raise InvalidCursor(cursor) from error
    if not isinstance(values, list) or len(values) != len(keys):
        raise InvalidCursor(cursor)
    decoded: list[Any] = []
    for key, value in zip(keys, values, strict=True):
        if key == "created_at":
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
class KeysetPage:
    object_list: list[Any]
    next_cursor: str | None = None
    previous_cursor: str | None = None
    is_first: bool = True
    # Filled in by link_pages(): the links the pagination shows.
    next_url: str = ""
    previous_url: str = ""
    first_url: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

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


def link_pages(page: KeysetPage, params: QueryDict) -> KeysetPage:
    """Give the page its next/previous/first links, keeping every other query parameter."""

    def url(**changes: str | None) -> str:
        query = params.copy()
        for key in ("after", "before", "page"):
            query.pop(key, None)
        for key, value in changes.items():
            if value:
                query[key] = value
        encoded = query.urlencode()
        return f"?{encoded}" if encoded else "?"

    if "page_number" in page.extra:
        number = page.extra["page_number"]
        page.next_url = url(page=str(number + 1)) if page.has_next else ""
        page.previous_url = url(page=str(number - 1)) if number > 1 else ""
    else:
        page.next_url = url(after=page.next_cursor) if page.next_cursor else ""
        page.previous_url = url(before=page.previous_cursor) if page.previous_cursor else ""
    page.first_url = "" if page.is_first else url()
    return page


def offset_page(
    queryset: QuerySet[Any] | RankedMatches, *, number: int, per_page: int
) -> KeysetPage:
    """A numbered page without a total count, for orders no index holds (search relevance).

    Only the first MAX_OFFSET_PAGES pages are reachable: nobody reads further by relevance.
    """
    if not 1 <= number <= MAX_OFFSET_PAGES:
        raise InvalidCursor(str(number))
    start = (number - 1) * per_page
    rows = list(queryset[start : start + per_page + 1])
    has_more = len(rows) > per_page and number < MAX_OFFSET_PAGES
    return KeysetPage(
        object_list=rows[:per_page],
        next_cursor="more" if has_more else None,
        previous_cursor="less" if number > 1 else None,
        is_first=number == 1,
        extra={"page_number": number},
    )


def keyset_page(
    queryset: QuerySet[Any],
    *,
    sort: str,
    per_page: int,
    after: str | None = None,
    before: str | None = None,
) -> KeysetPage:
    """One page of `queryset` in `sort` order, starting after (or ending before) a cursor.

    Raises InvalidCursor for a cursor this site did not make.
    """
    keys = SORT_KEYS.get(sort, SORT_KEYS["newest"])
    descending = [f"-{key}" for key in keys]
    ascending = list(keys)

    def cursor_of(item: Any) -> str:
        return cursor_for(*(getattr(item, key) for key in keys))

    if before:
        values = decode_cursor(before, keys)
        rows = list(
            queryset.filter(beyond(keys, values, descending=False)).order_by(*ascending)[
                : per_page + 1
            ]
        )
        has_more_before = len(rows) > per_page
        rows = list(reversed(rows[:per_page]))
        return KeysetPage(
            object_list=rows,
            next_cursor=cursor_of(rows[-1]) if rows else None,
            previous_cursor=cursor_of(rows[0]) if rows and has_more_before else None,
            is_first=not has_more_before,
        )

    if after:
        queryset = queryset.filter(beyond(keys, decode_cursor(after, keys), descending=True))
    rows = list(queryset.order_by(*descending)[: per_page + 1])
    has_more = len(rows) > per_page
    rows = rows[:per_page]
    return KeysetPage(
        object_list=rows,
        next_cursor=cursor_of(rows[-1]) if rows and has_more else None,
        previous_cursor=cursor_of(rows[0]) if rows and after else None,
        is_first=not after,
    )


def paginate_examples(
    queryset: QuerySet[Any] | RankedMatches, *, sort: str, params: QueryDict, per_page: int
) -> KeysetPage:
    """The page of a list of examples the query string asks for, with its links.

    Relevance (a search rank no index holds) pages by number; every other order by cursor.
    Raises InvalidCursor for a cursor or page number this site would not make.
    """
    if not isinstance(queryset, QuerySet):  # search results by relevance
        raw = params.get("page") or "1"
        if not raw.isdigit():
            raise InvalidCursor(raw[:20])
        page = offset_page(queryset, number=int(raw), per_page=per_page)
    else:
        page = keyset_page(
            queryset,
            sort=sort if sort in SORT_KEYS else "newest",
            per_page=per_page,
            after=params.get("after"),
            before=params.get("before"),
        )
    return link_pages(page, params)


# The browse page names how many examples its filters found up to this many, and "more than"
# beyond: one COUNT over a LIMIT, which stops early however many examples match.
RESULT_COUNT_CAP = 100


def count_up_to(examples: QuerySet[Any] | RankedMatches, cap: int = RESULT_COUNT_CAP) -> int:
    """How many examples there are, counting no further than `cap + 1` (one query)."""
    matches = examples.matches if hasattr(examples, "matches") else examples
    return matches.order_by().values("pk")[: cap + 1].count()
