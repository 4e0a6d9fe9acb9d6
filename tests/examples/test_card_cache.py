"""Rendered example cards are cached; what a member changes must show at once."""

from __future__ import annotations

import pytest

from examples import services
from tests.factories import make_comment, make_example


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
