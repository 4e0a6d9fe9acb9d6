"""Who speaks for an organisation in the evaluation cycle.

Organisation admins edit their organisation's profile and see the concerns that name it;
partnership managers may do both for every organisation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from partnership.access import administers, is_moderator

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from partnership.models import Organisation, User


def is_org_admin(user: User | AnonymousUser, organisation: Organisation) -> bool:
    """Whether the member speaks for the organisation: its own admins, or a manager."""
    return administers(user, organisation.pk) or is_moderator(user)


def can_edit_profile(user: User | AnonymousUser, organisation: Organisation) -> bool:
    """Each party speaks for itself: its organisation admins keep its profile."""
    return is_org_admin(user, organisation)


def admin_organisation_ids(user: User | AnonymousUser) -> list[int] | None:
    """The ids of the organisations the member administers; None means all of them.

    Partnership managers see every concern, so they get None; an organisation admin gets
    their own organisation; everyone else an empty list.
    """
    if is_moderator(user):
        return None
    organisation_id: int | None = getattr(user, "organisation_id", None)
    if organisation_id is None or not administers(user, organisation_id):
        return []
    return [organisation_id]
