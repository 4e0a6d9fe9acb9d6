"""Who speaks for an organisation in the evaluation cycle.

Organisation admins edit their organisation's profile and see the concerns that name it.
Until that role exists (issue 12), partnership managers do what it will do: these helpers are
the one place to point at the new role.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from partnership.access import is_moderator

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from partnership.models import Organisation, User


def is_org_admin(user: User | AnonymousUser, organisation: Organisation) -> bool:
    """Whether the member speaks for the organisation (today: partnership managers)."""
    return is_moderator(user)


def can_edit_profile(user: User | AnonymousUser, organisation: Organisation) -> bool:
    """Each party speaks for itself: its organisation admins keep its profile."""
    return is_org_admin(user, organisation)


def admin_organisation_ids(user: User | AnonymousUser) -> list[int] | None:
    """The ids of the organisations the member administers; None means all of them.

    Partnership managers see every concern, so they get None; today no one else administers
    an organisation, so everyone else gets an empty list.
    """
    if is_moderator(user):
        return None
    return []
