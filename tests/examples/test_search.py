"""Search: PostgreSQL full-text search, and the contains fallback on SQLite."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.db import connection

from examples import services
from tests.factories import make_example

URL = "/"

on_postgres = pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="full-text search runs on PostgreSQL"
)
on_sqlite = pytest.mark.skipif(
    "connection.vendor != 'sqlite'", reason="the contains fallback runs on SQLite"
)


def titles(response) -> list[str]:
    assert response.status_code == 200, response.content[:500]
    return [example.title for example in response.context["page"].object_list]


@pytest.fixture
def stories(author):
    make_example(
        author,
        title="Storing in het datacentrum snel opgelost",
        what_happened="De opslag viel uit; Karin belde iedereen binnen tien minuten.",
    )
    make_example(
        author,
        title="Outage of the telephony platform",
        what_happened="The partner warned us before customers noticed the outages.",
    )
    make_example(
        author,
        title="Feedback in de kwartaalreview",
        what_happened="Tijdens de review over de storing gaf Ahmed eerlijke feedback.",
    )


@on_postgres
@pytest.mark.django_db
@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("storingen", "Storing in het datacentrum snel opgelost"),  # Dutch plural → stem
        ("outages", "Outage of the telephony platform"),  # English plural → stem
        ("warning", "Outage of the telephony platform"),  # "warned" in the story
    ],
)
def test_search_finds_dutch_and_english_word_forms(login, client_member, stories, words, expected):
    assert expected in titles(login(client_member).get(URL, {"q": words}))


@on_postgres
@pytest.mark.django_db
def test_title_matches_rank_above_story_matches(login, client_member, stories):
    found = titles(login(client_member).get(URL, {"q": "storing"}))
    assert found == ["Storing in het datacentrum snel opgelost", "Feedback in de kwartaalreview"]


@on_postgres
@pytest.mark.django_db
def test_a_typo_still_finds_the_title(login, client_member, stories):
    assert titles(login(client_member).get(URL, {"q": "datacentrm"})) == [
        "Storing in het datacentrum snel opgelost"
    ]


@on_postgres
@pytest.mark.django_db
def test_the_snippet_highlights_the_words_and_escapes_the_story(login, client_member, author):
    make_example(
        author, title="Escalatie", what_happened="<script>alert(1)</script> De escalatie liep goed."
    )
    html = login(client_member).get(URL, {"q": "escalatie"}).content.decode()
    assert "<mark>" in html
    assert "<script>alert(1)" not in html


@on_sqlite
@pytest.mark.django_db
def test_on_sqlite_every_word_must_occur(login, client_member, stories):
    assert titles(login(client_member).get(URL, {"q": "storing datacentrum"})) == [
        "Storing in het datacentrum snel opgelost"
    ]


@pytest.mark.django_db
def test_search_never_returns_hidden_examples(login, client_member, author, manager):
    hidden = make_example(author, title="Geheime storing")
    services.hide_content(item=hidden, moderator=manager, reason="Klantnamen")
    assert "Geheime storing" not in titles(login(client_member).get(URL, {"q": "storing"}))
    assert "Geheime storing" not in titles(login(client_member).get(URL, {"q": "geheime"}))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "words",
    [
        '"storing',
        "storing & | ! ( ) :*",
        "-storing",
        "storing or outage",
        "' OR 1=1 --",
        "<script>",
        "ü" * 200,
        "a " * 100,
        "\\",
        "%_",
    ],
)
def test_search_does_not_break_on_any_input(login, client_member, stories, words):
    response = login(client_member).get(URL, {"q": words})
    assert response.status_code == 200


@pytest.mark.django_db
def test_search_results_page_by_relevance_without_a_count(login, client_member, author, settings):
    settings.PAGE_SIZE = 2
    for n in range(5):
        make_example(author, title=f"Storing nummer {n}")
    client = login(client_member)

    first = client.get(URL, {"q": "storing"})
    second = client.get(URL + first.context["page"].next_url)
    third = client.get(URL + second.context["page"].next_url)

    seen = titles(first) + titles(second) + titles(third)
    assert sorted(seen) == [f"Storing nummer {n}" for n in range(5)]
    assert not third.context["page"].has_next
    if connection.vendor == "postgresql":
        assert "page=2" in first.context["page"].next_url


@pytest.mark.django_db
def cold() -> None:
    """Empty the caches: the cards, the count of matches, the organisations' sizes it uses,
    and the signed-in member (so a cold page also loads the session and the member)."""
    caches["fragments"].clear()
    caches["default"].clear()


def test_a_search_costs_the_same_queries_for_3_and_for_60_matches(
    login, client_member, author, django_assert_max_num_queries
):
    client = login(client_member)
    client.get(URL)  # the first request caches the member
    for n in range(3):
        make_example(author, title=f"Storing {n}")
    cold()
    with django_assert_max_num_queries(17) as small_cold:
        client.get(URL, {"q": "storing"})
    with django_assert_max_num_queries(12) as small_warm:
        client.get(URL, {"q": "storing"})
    for n in range(57):
        make_example(author, title=f"Storing meer {n}", recognised=[author.organisation])
    cold()
    with django_assert_max_num_queries(17) as large_cold:
        client.get(URL, {"q": "storing"})
    with django_assert_max_num_queries(12) as large_warm:
        client.get(URL, {"q": "storing"})
    assert len(large_cold.captured_queries) == len(small_cold.captured_queries)
    assert len(large_warm.captured_queries) == len(small_warm.captured_queries)
    # With the cards' headers and footers cached, their full rows are not loaded at all.
    assert len(large_warm.captured_queries) < len(large_cold.captured_queries)


@on_postgres
@pytest.mark.django_db
def test_relevance_ranks_the_newest_candidates_in_the_order_postgresql_would(author, monkeypatch):
    from examples import search
    from examples.models import Example

    # Ties (the same title and story) and different ranks (title or story match), posted in
    # an order that differs from both.
    for n in range(12):
        if n % 3 == 0:
            make_example(author, title=f"Storing {n}", what_happened="Opgelost.")
        else:
            make_example(author, title=f"Voorval {n}", what_happened="Een storing, snel opgelost.")
    make_example(author, title="Iets anders", what_happened="Geen treffer hier.")
    monkeypatch.setattr(search, "RANKED_CANDIDATES", 10)

    matches = Example.objects.published().search("storing")
    newest = matches.order_by("-created_at", "-pk").values("pk")[:10]
    expected = list(
        matches.filter(pk__in=newest)
        .order_by("-rank", "-created_at", "-pk")
        .values_list("title", flat=True)
    )
    ranked = matches.sorted_by("relevance")
    assert [e.title for e in ranked[0:4]] + [e.title for e in ranked[4:20]] == expected
    assert len(expected) == 10 and expected[0].startswith("Storing")
    assert "Storing 0" not in expected and "Voorval 1" not in expected  # the two oldest
