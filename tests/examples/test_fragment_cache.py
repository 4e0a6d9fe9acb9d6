"""Rendered fragments (cards, comments, filter forms) are cached; changes must show at once."""

from __future__ import annotations

import re

import pytest
from django.db import connection  # noqa: F401  (the skipif condition reads it)

from examples import services
from tests.factories import make_comment, make_example, make_member


@pytest.mark.django_db
def test_an_edit_a_comment_a_reaction_and_a_hide_show_at_once(
    login, author, client_member, manager
):
    example = make_example(author, title="Eerste titel")
    client_member.preferred_language = "en"
    client_member.save()
    client = login(client_member)
    assert "Eerste titel" in client.get("/").content.decode()

    services.edit_example(example=example, editor=author, title="Nieuwe titel")
    html = client.get("/").content.decode()
    assert "Nieuwe titel" in html and "Eerste titel" not in html

    make_comment(example, client_member)
    services.toggle_reaction(example=example, member=client_member)
    page = client.get("/")
    card = page.context["page"].object_list[0]
    assert (card.comment_count, card.reaction_count) == (1, 1)
    html = page.content.decode()
    assert "1 comment" in html
    assert "1 found this inspiring" in html

    services.hide_content(item=example, moderator=manager, reason="Dubbel geplaatst")
    assert "Nieuwe titel" not in client.get("/").content.decode()
    assert "Nieuwe titel" in login(author).get("/").content.decode()


@pytest.mark.django_db
def test_a_renamed_organisation_or_behaviour_shows_at_once_on_cards_and_in_the_filters(
    login, author, client_member, partner_org, behaviour
):
    make_example(author, behaviour=behaviour)
    client = login(client_member)
    html = client.get("/").content.decode()
    assert html.count("DataCenter Partners") >= 2  # on the card and in the organisation filter

    partner_org.name = "DC Partners Nederland"
    partner_org.save()
    behaviour.name_nl = "Eigenaarschap tonen"
    behaviour.save()
    html = client.get("/").content.decode()
    assert "DataCenter Partners" not in html
    assert html.count("DC Partners Nederland") >= 2
    assert html.count("Eigenaarschap tonen") >= 2  # the card's badge and the behaviour filter


@pytest.mark.django_db
def test_the_cached_filter_form_shows_the_values_of_each_request(login, client_member, behaviour):
    client = login(client_member)

    def selected(html: str) -> list[str]:
        form = html[
            html.index('class="filter-form"') : html.index(
                "</form>", html.index('class="filter-form"')
            )
        ]
        behaviour = re.findall(r'name="behaviour" value="([^"]*)"[^>]*checked', form)
        return behaviour + re.findall(r'<option value="([^"]*)"[^>]*selected', form)

    # Behaviour (a chip), organisation, service area, outcome; the sort has no empty choice.
    assert selected(client.get("/").content.decode()) == ["", "", "", ""]
    html = client.get("/", {"behaviour": behaviour.slug, "sort": "discussed"}).content.decode()
    assert selected(html) == [behaviour.slug, "", "", "", "discussed"]
    html = client.get("/", {"q": "storing"}).content.decode()
    assert 'value="storing"' in html and selected(html) == ["", "", "", ""]
    assert 'value="storing"' not in client.get("/").content.decode()


@pytest.mark.django_db
def test_what_a_member_may_do_with_a_comment_is_never_shown_to_another(
    login, author, client_member, partner_member, manager
):
    example = make_example(author)
    comment = make_comment(example, client_member, "Goed opgepakt door het nachtteam.")
    edit = f'href="/comments/{comment.pk}/edit/"'
    report = f'href="/comments/{comment.pk}/report/"'
    hide = f'href="/comments/{comment.pk}/hide/"'
    url = example.get_absolute_url()

    # Each viewer in turn, each after the others filled the cache.
    for viewer, shown, not_shown in [
        (client_member, [edit], [report, hide]),
        (partner_member, [report], [edit, hide]),
        (manager, [report, hide], []),
        (client_member, [edit], [report, hide]),
    ]:
        html = login(viewer).get(url).content.decode()
        assert "Goed opgepakt door het nachtteam." in html
        for link in shown:
            assert link in html, (viewer, link)
        for link in not_shown:
            assert link not in html, (viewer, link)


@pytest.mark.django_db
def test_a_managers_own_hidden_comment_reads_differently_for_another_manager(
    login, author, client_org, manager
):
    example = make_example(author)
    comment = make_comment(example, manager, "Mijn eigen reactie")
    other_manager = make_member(client_org, name="Otto Overleg", manager=True)
    services.hide_content(item=comment, moderator=other_manager, reason="Te persoonlijk")
    report = f'href="/comments/{comment.pk}/report/"'
    url = example.get_absolute_url()

    own = login(manager).get(url).content.decode()
    theirs = login(other_manager).get(url).content.decode()
    assert report not in own and report in theirs
    assert own.count("Mijn eigen reactie") == theirs.count("Mijn eigen reactie") == 1
    assert own != theirs.replace("Otto Overleg", "Mona Manager")


@pytest.mark.django_db
def test_an_edited_or_hidden_comment_shows_its_change_at_once(
    login, author, client_member, manager
):
    example = make_example(author)
    comment = make_comment(example, client_member, "Eerste versie")
    url = example.get_absolute_url()
    assert "Eerste versie" in login(manager).get(url).content.decode()

    services.edit_comment(comment=comment, editor=client_member, body="Tweede versie")
    html = login(manager).get(url).content.decode()
    assert "Tweede versie" in html and "Eerste versie" not in html

    services.hide_content(item=comment, moderator=manager, reason="Persoonlijke gegevens")
    html = login(manager).get(url).content.decode()
    assert "Persoonlijke gegevens" in html and "comment-hidden" in html
    assert "Tweede versie" not in login(author).get(url).content.decode()

    client_member.display_name = "Clara de Vries"
    client_member.save()
    assert "Clara de Vries" in login(manager).get(url).content.decode()


@pytest.mark.django_db
@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="headlines come from PostgreSQL")
def test_a_search_result_highlights_the_words_of_each_search(login, author, client_member):
    make_example(
        author, title="Storing", what_happened="De storing in het datacentre en de back-up."
    )
    client = login(client_member)
    first = client.get("/", {"q": "datacentre"}).content.decode()
    second = client.get("/", {"q": "back-up"}).content.decode()
    assert "<mark>datacentre</mark>" in first and "<mark>datacentre</mark>" not in second
