"""The inspiring toggle: one mark per member, the count follows, the author cannot vote."""

from __future__ import annotations

import pytest
from django.urls import reverse

from examples import services
from examples.models import Example, Reaction
from tests.conftest import HTMX
from tests.factories import make_example


@pytest.fixture
def login(login_in_english):
    """These tests read the English text."""
    return login_in_english


@pytest.fixture
def example(author):
    return make_example(author)


def toggle_url(example) -> str:
    return reverse("examples:inspiring", args=[example.pk])


def count(example) -> int:
    return Example.objects.values_list("reaction_count", flat=True).get(pk=example.pk)


@pytest.mark.django_db
def test_with_htmx_the_button_toggles_on_and_off_in_place(login, client_member, example):
    client = login(client_member)

    on = client.post(toggle_url(example), **HTMX)
    html = on.content.decode()
    assert on.status_code == 200
    assert "<html" not in html
    assert html.lstrip().startswith("<form")
    assert 'aria-pressed="true"' in html and "Inspiring (1)" in html
    assert count(example) == 1

    off = client.post(toggle_url(example), **HTMX).content.decode()
    assert 'aria-pressed="false"' in off and "Inspiring (0)" in off
    assert count(example) == 0
    assert not Reaction.objects.exists()


@pytest.mark.django_db
def test_the_count_adds_up_over_several_members(login, client_member, partner_member, example):
    login(client_member).post(toggle_url(example), **HTMX)
    html = login(partner_member).post(toggle_url(example), **HTMX).content.decode()
    assert "Inspiring (2)" in html
    assert count(example) == 2


@pytest.mark.django_db
def test_without_javascript_the_toggle_redirects_back_to_the_example(login, client_member, example):
    client = login(client_member)
    response = client.post(toggle_url(example))
    assert response.status_code == 302
    assert response.url == example.get_absolute_url()
    page = client.get(response.url).content.decode()
    assert 'aria-pressed="true"' in page and "Inspiring (1)" in page


@pytest.mark.django_db
def test_the_detail_page_shows_whether_i_marked_it(login, client_member, partner_member, example):
    services.toggle_reaction(example=example, member=partner_member)
    page = login(client_member).get(example.get_absolute_url()).content.decode()
    assert 'aria-pressed="false"' in page and "Inspiring (1)" in page


@pytest.mark.django_db
def test_authors_cannot_mark_their_own_example(login, author, example):
    # A decision: the count ranks examples by how much they inspired *others*, so the author
    # sees the count without a button, and a forged post is refused.
    client = login(author)
    page = client.get(example.get_absolute_url()).content.decode()
    assert toggle_url(example) not in page
    assert "Inspiring (0)" in page
    assert client.post(toggle_url(example), **HTMX).status_code == 403
    assert count(example) == 0


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_login(client, example):
    response = client.post(toggle_url(example))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert count(example) == 0


@pytest.mark.django_db
def test_a_hidden_or_missing_example_cannot_be_marked(login, manager, client_member, example):
    services.hide_content(item=example, moderator=manager, reason="Ter controle")
    client = login(client_member)
    assert client.post(toggle_url(example)).status_code == 404
    assert client.post("/examples/999999/inspiring/").status_code == 404
    assert count(example) == 0


@pytest.mark.django_db
def test_the_toggle_needs_a_post(login, client_member, example):
    assert login(client_member).get(toggle_url(example)).status_code == 405
