"""Lists and threads take cached cards and comments from the fragment cache and load full rows
only for the rest (examples/caching.py)."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from examples import caching, services
from examples.models import Example
from partnership.pagination import Page
from tests.factories import make_comment, make_example

pytestmark = pytest.mark.django_db

# Full rows come with their behaviour, author and organisation joined (for_list()).
FULL_ROW = re.compile(r'FROM "examples_example" INNER JOIN')


def full_row_queries(captured: CaptureQueriesContext) -> int:
    """Queries that load whole example rows (the narrow list query does not)."""
    return sum(1 for query in captured.captured_queries if FULL_ROW.search(query["sql"]))


def cards(html: str) -> str:
    """The page's list of examples, as it was rendered."""
    return html[html.index('<div class="example-list">') : html.index("</section>")]


def card_ids(html: str) -> list[str]:
    return re.findall(r'aria-labelledby="([^"]+-title)"', html)


def test_a_second_visit_shows_the_same_cards_without_loading_their_rows(
    login, author, client_member
):
    for n in range(5):
        make_example(author, title=f"Voorbeeld {n}")
    client = login(client_member)

    with CaptureQueriesContext(connection) as cold:
        first = client.get("/").content.decode()
    with CaptureQueriesContext(connection) as warm:
        second = client.get("/").content.decode()

    assert full_row_queries(cold) == 1
    assert full_row_queries(warm) == 0
    assert len(warm.captured_queries) < len(cold.captured_queries)
    assert cards(second) == cards(first)
    assert [f"Voorbeeld {n}" for n in reversed(range(5))] == re.findall(
        r">(Voorbeeld \d)</a></h3>", second
    )


def test_only_the_cards_not_cached_are_loaded_and_the_order_is_kept(login, author, client_member):
    examples = [make_example(author, title=f"Voorbeeld {n}") for n in range(4)]
    client = login(client_member)
    client.get("/")
    services.edit_example(example=examples[1], editor=author, title="Bijgewerkt")

    with CaptureQueriesContext(connection) as captured:
        html = client.get("/").content.decode()

    loaded = [q["sql"] for q in captured.captured_queries if FULL_ROW.search(q["sql"])]
    assert len(loaded) == 1
    assert f"IN ({examples[1].pk})" in loaded[0]
    assert re.findall(r">(Voorbeeld \d|Bijgewerkt)</a></h3>", html) == [
        "Voorbeeld 3",
        "Voorbeeld 2",
        "Bijgewerkt",
        "Voorbeeld 0",
    ]


def test_a_card_cached_in_one_list_keeps_its_own_element_ids_in_another(
    login, author, client_member, partner_org
):
    make_example(author, recognised=[partner_org])
    client = login(client_member)
    url = partner_org.get_absolute_url()
    client.get(url)
    html = client.get(url).content.decode()  # both lists from the cache
    ids = card_ids(html)
    assert len(ids) == 2 and len(set(ids)) == 2
    assert {i.split("-")[0] for i in ids} == {"posted", "recognised"}
    home = client.get("/").content.decode()
    assert card_ids(home)[0].startswith("example-")


def test_cards_still_show_with_fragment_caching_off(login, author, client_member, settings):
    settings.FRAGMENT_CACHE_SECONDS = 0
    make_example(author, title="Zonder cache")
    client = login(client_member)
    client.get("/")
    assert "Zonder cache" in client.get("/").content.decode()


def test_an_example_hidden_between_the_two_queries_is_left_out(author, client_member, manager):
    kept = make_example(author, title="Blijft")
    hidden = make_example(author, title="Verdwijnt")
    rows = list(Example.objects.visible_to(client_member).for_cards().order_by("-pk"))
    services.hide_content(item=Example.objects.get(pk=hidden.pk), moderator=manager, reason="Spam")
    request = RequestFactory().get("/")
    request.user = client_member

    page = caching.cards(Page(object_list=rows), request)

    assert [example.title for example in page.object_list] == [kept.title]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="headlines are PostgreSQL's")
