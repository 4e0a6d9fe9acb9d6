"""Behaviour list, behaviour page and the overview."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from examples import services
from tests.behaviours.tables import as_dict, html_table
from tests.behaviours.world import World
from tests.conftest import HTMX
from tests.factories import make_behaviour, make_example, make_member

TOO_FEW = "too few to show"


def count_queries(client, url: str, **extra) -> int:
    """Queries of one request with cold caches: every figure is counted afresh."""
    for alias in settings.CACHES:
        caches[alias].clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    assert response.status_code == 200
    return len(queries)


# --- Behaviour list ----------------------------------------------------------------------------


def test_the_list_shows_active_behaviours_with_published_counts_and_marks_retired_ones(
    world: World, login
) -> None:
    html = login(world.member).get("/behaviours/").content.decode()
    main = html.split('id="retired-heading"')[0]
    # Ownership: E1 E2 E4 E8 E10 E11 = 6 (E6 is by Tiny Consult, under the privacy floor, left
    # out as by every count); transparency: E3 E5 E9 = 3 (E7 is hidden).
    assert "Ownership" in main
    assert "6 examples" in main
    assert "3 examples" in main
    assert escape(world.ownership.summary_en) in main
    retired = html.split('id="retired-heading"')[1]
    assert "Proactivity" in retired
    assert "Retired" in retired
    assert "Proactivity" not in main


def test_the_list_needs_a_fixed_number_of_queries(world: World, login) -> None:
    client = login(world.member)
    before = count_queries(client, "/behaviours/")
    for _ in range(10):
        make_example(world.members["c1"], behaviour=world.ownership)
    # Session, member, two permission look-ups, the figures versions, the organisations' sizes
    # (privacy floor), the grouped count.
    assert count_queries(client, "/behaviours/") == before <= 7


# --- Behaviour page ----------------------------------------------------------------------------


def test_the_behaviour_page_shows_its_description_prompts_and_share_link(
    world: World, login
) -> None:
    response = login(world.member).get("/behaviours/ownership/")
    html = response.content.decode()
    assert response.status_code == 200
    # the heading carries the behaviour's colour and icon before its name
    assert re.search(r'<h1 class="behaviour-ownership">.*?</svg>Ownership', html)
    assert escape(world.ownership.in_practice_en).split("\n")[0] in html
    for prompt in world.ownership.prompt_list:
        assert escape(prompt) in html
    assert 'href="/examples/new/?behaviour=ownership"' in html
    assert "Share an example of this behaviour" in html


def test_the_behaviour_page_lists_visible_examples_newest_first(world: World, login) -> None:
    e = world.examples
    html = login(world.members["c2"]).get("/behaviours/transparency/").content.decode()
    assert e["E7"].title not in html  # hidden, and not c2's
    positions = [html.index(e[key].title) for key in ("E5", "E3", "E9")]
    assert positions == sorted(positions)


def test_the_author_and_moderators_still_see_a_hidden_example(world: World, login) -> None:
    title = world.examples["E7"].title
    assert title in login(world.members["p1"]).get("/behaviours/transparency/").content.decode()
    assert title in login(world.manager).get("/behaviours/transparency/").content.decode()


def test_an_unknown_behaviour_is_a_404(world: World, login) -> None:
    assert login(world.member).get("/behaviours/no-such-thing/").status_code == 404


def test_a_retired_behaviour_keeps_its_page_but_takes_no_new_examples(world: World, login) -> None:
    html = login(world.member).get("/behaviours/proactivity/").content.decode()
    assert "Retired" in html
    assert "Share an example of this behaviour" not in html


def test_the_behaviour_page_paginates_and_swaps_pages_with_htmx(db, login, settings) -> None:
    settings.PAGE_SIZE = 3
    behaviour = make_behaviour("feedback-test")
    member = make_member(name="Writer", preferred_language="en")
    titles = [make_example(member, behaviour=behaviour, title=f"Story {i}").title for i in range(5)]
    client = login(member)
    url = f"/behaviours/{behaviour.slug}/"
    first = client.get(url)
    html = first.content.decode()
    assert "Story 4" in html and "Story 1" not in html
    next_url = first.context["page"].next_url
    assert next_url.startswith("?after=") and f'href="{next_url}"' in html
    second = client.get(url + next_url, **HTMX)
    html = second.content.decode()
    assert "<html" not in html
    assert html.lstrip().startswith('<div id="behaviour-examples"')
    assert all(t in html for t in titles[:2]) and "Story 2" not in html
    assert not second.context["page"].has_next
    back = client.get(url + second.context["page"].previous_url)
    assert [e.title for e in back.context["page"]] == ["Story 4", "Story 3", "Story 2"]


def test_a_broken_page_link_on_the_behaviour_page_says_so(db, login) -> None:
    behaviour = make_behaviour("feedback-test")
    member = make_member(name="Writer", preferred_language="en")
    make_example(member, behaviour=behaviour, title="Story")
    client = login(member)
    url = f"/behaviours/{behaviour.slug}/"

    page = client.get(url + "?after=kapot")
    fragment = client.get(url + "?after=kapot", **HTMX)

    assert page.status_code == 400 and fragment.status_code == 422
    for response in (page, fragment):
        html = response.content.decode()
        assert "This page link is broken or out of date." in html
        # The way back is the first page: the same address without the broken cursor.
        assert 'href="?"' in html and "Story" not in html
    assert "<html" not in fragment.content.decode()


def test_the_behaviour_page_has_an_empty_state(db, login) -> None:
    behaviour = make_behaviour("empty-one")
    member = make_member(preferred_language="en")
    html = login(member).get(f"/behaviours/{behaviour.slug}/").content.decode()
    assert "No examples of this behaviour yet." in html


@pytest.mark.parametrize("extra", [{}, HTMX])
def test_the_behaviour_page_needs_a_fixed_number_of_queries(world: World, login, extra) -> None:
    client = login(world.member)
    before = count_queries(client, "/behaviours/ownership/", **extra)
    for i in range(25):
        example = make_example(
            world.members["p1"], behaviour=world.ownership, recognised=[world.C, world.Q]
        )
        if i % 5 == 0:
            services.hide_content(item=example, moderator=world.manager, reason="Test")
    assert count_queries(client, "/behaviours/ownership/", **extra) == before <= 9


# --- Overview ----------------------------------------------------------------------------------


def test_the_overview_counts_published_examples_per_behaviour_and_author_organisation(
    world: World, login
) -> None:
    html = login(world.member).get("/overview/").content.decode()
    table = as_dict(html_table(html, "overview"))
    header = html_table(html, "overview")[0]
    assert header == [
        "Behaviour",
        "Energie Noord",
        "Belnet Telecom",
        "DataCenter Partners",
        "Tiny Consult",
        "Total",
    ]
    assert table["Ownership"] == {
        "Energie Noord": "4",
        "Belnet Telecom": "0",
        "DataCenter Partners": "2",
        "Tiny Consult": TOO_FEW,
        "Total": "6",
    }
    assert table["Transparency"] == {
        "Energie Noord": "1",
        "Belnet Telecom": "1",
        "DataCenter Partners": "1",  # E7 is hidden
        "Tiny Consult": TOO_FEW,
        "Total": "3",
    }
    assert table["Total"] == {
        "Energie Noord": "5",
        "Belnet Telecom": "1",
        "DataCenter Partners": "3",
        "Tiny Consult": TOO_FEW,
        "Total": "9",
    }
    assert "by the organisation of the author" in html
    assert 'href="/dashboard/"' in html


def test_the_overview_uses_one_grouped_query_whatever_the_data(world: World, login) -> None:
    client = login(world.member)
    before = count_queries(client, "/overview/")
    for _ in range(20):
        make_example(world.members["q1"], behaviour=world.transparency)
    # Session, member, two permission look-ups, the figures versions, behaviours,
    # organisations, the grouped count.
    assert count_queries(client, "/overview/") == before <= 8
