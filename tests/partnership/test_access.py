from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from examples.services import hide_content
from partnership.access import get_example_for_edit, get_example_for_view, is_moderator
from tests.factories import make_example


@pytest.mark.django_db
def test_only_partnership_managers_moderate(manager, client_member, staff_user):
    assert is_moderator(manager)
    assert not is_moderator(client_member)
    assert not is_moderator(staff_user)


@pytest.mark.django_db
def test_a_hidden_example_is_a_404_for_other_members_but_not_its_author(
    author, client_member, manager
):
    example = make_example(author)
    hide_content(item=example, moderator=manager, reason="Namen van klanten genoemd")
    with pytest.raises(Http404):
        get_example_for_view(client_member, example.pk)
    assert get_example_for_view(author, example.pk).moderation_reason == "Namen van klanten genoemd"
    assert get_example_for_view(manager, example.pk) == example


@pytest.mark.django_db
def test_only_the_author_may_edit(author, partner_member):
    example = make_example(author)
    assert get_example_for_edit(author, example.pk) == example
    with pytest.raises(PermissionDenied):
        get_example_for_edit(partner_member, example.pk)