def test_a_search_result_takes_header_and_footer_from_the_cache_and_its_own_headline(
    login, author, client_member
):
    make_example(
        author, title="Storing opgelost", what_happened="De storing in het datacenter is opgelost."
    )
    client = login(client_member)
    client.get("/", {"q": "storing"})

    with CaptureQueriesContext(connection) as captured:
        html = client.get("/", {"q": "datacenter"}).content.decode()

    assert full_row_queries(captured) == 0
    assert "<mark>datacenter</mark>" in html
    assert "<mark>storing</mark>" not in html.lower()
    assert ">Storing opgelost</a></h3>" in html


FULL_COMMENT = re.compile(r'"examples_comment"\."body"')


def test_a_thread_seen_again_loads_only_the_comments_that_changed(
    login, author, client_member, partner_member
):
    example = make_example(author)
    comments = [make_comment(example, partner_member, body=f"Reactie {n}") for n in range(3)]
    client = login(client_member)
    url = example.get_absolute_url()
    with CaptureQueriesContext(connection) as cold:
        first = client.get(url).content.decode()
    with CaptureQueriesContext(connection) as warm:
        second = client.get(url).content.decode()
    services.edit_comment(comment=comments[1], editor=partner_member, body="Aangepaste reactie")
    with CaptureQueriesContext(connection) as edited:
        third = client.get(url).content.decode()

    def loaded(captured: CaptureQueriesContext) -> list[str]:
        return [q["sql"] for q in captured.captured_queries if FULL_COMMENT.search(q["sql"])]

    assert len(loaded(cold)) == 1 and loaded(warm) == []
    assert re.findall(r"<p>(Reactie \d)</p>", first) == re.findall(r"<p>(Reactie \d)</p>", second)
    assert len(loaded(edited)) == 1 and f"IN ({comments[1].pk})" in loaded(edited)[0]
    assert re.findall(r"<p>(Reactie \d|Aangepaste reactie)</p>", third) == [
        "Reactie 0",
        "Aangepaste reactie",
        "Reactie 2",
    ]


def test_an_edited_story_shows_at_once_on_the_example_page(login, author, client_member):
    example = make_example(author, what_happened="Eerste **versie** van het verhaal.")
    client = login(client_member)
    url = example.get_absolute_url()
    assert "<strong>versie</strong>" in client.get(url).content.decode()
    services.edit_example(example=example, editor=author, what_happened="Tweede *versie*.")
    html = client.get(url).content.decode()
    assert "<em>versie</em>" in html and "Eerste" not in html


def test_a_comment_hidden_between_the_two_queries_is_left_out(
    author, client_member, partner_member, manager
):
    from examples.caching import comments
    from examples.models import Comment

    example = make_example(author)
    kept = make_comment(example, partner_member, body="Blijft")
    hidden = make_comment(example, partner_member, body="Verdwijnt")
    rows = list(Comment.objects.visible_to(client_member).filter(example=example).for_thread_keys())
    for row in rows:
        row.example, row.can_edit, row.by_viewer = example, False, False
    services.hide_content(item=Comment.objects.get(pk=hidden.pk), moderator=manager, reason="Spam")
    request = RequestFactory().get("/")
    request.user = client_member

    assert [comment.body for comment in comments(rows, request)] == [kept.body]


# --- The example's own page: its head and story from the cache ------------------------------


def head(html: str) -> str:
    """The example page's head and story as rendered, without the CSRF tokens of the forms
    between them (the actions are rendered for every request)."""
    article = html[html.index('<article class="example-detail"') : html.index('<section id="co')]
    return re.sub(r'value="[A-Za-z0-9]{64}"', "", article)


def test_the_example_page_seen_again_shows_the_same_head_and_story_without_its_full_row(
    login, author, client_member, partner_org
):
    example = make_example(
        author, recognised=[partner_org], what_happened="Een **verhaal** uit de praktijk."
    )
    client = login(client_member)
    url = example.get_absolute_url()

    with CaptureQueriesContext(connection) as cold:
        first = client.get(url).content.decode()
    with CaptureQueriesContext(connection) as warm:
        second = client.get(url).content.decode()

    assert full_row_queries(cold) == 1
    assert full_row_queries(warm) == 0
    assert len(warm.captured_queries) < len(cold.captured_queries)
    assert head(second) == head(first)
    assert "<strong>verhaal</strong>" in second and partner_org.name in head(second)


