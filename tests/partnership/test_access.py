from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from examples.access import get_example_for_edit, get_example_for_view, is_moderator
from examples.services import hide_content
from tests.factories import make_example, make_member


@pytest.mark.django_db
def test_only_partnership_managers_moderate(manager, client_member, staff_user):
    assert is_moderator(manager)
    assert not is_moderator(client_member)
    assert not is_moderator(staff_user)


@pytest.mark.django_db
def test_the_permission_makes_a_moderator_however_it_is_given(client_org):
    from django.contrib.auth.models import Permission

    from partnership.models import User

    permission = Permission.objects.get(codename="moderate_content")
    direct = make_member(client_org, name="Direct")
    direct.user_permissions.add(permission)
    superuser = make_member(client_org, name="Super", is_superuser=True)
    retired = make_member(client_org, name="Retired", manager=True, is_active=False)
    assert is_moderator(User.objects.get(pk=direct.pk))
    assert is_moderator(User.objects.get(pk=superuser.pk))
    assert not is_moderator(User.objects.get(pk=retired.pk))
    assert [is_moderator(User.objects.get(pk=u.pk)) for u in (direct, superuser, retired)] == [
        User.objects.get(pk=u.pk).has_perm("examples.moderate_content")
        for u in (direct, superuser, retired)
    ]


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
