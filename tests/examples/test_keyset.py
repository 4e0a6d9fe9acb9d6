from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from examples.models import SORT_KEYS, Example
from partnership.pagination import InvalidCursor, cursor_for, keyset_page
from tests.factories import make_example


def _walk(sort: str, per_page: int, add_meanwhile=None) -> list[int]:
    seen: list[int] = []
    after = None
    while True:
        page = keyset_page(
            Example.objects.all(), keys=SORT_KEYS[sort], per_page=per_page, after=after
        )
        seen.extend(example.pk for example in page)
        if add_meanwhile:
            add_meanwhile()
        if not page.has_next:
            return seen
        after = page.next_cursor


@pytest.fixture
def examples(author):
    now = timezone.now()
    made = []
    for n in range(23):
        example = make_example(author, title=f"Example {n}")
        # Ties on purpose: several examples share a timestamp and a count.
        Example.objects.filter(pk=example.pk).update(
            created_at=now - timedelta(hours=n // 3), reaction_count=n % 4, comment_count=n % 2
        )
        made.append(example.pk)
    return made


@pytest.mark.django_db
@pytest.mark.parametrize("sort", ["newest", "inspiring", "discussed"])
def test_paging_through_the_whole_list_returns_every_example_once(examples, sort):
    seen = _walk(sort, per_page=5)
    assert sorted(seen) == sorted(examples)
    assert len(seen) == len(set(seen))


@pytest.mark.django_db
def test_examples_posted_while_paging_neither_repeat_nor_hide_older_ones(examples, author):
    seen = _walk("newest", per_page=4, add_meanwhile=lambda: make_example(author))
    # Newer examples appear on page 1 on the next visit; the walk sees each older one once.
    assert sorted(seen) == sorted(examples)


@pytest.mark.django_db
def test_the_previous_page_is_the_page_before(examples):
    first = keyset_page(Example.objects.all(), per_page=5)
    second = keyset_page(Example.objects.all(), per_page=5, after=first.next_cursor)
    back = keyset_page(Example.objects.all(), per_page=5, before=second.previous_cursor)
    assert [e.pk for e in back] == [e.pk for e in first]
    assert back.is_first and not back.has_previous
    assert second.has_previous and not first.has_previous


@pytest.mark.parametrize(
    "cursor",
    [
        "not-base64!!",
        cursor_for("yesterday", 1),
        cursor_for(1, 2, 3, 4),
        cursor_for("2026-01-01T00:00:00", 1),  # no time zone
        cursor_for("2026-01-01T00:00:00+00:00", "1; DROP TABLE"),
        "A" * 500,
    ],
)
@pytest.mark.django_db
def test_a_cursor_the_site_did_not_make_is_refused(cursor):
    with pytest.raises(InvalidCursor):
        keyset_page(Example.objects.all(), per_page=5, after=cursor)
