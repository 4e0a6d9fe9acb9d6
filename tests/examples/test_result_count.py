"""The browse page says how many examples its filters found, counted cheaply up to a cap."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import HTMX
from tests.factories import make_behaviour, make_example

pytestmark = pytest.mark.django_db

URL = reverse("examples:browse")


@pytest.fixture(autouse=True)
def _floor_of_one(settings):
    # The cast's organisations have one member each: a floor of one shows their figures.
    settings.PRIVACY_MIN_GROUP_SIZE = 1


def test_a_filter_on_a_small_organisation_never_prints_its_count(
    login, client_member, partner_member, partner_org, behaviour, settings
):
    settings.PRIVACY_MIN_GROUP_SIZE = 2  # the partner has one member: under the floor
    for _ in range(3):
        make_example(partner_member, behaviour=behaviour)
    make_example(client_member, behaviour=behaviour)
    page = login(client_member).get(URL, {"organisation": partner_org.slug}).content.decode()
    assert "3 voorbeelden gevonden" not in page
    assert "0 voorbeelden gevonden" in page
    assert "tellen hier niet mee" in page


def test_a_filtered_list_is_headed_by_its_count(login, client_member, behaviour):
    other = make_behaviour("transparency")
    for _ in range(3):
        make_example(client_member, behaviour=behaviour)
    make_example(client_member, behaviour=other)
    client = login(client_member)

    page = client.get(URL, {"behaviour": behaviour.slug}).content.decode()
    assert "3 voorbeelden gevonden" in page
    fragment = client.get(URL, {"behaviour": other.slug}, **HTMX).content.decode()
    assert "1 voorbeeld gevonden" in fragment
    assert "data-announce" in fragment  # read out after the swap


def test_beyond_the_cap_it_says_more_than(login, client_member, behaviour, monkeypatch):
    monkeypatch.setattr("examples.views.RESULT_COUNT_CAP", 2)
    monkeypatch.setattr("examples.caching.RESULT_COUNT_CAP", 2)
    for _ in range(4):
        make_example(client_member, behaviour=behaviour)
    page = login(client_member).get(URL, {"behaviour": behaviour.slug}).content.decode()
    assert "Meer dan 2 voorbeelden gevonden" in page


def test_the_count_is_one_query_that_stops_at_the_cap(login, client_member, behaviour):
    make_example(client_member, behaviour=behaviour)
    client = login(client_member)
    client.get(URL)
    with CaptureQueriesContext(connection) as captured:
        client.get(URL, {"q": "ownership"})
    # The examples counted (the notification bell counts its own, unread notifications).
    counts = [
        q["sql"]
        for q in captured.captured_queries
        if "COUNT(" in q["sql"].upper() and '"examples_example"' in q["sql"]
    ]
    assert len(counts) == 1
    assert "LIMIT 101" in counts[0]


def test_the_unfiltered_home_page_is_not_counted(login, client_member, behaviour):
    make_example(client_member, behaviour=behaviour)
    client = login(client_member)
    client.get(URL)
    with CaptureQueriesContext(connection) as captured:
        page = client.get(URL).content.decode()
    # No examples counted (the notification bell counts its own, unread notifications).
    assert not [
        q
        for q in captured.captured_queries
        if "COUNT(" in q["sql"].upper() and '"examples_example"' in q["sql"]
    ]
    assert "voorbeelden gevonden" not in page and "voorbeeld gevonden" not in page


def test_two_pagination_landmarks_on_an_organisation_page_have_different_names(
    login, client_member, client_org, settings
):
    settings.PAGE_SIZE = 1
    for _ in range(2):
        make_example(client_member, recognised=[client_org])
    page = (
        login(client_member)
        .get(reverse("partnership:organisation", args=[client_org.slug]))
        .content.decode()
    )
    labels = [
        chunk.split('"', 1)[0] for chunk in page.split('<nav class="pagination" aria-label="')[1:]
    ]
    assert len(labels) == 2
    assert len(set(labels)) == 2


# --- The count of what everyone sees is cached (examples.caching.found) ---------------------


def test_a_members_own_hidden_example_counts_for_them_only(
    login, client_member, partner_member, manager, behaviour
):
    from examples import services

    make_example(partner_member, behaviour=behaviour)
    hidden = make_example(client_member, behaviour=behaviour)
    services.hide_content(item=hidden, moderator=manager, reason="Graag anders")
    params = {"behaviour": behaviour.slug}

    as_partner = login(partner_member).get(URL, params).content.decode()  # caches the count
    as_author = login(client_member).get(URL, params).content.decode()
    as_manager = login(manager).get(URL, params).content.decode()

    assert "1 voorbeeld gevonden" in as_partner
    assert "2 voorbeelden gevonden" in as_author
    assert "2 voorbeelden gevonden" in as_manager


def test_a_new_or_hidden_example_moves_the_cached_count_at_once(
    login, client_member, partner_member, manager, behaviour
):
    from examples import services

    first = make_example(partner_member, behaviour=behaviour)
    client = login(client_member)
    params = {"behaviour": behaviour.slug}
    assert "1 voorbeeld gevonden" in client.get(URL, params).content.decode()

    make_example(partner_member, behaviour=behaviour)
    assert "2 voorbeelden gevonden" in client.get(URL, params).content.decode()

    services.hide_content(item=first, moderator=manager, reason="Spam")
    assert "1 voorbeeld gevonden" in client.get(URL, params).content.decode()


def test_the_count_seen_again_asks_the_database_no_more(login, client_member, behaviour):
    make_example(client_member, behaviour=behaviour)
    client = login(client_member)
    client.get(URL, {"behaviour": behaviour.slug})
    with CaptureQueriesContext(connection) as captured:
        page = client.get(URL, {"behaviour": behaviour.slug}).content.decode()
    counts = [
        q["sql"]
        for q in captured.captured_queries
        if "COUNT(" in q["sql"].upper() and '"examples_example"' in q["sql"]
    ]
    assert counts == [] and "1 voorbeeld gevonden" in page


def test_a_members_hidden_example_is_counted_at_once_when_it_is_hidden(
    login, client_member, partner_member, manager, behaviour
):
    from examples import services

    mine = make_example(client_member, behaviour=behaviour)
    make_example(partner_member, behaviour=behaviour)
    client = login(client_member)
    params = {"behaviour": behaviour.slug}
    assert "2 voorbeelden gevonden" in client.get(URL, params).content.decode()

    services.hide_content(item=mine, moderator=manager, reason="Graag anders")

    assert "2 voorbeelden gevonden" in client.get(URL, params).content.decode()
    assert "1 voorbeeld gevonden" in login(partner_member).get(URL, params).content.decode()
