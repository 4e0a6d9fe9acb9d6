"""PostgreSQL full-text search for examples (see docs/performance.md).

The stored `search_vector` holds title (weight A) and story (weight B) stemmed as Dutch and as
English. A query is parsed with websearch_to_tsquery in both configurations, so quotes,
"or" and "-word" work and no input can raise a syntax error. Rank orders the results (title
matches first); a highlighted headline shows where the words occur. When no example matches
exactly, trigram word similarity on the title forgives a typo.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    TrigramWordSimilarity,
)
from django.db.models import CharField, F, Func, TextField, Value

if TYPE_CHECKING:
    from examples.models import Example, ExampleQuerySet

# Markers no story can contain: control characters are taken out when a story is saved
# (Example.save) and, for rows saved before that, from the text the headline is cut from. The
# template escapes the headline first and then turns the markers into <mark>.
MARK_START, MARK_STOP = "\x02", "\x03"
CONTROL_CHARACTERS = "[\\x01-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f]"
# A common word matches a third of all examples; ranking them all would scan the table on every
# search. Relevance ranks the most recent RANKED_CANDIDATES matches (an index walk on
# created_at that stops early; a rare word comes through the GIN index either way). Sorting a
# search by newest, inspiring or discussed still sees every match.
RANKED_CANDIDATES = 400


class RankedMatches:
    """Search matches in order of relevance, sliced like a queryset: `ranked[20:41]`.

    Best rank first, the newest first among equal ranks, over the most recent
    RANKED_CANDIDATES matches. A slice costs two queries: the ids and ranks of the candidates,
    computed during one index walk, and then only the rows of the slice with everything a list
    shows (joins, organisations, headline). Ranking in one SQL query would fetch and join all
    the candidates' rows before sorting them (docs/performance.md).
    """

    def __init__(self, matches: ExampleQuerySet) -> None:
        self.matches = matches

    @property
    def candidates(self) -> ExampleQuerySet:
        return (
            self.matches.prefetch_related(None)
            .select_related(None)
            .order_by("-created_at", "-pk")[:RANKED_CANDIDATES]
        )

    def __getitem__(self, window: slice) -> list[Example]:
        # search() annotates the rank, which the type of the queryset does not know.
        ranked = list(self.candidates.values_list("pk", "rank"))  # type: ignore[misc]
        # A stable sort keeps the newest-first order of equal ranks.
        ranked.sort(key=lambda row: -row[1])
        ids = [pk for pk, _ in ranked[window]]
        rows = {example.pk: example for example in self.matches.filter(pk__in=ids).order_by()}
        return [rows[pk] for pk in ids if pk in rows]


def _query(text: str) -> SearchQuery:
    return SearchQuery(text, config="dutch", search_type="websearch") | SearchQuery(
        text, config="english", search_type="websearch"
    )


def full_text_search(examples: ExampleQuerySet, text: str) -> ExampleQuerySet:
    query = _query(text)
    matches = examples.filter(search_vector=query)
    if matches.exists():
        return matches.annotate(
            rank=SearchRank(F("search_vector"), query, weights=[0.1, 0.2, 0.4, 1.0]),
            headline=_headline(query),
        )
    # No exact word: a typo? Compare the words of the title by trigram similarity.
    # `<%` is answered by the trigram GIN index on the title (migration 0004).
    return examples.filter(title__trigram_word_similar=text).annotate(
        rank=TrigramWordSimilarity(text, "title"),
        headline=Value("", output_field=CharField()),
    )


def _headline(query: SearchQuery) -> SearchHeadline:
    story = Func(
        F("what_happened"),
        Value(CONTROL_CHARACTERS),
        Value(""),
        Value("g"),
        function="REGEXP_REPLACE",
        output_field=TextField(),
    )
    return SearchHeadline(
        story,
        query,
        config="dutch",
        start_sel=MARK_START,
        stop_sel=MARK_STOP,
        max_words=30,
        min_words=12,
        max_fragments=2,
        fragment_delimiter=" … ",
    )
