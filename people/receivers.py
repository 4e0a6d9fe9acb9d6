"""The audit trail also records what partnership managers change in the Django admin.

partnership sends the signals (partnership.services) and cannot import this app; PeopleConfig
connects these receivers, so a change made in the admin lands in the same trail as one made
on the people page.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import ngettext

from partnership.models import Organisation, User
from people.models import AuditEntry
from people.services import record

ACTIONS = {
    "deactivated": AuditEntry.Action.DEACTIVATED,
    "reactivated": AuditEntry.Action.REACTIVATED,
    "admin_appointed": AuditEntry.Action.ADMIN_APPOINTED,
    "admin_removed": AuditEntry.Action.ADMIN_REMOVED,
}


def record_member_change(
    sender: Any, *, by: User, member: User, change: str, **kwargs: Any
) -> None:
    if member.organisation_id is None:
        return  # a technical account has no organisation, so no trail
    record(
        organisation=member.organisation,  # type: ignore[arg-type]  # checked just above
        actor=by,
        action=ACTIONS[change],
        subject=member,
        detail="Django admin",
    )


def record_organisation_left(
    sender: Any, *, by: User, organisation: Organisation, deactivated: int, **kwargs: Any
) -> None:
    record(
        organisation=organisation,
        actor=by,
        action=AuditEntry.Action.LEFT_PARTNERSHIP,
        label=organisation.name,
        detail=ngettext(
            "%(count)d member deactivated", "%(count)d members deactivated", deactivated
        )
        % {"count": deactivated},
    )
