"""Commenting on an example, with and without HTMX, and editing your own comment."""

from __future__ import annotations

import pytest
from django.urls import reverse

from examples import services
from examples.models import Comment, Revision
from tests.conftest import HTMX
from tests.factories import make_comment, make_example


@pytest.fixture
def login(login_in_english):
    """These tests read the English text."""
    return login_in_english


@pytest.fixture
def example(author):
    return make_example(author, title="Eigenaarschap bij de migratie")


def comment_url(example) -> str:
    return reverse("examples:add_comment", args=[example.pk])


def edit_url(comment) -> str:
    return reverse("examples:edit_comment", args=[comment.pk])


# --- Posting -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_without_javascript_a_comment_redirects_back_to_the_thread(login, client_member, example):
    response = login(client_member).post(comment_url(example), {"body": "Herkenbaar!"})
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response.url == f"/examples/{example.pk}/#comment-{comment.pk}"
    assert comment.author == client_member and comment.body == "Herkenbaar!"
    example.refresh_from_db()
    assert example.comment_count == 1


@pytest.mark.django_db
def test_with_htmx_only_the_new_comment_the_count_and_an_empty_form_come_back(
    login, client_member, partner_member, example
):
    make_comment(example, partner_member, "Eerdere reactie")
    response = login(client_member).post(comment_url(example), {"body": "Nieuwe reactie"}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    # The form comes back empty, ready for the next comment, with the confirmation in it.
    assert html.lstrip().startswith('<form method="post"')
    assert "Your comment is posted." in html
    assert "Nieuwe reactie</textarea>" not in html
    # The new comment is appended to the thread out of band; the earlier ones are not resent.
    assert '<ol hx-swap-oob="beforeend:#comment-thread">' in html
    assert "Nieuwe reactie" in html and "Eerdere reactie" not in html
    assert 'id="comment-count" href="#comments" hx-swap-oob="true">2 comments' in html
    assert 'id="no-comments"' not in html  # there was a comment already


@pytest.mark.django_db
def test_the_first_comment_also_removes_the_empty_thread_message(login, client_member, example):
    page = login(client_member).get(example.get_absolute_url()).content.decode()
    assert 'id="no-comments"' in page and 'id="comment-thread"' in page

    html = login(client_member).post(comment_url(example), {"body": "Eerste"}, **HTMX).content
    assert b'<p id="no-comments" hx-swap-oob="delete"></p>' in html


@pytest.mark.django_db
def test_posting_costs_the_same_queries_on_a_short_and_a_long_thread(
    login, client_member, partner_member, example, django_assert_max_num_queries
):
    client = login(client_member)
    client.get(example.get_absolute_url())  # the first request caches the member
    # Commenting makes the member follow the thread once; measure the posts after that.
    client.post(comment_url(example), {"body": "Eerste"}, **HTMX)
    make_comment(example, partner_member)
    with django_assert_max_num_queries(30) as short:
        client.post(comment_url(example), {"body": "Kort"}, **HTMX)
    for n in range(40):
        make_comment(example, partner_member, f"Nog een {n}")
    with django_assert_max_num_queries(30) as long:
        response = client.post(comment_url(example), {"body": "Lang"}, **HTMX)
    assert len(long.captured_queries) == len(short.captured_queries)
    assert "Nog een" not in response.content.decode()


@pytest.mark.django_db
def test_an_empty_comment_is_refused_inline_with_a_422(login, client_member, example):
    response = login(client_member).post(comment_url(example), {"body": "   "}, **HTMX)
    assert response.status_code == 422
    html = response.content.decode()
    assert "<html" not in html
    assert "Write something before you post your comment." in html
    assert Comment.objects.count() == 0


@pytest.mark.django_db
def test_without_javascript_bad_input_re_renders_the_page_with_the_error(
    login, client_member, example
):
    response = login(client_member).post(comment_url(example), {"body": "x" * 5001})
    assert response.status_code == 422
    html = response.content.decode()
    assert "<html" in html
    assert "A comment can be at most 5000 characters" in html
    assert Comment.objects.count() == 0


@pytest.mark.django_db
def test_a_comment_of_exactly_5000_characters_is_fine(login, client_member, example):
    response = login(client_member).post(comment_url(example), {"body": "x" * 5000})
    assert response.status_code == 302
    assert Comment.objects.count() == 1


@pytest.mark.django_db
def test_a_script_in_a_comment_is_escaped(login, client_member, example):
    client = login(client_member)
    client.post(comment_url(example), {"body": "<script>alert('x')</script>\nTweede regel"})
    html = client.get(reverse("examples:detail", args=[example.pk])).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;<br>Tweede regel" in html


@pytest.mark.django_db
def test_anonymous_visitors_cannot_comment(client, example):
    response = client.post(comment_url(example), {"body": "Hoi"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert Comment.objects.count() == 0


@pytest.mark.django_db
def test_commenting_on_a_missing_example_is_a_404(login, client_member):
    response = login(client_member).post("/examples/999999/comments/", {"body": "Hoi"})
    assert response.status_code == 404


@pytest.mark.django_db
def test_others_cannot_comment_on_a_hidden_example(login, manager, client_member, example):
    services.hide_content(item=example, moderator=manager, reason="Ter controle")
    response = login(client_member).post(comment_url(example), {"body": "Hoi"})
    assert response.status_code == 404
    assert Comment.objects.count() == 0


@pytest.mark.django_db
def test_commenting_needs_a_post(login, client_member, example):
    assert login(client_member).get(comment_url(example)).status_code == 405


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["client_member", "partner_member", "author", "manager"])
def test_every_member_who_sees_the_example_may_comment(request, login, example, who):
    response = login(request.getfixturevalue(who)).post(comment_url(example), {"body": "Mooi"})
    assert response.status_code == 302
    assert Comment.objects.filter(body="Mooi").count() == 1


# --- Hidden comments ---------------------------------------------------------------------


@pytest.mark.django_db
def test_a_hidden_comment_is_gone_for_others_and_shown_to_its_author_with_the_reason(
    login, manager, client_member, partner_member, example
):
    comment = make_comment(example, client_member, "Een scherpe opmerking")
    services.hide_content(item=comment, moderator=manager, reason="Toon graag vriendelijker")
    detail = reverse("examples:detail", args=[example.pk])

    other = login(partner_member).get(detail).content.decode()
    assert "Een scherpe opmerking" not in other
    assert "0 comments" in other

    own = login(client_member).get(detail).content.decode()
    assert "Een scherpe opmerking" in own
    assert "Toon graag vriendelijker" in own
    assert "This comment of yours is hidden" in own

    moderator_view = login(manager).get(detail).content.decode()
    assert "Een scherpe opmerking" in moderator_view
    assert reverse("examples:restore_comment", args=[comment.pk]) in moderator_view


# --- Editing -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_author_edits_a_comment_and_the_old_text_is_kept(login, client_member, example):
    comment = make_comment(example, client_member, "Eerste versie")
    client = login(client_member)
    page = client.get(edit_url(comment))
    assert page.status_code == 200
    assert "Eerste versie</textarea>" in page.content.decode()

    response = client.post(edit_url(comment), {"body": "Tweede versie"})
    assert response.status_code == 302
    assert response.url == f"/examples/{example.pk}/#comment-{comment.pk}"
    comment.refresh_from_db()
    assert comment.body == "Tweede versie"
    assert Revision.objects.get(comment=comment).previous == {"body": "Eerste versie"}


@pytest.mark.django_db
def test_with_htmx_the_edit_form_and_the_saved_comment_swap_in_place(login, client_member, example):
    comment = make_comment(example, client_member, "Eerste versie")
    client = login(client_member)
    form = client.get(edit_url(comment), **HTMX).content.decode()
    assert "<html" not in form
    assert f'<article id="comment-{comment.pk}"' in form

    saved = client.post(edit_url(comment), {"body": "Tweede versie"}, **HTMX)
    html = saved.content.decode()
    assert saved.status_code == 200
    assert "<html" not in html
    assert html.lstrip().startswith(f'<article id="comment-{comment.pk}"')
    assert "Tweede versie" in html


@pytest.mark.django_db
def test_an_emptied_comment_is_refused(login, client_member, example):
    comment = make_comment(example, client_member, "Eerste versie")
    client = login(client_member)
    full = client.post(edit_url(comment), {"body": ""})
    assert full.status_code == 422
    assert "Write something before you post your comment." in full.content.decode()
    fragment = client.post(edit_url(comment), {"body": ""}, **HTMX)
    assert fragment.status_code == 422
    assert "<html" not in fragment.content.decode()
    comment.refresh_from_db()
    assert comment.body == "Eerste versie"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "status"),
    [("partner_member", 403), ("author", 403), ("manager", 403)],
)
def test_nobody_else_may_edit_a_comment(request, login, client_member, example, who, status):
    comment = make_comment(example, client_member, "Van Clara")
    client = login(request.getfixturevalue(who))
    assert client.get(edit_url(comment)).status_code == status
    assert client.post(edit_url(comment), {"body": "Overgenomen"}).status_code == status
    comment.refresh_from_db()
    assert comment.body == "Van Clara"


@pytest.mark.django_db
def test_anonymous_visitors_cannot_edit(client, client_member, example):
    comment = make_comment(example, client_member)
    response = client.get(edit_url(comment))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.django_db
def test_editing_a_comment_nobody_can_see_is_a_404(
    login, manager, client_member, partner_member, example
):
    comment = make_comment(example, client_member)
    services.hide_content(item=comment, moderator=manager, reason="Verborgen")
    assert login(partner_member).get(edit_url(comment)).status_code == 404
    assert login(partner_member).get("/comments/999999/edit/").status_code == 404


@pytest.mark.django_db
def test_a_hidden_comment_is_frozen_even_for_its_author(login, manager, client_member, example):
    comment = make_comment(example, client_member)
    services.hide_content(item=comment, moderator=manager, reason="Verborgen")
    assert login(client_member).post(edit_url(comment), {"body": "Toch"}).status_code == 403
