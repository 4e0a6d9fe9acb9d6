"""Writes on members and organisations, with their side effects."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.dispatch import Signal

from partnership.models import Organisation, User

# Sent when a partnership manager changes a member's standing in the Django admin, so the app
# that keeps the organisations' audit trail (people) records it: `by`, `member`, `change`
# ("deactivated", "reactivated", "admin_appointed" or "admin_removed").
member_changed = Signal()
# Sent when an organisation leaves the partnership: `by`, `organisation`, `deactivated`.
organisation_left = Signal()


@transaction.atomic
def set_preferred_language(*, member: User, language: str) -> User:
    """Remember the member's language; MemberLanguageMiddleware applies it on every device."""
    if language not in dict(settings.LANGUAGES):
        raise ValueError(f"Unsupported language: {language!r}")
    if member.preferred_language != language:
        member.preferred_language = language
        # Validate just this field: an unrelated legacy value must not block a language switch.
        others = [f.name for f in member._meta.fields if f.name != "preferred_language"]
        member.clean_fields(exclude=others)
        member.save(update_fields=["preferred_language"])
    return member


@transaction.atomic
def update_profile(
    *, member: User, display_name: str, job_title: str, preferred_language: str
) -> User:
    """Save what a member says about themselves on their profile page."""
    member.display_name = display_name
    member.job_title = job_title
    member.preferred_language = preferred_language
    fields = ["display_name", "job_title", "preferred_language"]
    others = [f.name for f in member._meta.fields if f.name not in fields]
    member.clean_fields(exclude=others)
    member.save(update_fields=fields)
    return member


@transaction.atomic
def deactivate_members(*, members: QuerySet[User]) -> int:
    """Deactivate members (never delete: their words stay); returns how many.

    Each member is saved rather than bulk-updated, so what a deactivation sets off runs as for
    a single member: their sessions end (partnership.signals.end_sessions_of_deactivated_member)
    and the figures that count active members move (behaviours.signals).
    """
    deactivated = 0
    for member in members.filter(is_active=True):
        member.is_active = False
        member.save(update_fields=["is_active"])
        deactivated += 1
    return deactivated


@transaction.atomic
def leave_partnership(*, organisation: Organisation) -> int:
    """The organisation leaves: it and its members become inactive; returns how many members.

    Nothing they wrote is deleted or hidden: their examples and comments stay, as for any
    deactivated member, and their sessions end at once.
    """
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if organisation.active:
        organisation.active = False
        organisation.save(update_fields=["active"])
    return deactivate_members(members=organisation.members.all())
