"""The example detail page: the story, who may see it, and what each role is offered."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.urls import reverse

from examples import services
from partnership.pagination import cursor_for
from tests.conftest import HTMX
from tests.factories import make_comment, make_example, make_member, make_service_area


@pytest.fixture
def login(login_in_english):
    """These tests read the English text."""
    return login_in_english


@pytest.fixture
def example(author, client_org, partner_org):
    author.job_title = "Service manager"
    author.save(update_fields=["job_title"])
    return make_example(
        author,
        title="Storing opgelost voor de deadline",
        what_happened="Piet nam **eigenaarschap** van de storing.",
        partnership_impact="Het vertrouwen groeide.",
        recognised=[client_org, partner_org],
        service_area=make_service_area("datacentre"),
    )


def detail_url(example) -> str:
    return reverse("examples:detail", args=[example.pk])


@pytest.mark.django_db
def test_it_shows_the_story_and_its_facts(login, client_member, example):
    response = login(client_member).get(detail_url(example))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Storing opgelost voor de deadline" in html
    assert "<strong>eigenaarschap</strong>" in html  # Markdown rendered
    assert "What it did for the partnership" in html
    assert "Het vertrouwen groeide." in html
    assert "Anna Auteur" in html and "Service manager" in html
    assert "Energie Noord" in html and "DataCenter Partners" in html
    assert "Datacentre" in html
    assert example.behaviour.get_absolute_url() in html
    assert example.author.get_absolute_url() in html
    assert 'datetime="2026-01-15"' in html
    # The story sits inside an element where htmx processes no attributes.
    assert 'class="user-content example-story" hx-disable' in html


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_login(client, example):
    response = client.get(detail_url(example))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.django_db
def test_an_unknown_example_is_a_404(login, client_member):
    assert login(client_member).get("/examples/999999/").status_code == 404


@pytest.mark.django_db
def test_only_the_author_gets_an_edit_link(login, author, partner_member, example):
    edit_url = reverse("examples:edit", args=[example.pk])
    assert edit_url in login(author).get(detail_url(example)).content.decode()
    assert edit_url not in login(partner_member).get(detail_url(example)).content.decode()


@pytest.mark.django_db
def test_moderation_links_are_for_managers_only(login, manager, client_member, example):
    hide_url = reverse("examples:hide_example", args=[example.pk])
    assert hide_url in login(manager).get(detail_url(example)).content.decode()
    assert hide_url not in login(client_member).get(detail_url(example)).content.decode()


@pytest.mark.django_db
def test_members_can_report_others_examples_but_not_their_own(
    login, author, client_member, example
):
    report_url = reverse("examples:report_example", args=[example.pk])
    assert report_url in login(client_member).get(detail_url(example)).content.decode()
    assert report_url not in login(author).get(detail_url(example)).content.decode()


@pytest.mark.django_db
def test_a_hidden_example_shows_its_author_the_reason(login, author, manager, example):
    services.hide_content(item=example, moderator=manager, reason="Klantnamen genoemd")
    html = login(author).get(detail_url(example)).content.decode()
    assert "This example is hidden." in html
    assert "Klantnamen genoemd" in html
    assert "Hidden by Mona Manager" in html
    assert "Only you and the partnership managers can see it." in html


@pytest.mark.django_db
def test_a_hidden_example_is_a_404_for_other_members(
    login, author, manager, client_member, partner_member, example
):
    services.hide_content(item=example, moderator=manager, reason="Klantnamen genoemd")
    assert login(client_member).get(detail_url(example)).status_code == 404
    assert login(partner_member).get(detail_url(example)).status_code == 404
    # Nor can a page of its comments be fetched, with or without HTMX.
    more = detail_url(example) + "?comments_after=" + cursor_for(example.created_at, 1)
    assert login(client_member).get(more).status_code == 404
    assert login(client_member).get(more, **HTMX).status_code == 404


@pytest.mark.django_db
def test_managers_see_a_hidden_example_with_a_restore_link(login, manager, example):
    services.hide_content(item=example, moderator=manager, reason="Klantnamen genoemd")
    html = login(manager).get(detail_url(example)).content.decode()
    assert "Klantnamen genoemd" in html
    assert reverse("examples:restore_example", args=[example.pk]) in html


@pytest.mark.django_db
def test_a_script_in_the_story_never_reaches_the_page(login, client_member, author):
    example = make_example(author, what_happened="Hallo <script>alert('x')</script> wereld")
    html = login(client_member).get(detail_url(example)).content.decode()
    assert "<script>alert" not in html


@pytest.mark.django_db
def test_comments_are_listed_oldest_first_with_author_and_organisation(
    login, client_member, partner_member, example
):
    make_comment(example, client_member, "Eerste reactie")
    make_comment(example, partner_member, "Tweede reactie")
    html = login(client_member).get(detail_url(example)).content.decode()
    assert html.index("Eerste reactie") < html.index("Tweede reactie")
    assert "Clara Client</a> (Energie Noord)" in html
    assert "2 comments" in html


@pytest.mark.django_db
def test_a_get_with_htmx_still_gets_the_whole_page(login, client_member, example):
    # The cancel link of an inline comment edit selects one comment out of this page.
    response = login(client_member).get(detail_url(example), **HTMX)
    assert "<html" in response.content.decode()


@pytest.mark.django_db
def test_only_get_is_allowed(login, client_member, example):
    assert login(client_member).post(detail_url(example)).status_code == 405


@pytest.mark.django_db
@pytest.mark.parametrize("comment_total", [2, 50])
def test_the_detail_page_uses_a_fixed_number_of_queries(
    login, client_member, partner_org, example, comment_total, django_assert_max_num_queries
):
    people = [make_member(partner_org) for _ in range(5)]
    for n in range(comment_total):
        make_comment(example, people[n % 5], f"Reactie {n}")
    client = login(client_member)
    with django_assert_max_num_queries(10):  # 9, and the bell's unread count
        response = client.get(detail_url(example))
    assert response.content.decode().count('class="comment"') == comment_total


@pytest.mark.django_db
def test_a_long_thread_comes_in_pages_with_and_without_htmx(
    login, client_member, partner_member, example, settings
):
    settings.COMMENTS_PAGE_SIZE = 3
    for n in range(7):
        make_comment(example, partner_member, f"Reactie nummer {n}")
    client = login(client_member)
    url = detail_url(example)

    def shown(html: str) -> list[int]:
        return [n for n in range(7) if f"Reactie nummer {n}<" in html]

    first = client.get(url)
    html = first.content.decode()
    assert shown(html) == [0, 1, 2]
    more = first.context["more_comments"]
    assert more.startswith("?comments_after=") and f'href="{more}#comments"' in html

    # With HTMX: only the next comments and the next link, to replace the link.
    fragment = client.get(url + more, **HTMX)
    part = fragment.content.decode()
    assert "<html" not in part and shown(part) == [3, 4, 5]
    assert 'id="more-comments"' in part
    next_more = re.search(r'hx-get="([^"]+)"', part[part.index('id="more-comments"') :])
    assert next_more is not None
    last = client.get(url + unescape(next_more.group(1)), **HTMX).content.decode()
    assert shown(last) == [6] and 'id="more-comments"' not in last

    # Without JavaScript: the page with the next comments and a way back to the first.
    page = client.get(url + more).content.decode()
    assert shown(page) == [3, 4, 5] and "<html" in page and f'href="{url}#comments"' in page

    # A broken link says so: the page shows the first comments, a swap adds none.
    broken_page = client.get(url + "?comments_after=kapot")
    broken_swap = client.get(url + "?comments_after=kapot", **HTMX)
    assert broken_page.status_code == 400 and broken_swap.status_code == 422
    assert "This page link is broken or out of date." in broken_page.content.decode()
    assert shown(broken_page.content.decode()) == [0, 1, 2]
    swapped = broken_swap.content.decode()
    assert "This page link is broken or out of date." in swapped
    assert shown(swapped) == [] and "<html" not in swapped
