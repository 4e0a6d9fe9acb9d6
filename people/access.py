"""Who may manage an organisation's people, and the loaders the people views use.

An organisation's own admins and the partnership managers; nobody else, whichever side of the
partnership they are on. A member or invitation is looked up inside the organisation named in
the URL, so another organisation's ids are a 404.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from partnership.access import administers, is_moderator
from partnership.models import Organisation, User
from people.models import Invitation

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser


def may_manage_people(user: User | AnonymousUser, organisation: Organisation) -> bool:
    """The organisation's own admins and the partnership managers."""
    return administers(user, organisation.pk) or is_moderator(user)


def organisation_for_people(user: User, slug: str) -> Organisation:
    """The organisation in the URL, if `user` may manage its people (403 otherwise)."""
    organisation = get_object_or_404(Organisation, slug=slug)
    if not may_manage_people(user, organisation):
        raise PermissionDenied
    return organisation


def member_of(organisation: Organisation, pk: int) -> User:
    return get_object_or_404(User, pk=pk, organisation=organisation)


def invitation_of(organisation: Organisation, pk: int) -> Invitation:
    return get_object_or_404(
        Invitation.objects.select_related("organisation"), pk=pk, organisation=organisation
    )