def test_the_example_page_shows_an_edit_a_renamed_author_and_a_renamed_outcome_at_once(
    login, author, client_member, manager
):
    from partnership.services import update_profile
    from tests.evaluations.helpers import make_outcome

    outcome = make_outcome(manager, [author.organisation], title="Minder escalaties")
    example = make_example(author, title="Eerste titel", outcome=outcome)
    client = login(client_member)
    url = example.get_absolute_url()
    assert "Minder escalaties" in head(client.get(url).content.decode())

    outcome.title = "Geen escalaties meer"
    outcome.save()
    html = head(client.get(url).content.decode())
    assert "Geen escalaties meer" in html and "Minder escalaties" not in html

    update_profile(
        member=author, display_name="Anna de Auteur", job_title="", preferred_language="nl"
    )
    assert "Anna de Auteur" in head(client.get(url).content.decode())

    services.edit_example(example=example, editor=author, title="Tweede titel")
    html = head(client.get(url).content.decode())
    assert "Tweede titel" in html and "Eerste titel" not in html


def test_a_hidden_example_tells_its_author_and_a_manager_each_their_own_sentence(
    login, author, manager
):
    example = make_example(author)
    services.hide_content(item=example, moderator=manager, reason="Graag anders verwoorden")
    url = example.get_absolute_url()

    as_manager = head(login(manager).get(url).content.decode())
    as_author = head(login(author).get(url).content.decode())
    again_as_manager = head(login(manager).get(url).content.decode())

    assert "Alleen jij en de partnershipmanagers kunnen het zien." in as_author
    assert "Aanpassen en opnieuw laten beoordelen" in as_author
    assert "Alleen de auteur en de partnershipmanagers kunnen het zien." in again_as_manager
    assert "Aanpassen en opnieuw laten beoordelen" not in again_as_manager
    assert again_as_manager == as_manager


def test_an_example_hidden_after_its_row_was_read_gives_not_found(author, client_member, manager):
    example = make_example(author)
    row = (
        Example.objects.visible_to(client_member).for_detail_keys(client_member).get(pk=example.pk)
    )
    services.hide_content(item=Example.objects.get(pk=example.pk), moderator=manager, reason="Spam")
    request = RequestFactory().get("/")
    request.user = client_member

    assert caching.detail(row, request) is None


def comment_form(html: str) -> str:
    """The page's comment form, without its CSRF token and its one-off submission key."""
    form = html[html.index('class="comment-form"') :]
    return re.sub(r'value="[^"]*"', "", form[: form.index("</form>")])


def test_the_blank_comment_field_from_the_cache_equals_a_fresh_one(
    login, author, client_member, settings
):
    example = make_example(author)
    client = login(client_member)
    url = example.get_absolute_url()
    client.get(url)
    cached = client.get(url).content.decode()
    settings.FRAGMENT_CACHE_SECONDS = 0
    fresh = client.get(url).content.decode()

    assert comment_form(cached) == comment_form(fresh)
    assert 'name="body"' in comment_form(cached) and 'name="submission_key"' in comment_form(cached)


def test_a_comment_with_an_error_comes_back_with_its_text_and_the_message(
    login, author, client_member
):
    example = make_example(author)
    client = login(client_member)
    client.get(example.get_absolute_url())  # the blank field is cached now
    too_long = "x" * 5001
    response = client.post(f"/examples/{example.pk}/comments/", {"body": too_long})

    html = response.content.decode()
    assert response.status_code == 422
    assert too_long in html and 'aria-invalid="true"' in html


def test_the_cached_comment_field_speaks_each_members_language(login, author, client_member):
    example = make_example(author)
    url = example.get_absolute_url()
    dutch = login(client_member).get(url).content.decode()
    author.preferred_language = "en"
    author.save(update_fields=["preferred_language"])
    english = login(author).get(url).content.decode()

    assert ">Je reactie:<" in comment_form(dutch)
    assert ">Your comment:<" in comment_form(english)
