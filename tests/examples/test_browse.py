"""The browse page (home): visibility, filters, search, sort, HTMX fragments and query budget."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from examples import services
from examples.models import Example
from tests.conftest import HTMX
from tests.factories import make_comment, make_example, make_member, make_organisation

URL = reverse("examples:browse")


@pytest.fixture
def member(client_member):
    """A member of the client organisation who reads the site in English."""
    client_member.preferred_language = "en"
    client_member.save(update_fields=["preferred_language"])
    return client_member


def _titles(response) -> list[str]:
    return [example.title for example in response.context["page"].object_list]


@pytest.mark.django_db
def test_it_sends_anonymous_visitors_to_the_login_page(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.django_db
def test_a_member_sees_published_examples_and_their_own_hidden_ones(login, author, member, manager):
    make_example(author, title="Published story")
    theirs = make_example(author, title="Hidden story of someone else")
    mine = make_example(member, title="My hidden story")
    for example in (theirs, mine):
        services.hide_content(item=example, moderator=manager, reason="Names of customers")

    response = login(member).get(URL)

    assert response.status_code == 200
    assert sorted(_titles(response)) == ["My hidden story", "Published story"]
    assert "Hidden story of someone else" not in response.content.decode()


@pytest.mark.django_db
def test_each_row_shows_behaviour_organisations_author_snippet_and_counts(
    login, author, member, client_org, partner_org, behaviour
):
    example = make_example(
        author,
        behaviour=behaviour,
        recognised=[client_org],
        title="Storing met de telefooncentrale",
        what_happened="Piet **belde** de klant direct terug.",
    )
    make_comment(example, member)
    services.toggle_reaction(example=example, member=member)

    html = login(member).get(URL).content.decode()

    assert "Storing met de telefooncentrale" in html
    assert str(behaviour.name) in html
    assert author.display_name in html
    assert partner_org.name in html  # the author's organisation
    assert client_org.name in html  # the recognised one
    assert "Piet belde de klant direct terug." in html  # a plain-text snippet
    assert "1 comment" in html


@pytest.mark.django_db
def test_it_lists_the_newest_first(login, author, member):
    older = make_example(author, title="Older")
    make_example(author, title="Newer")
    Example.objects.filter(pk=older.pk).update(created_at=timezone.now() - timedelta(days=3))

    assert _titles(login(member).get(URL)) == ["Newer", "Older"]


@pytest.mark.django_db
def test_it_filters_by_behaviour(login, author, member, behaviour, other_behaviour):
    make_example(author, behaviour=behaviour, title="About ownership")
    make_example(author, behaviour=other_behaviour, title="About transparency")

    response = login(member).get(URL, {"behaviour": other_behaviour.slug})

    assert _titles(response) == ["About transparency"]


@pytest.mark.django_db
def test_it_filters_by_an_organisation_posting_or_recognised(
    login, author, member, client_org, other_partner_org
):
    make_example(author, recognised=[client_org], title="Recognises the client")
    make_example(member, recognised=[client_org], title="Posted by the client")
    make_example(author, recognised=[other_partner_org], title="Not about the client")

    response = login(member).get(URL, {"organisation": client_org.slug})

    assert sorted(_titles(response)) == ["Posted by the client", "Recognises the client"]


@pytest.mark.django_db
def test_it_searches_title_and_story(login, author, member):
    make_example(author, title="Datacentre migration", what_happened="Everyone helped.")
    make_example(author, title="Phones", what_happened="The datacentre team called back.")
    make_example(author, title="Laptops", what_happened="Nothing about it.")

    response = login(member).get(URL, {"q": "DATACENTRE"})

    assert sorted(_titles(response)) == ["Datacentre migration", "Phones"]


@pytest.mark.django_db
def test_it_sorts_by_most_inspiring_and_most_discussed(login, author, member):
    quiet = make_example(author, title="Quiet")
    liked = make_example(author, title="Liked")
    talked = make_example(author, title="Talked about")
    Example.objects.filter(pk=liked.pk).update(reaction_count=5)
    Example.objects.filter(pk=talked.pk).update(comment_count=7)
    Example.objects.filter(pk=quiet.pk).update(created_at=timezone.now() + timedelta(minutes=1))
    client = login(member)

    assert _titles(client.get(URL, {"sort": "inspiring"}))[0] == "Liked"
    assert _titles(client.get(URL, {"sort": "discussed"}))[0] == "Talked about"
    assert _titles(client.get(URL, {"sort": "newest"}))[0] == "Quiet"


@pytest.mark.django_db
def test_filters_combine_and_pagination_links_keep_them(login, author, member, behaviour, settings):
    settings.PAGE_SIZE = 2
    for n in range(3):
        make_example(author, behaviour=behaviour, title=f"Match {n}")
    make_example(author, title="Other words")

    client = login(member)
    response = client.get(URL, {"behaviour": behaviour.slug, "q": "match", "sort": "newest"})

    page = response.context["page"]
    assert [e.title for e in page.object_list] == ["Match 2", "Match 1"]
    html = response.content.decode()
    assert f"behaviour={behaviour.slug}" in page.next_url
    assert "q=match" in page.next_url
    assert "after=" in page.next_url
    assert page.next_url.replace("&", "&amp;") in html

    second = client.get(URL + page.next_url)
    assert [e.title for e in second.context["page"].object_list] == ["Match 0"]
    assert not second.context["page"].has_next
    assert second.context["page"].previous_url


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"behaviour": "no-such-behaviour"}, "There is no such behaviour."),
        ({"organisation": "nobody"}, "There is no such organisation."),
        ({"organisation": "x" * 500}, "There is no such organisation."),
        ({"sort": "oldest"}, "Examples cannot be sorted that way."),
        ({"q": "x" * 201}, "200"),
        ({"q": "a\x00b"}, "Null characters are not allowed."),
        ({"behaviour": "own\x00ership"}, "There is no such behaviour."),
    ],
)
def test_bad_filters_re_render_the_page_with_a_message_and_a_400(
    login, member, behaviour, params, message
):
    response = login(member).get(URL, params)

    assert response.status_code == 400
    html = response.content.decode()
    assert "<html" in html
    assert message in html


@pytest.mark.django_db
def test_a_bad_filter_in_an_htmx_request_swaps_in_the_message(login, member):
    response = login(member).get(URL, {"sort": "oldest"}, **HTMX)

    assert response.status_code == 422
    assert "<html" not in response.content.decode()
    assert 'role="alert"' in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params", [{"after": "abc"}, {"before": "x" * 300}, {"after": "WzEsMl0"}, {"after": "%00"}]
)
def test_a_page_link_the_site_did_not_make_is_a_400_with_a_message(login, author, member, params):
    make_example(author)

    response = login(member).get(URL, params)

    assert response.status_code == 400
    assert "This page link is broken or out of date." in response.content.decode()


@pytest.mark.django_db
def test_the_empty_state_differs_when_filters_are_active(login, member, behaviour):
    client = login(member)

    unfiltered = client.get(URL).content.decode()
    filtered = client.get(URL, {"behaviour": behaviour.slug}).content.decode()

    assert "Be the first" in unfiltered
    assert "No examples match these filters." in filtered
    assert "Clear the filters" in filtered


@pytest.mark.django_db
def test_an_htmx_request_gets_only_the_list(login, author, member):
    make_example(author, title="In the fragment")

    response = login(member).get(URL, {"q": "fragment"}, **HTMX)

    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert 'id="example-results"' in html
    assert "In the fragment" in html
    assert 'role="search"' not in html  # the filter form stays on the page


@pytest.mark.django_db
def test_a_full_request_and_a_history_restore_get_the_whole_page(login, author, member):
    make_example(author)
    client = login(member)

    full = client.get(URL)
    restore = client.get(URL, HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true")

    for response in (full, restore):
        html = response.content.decode()
        assert "<html" in html
        assert 'role="search"' in html
        assert 'id="example-results"' in html


@pytest.mark.django_db
def test_it_tells_caches_that_htmx_requests_differ(login, member):
    response = login(member).get(URL)

    assert "HX-Request" in response["Vary"]


@pytest.mark.django_db
def test_the_filter_form_swaps_the_list_and_pushes_the_url(login, member):
    html = login(member).get(URL).content.decode()

    assert f'hx-get="{URL}"' in html
    assert 'hx-target="#example-results"' in html
    assert 'hx-push-url="true"' in html
    assert f'action="{URL}"' in html  # and works without JavaScript


@pytest.mark.django_db
def test_it_keeps_to_the_same_number_of_queries_for_10_and_200_examples(
    login,
    member,
    client_org,
    partner_org,
    other_partner_org,
    behaviour,
    django_assert_max_num_queries,
):
    authors = [make_member(org) for org in (client_org, partner_org, other_partner_org)]
    extra_orgs = [make_organisation() for _ in range(3)]

    def add_examples(count: int) -> None:
        for n in range(count):
            make_example(
                authors[n % 3],
                behaviour=behaviour,
                recognised=[extra_orgs[n % 3], client_org],
            )

    client = login(member)
    add_examples(10)
    client.get(URL)  # warm up: sessions, content types
    # Both measured with no card cached: the page's cards are loaded and rendered each time.
    caches["fragments"].clear()
    with django_assert_max_num_queries(12) as small:
        assert client.get(URL, {"organisation": client_org.slug}).status_code == 200
    add_examples(190)
    caches["fragments"].clear()
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(URL, {"organisation": client_org.slug}).status_code == 200


# --- The filters' choices come from the cache (examples.caching.choices) --------------------


@pytest.mark.django_db
def test_a_filter_link_seen_again_looks_up_no_behaviour_or_organisation(
    login, author, member, behaviour, partner_org
):
    make_example(author, behaviour=behaviour, recognised=[partner_org])
    client = login(member)
    params = {"behaviour": behaviour.slug, "organisation": partner_org.slug}
    client.get(URL, params)

    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL, params)

    lookups = [
        query["sql"]
        for query in captured.captured_queries
        if '."slug" =' in query["sql"] or '."slug" IN' in query["sql"]
    ]
    assert response.status_code == 200 and lookups == []
    assert _titles(response) == [Example.objects.get().title]
    assert response.context["form"].cleaned_data["organisation"] == partner_org


@pytest.mark.django_db
def test_a_new_or_renamed_organisation_is_a_filter_at_once(login, author, member, partner_org):
    client = login(member)
    client.get(URL, {"organisation": partner_org.slug})  # the choices are cached now
    newcomer = make_organisation("Nieuwkomer BV")
    make_example(make_member(newcomer), recognised=[newcomer], title="Van de nieuwkomer")
    partner_org.slug = "hernoemd"
    partner_org.save()

    found = client.get(URL, {"organisation": newcomer.slug})
    renamed = client.get(URL, {"organisation": "hernoemd"})
    old = client.get(URL, {"organisation": "datacenter-partners"})

    assert found.status_code == 200 and "Van de nieuwkomer" in _titles(found)
    assert renamed.status_code == 200
    assert old.status_code == 400 and "There is no such organisation." in old.content.decode()


@pytest.mark.django_db
def test_filters_still_work_with_the_fragment_cache_off(login, author, member, behaviour, settings):
    settings.FRAGMENT_CACHE_SECONDS = 0
    make_example(author, behaviour=behaviour, title="Gevonden")
    client = login(member)

    assert _titles(client.get(URL, {"behaviour": behaviour.slug})) == ["Gevonden"]
    assert client.get(URL, {"behaviour": "no-such-behaviour"}).status_code == 400
