"""The privacy floor: organisations, their size, and which of them count.

A figure for an organisation with fewer than `settings.PRIVACY_MIN_GROUP_SIZE` active members is
never shown as a number but as "too few to show". Complementary suppression: every count takes
only examples authored by organisations whose figures are shown (`counted_ids`), so no total
minus the figures shown can give a small organisation's count away, and the page says so
(`left_out_sentence`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from behaviours.dashboards.periods import DashboardFilters
from partnership.models import Organisation


def privacy_floor() -> int:
    return int(getattr(settings, "PRIVACY_MIN_GROUP_SIZE", 5))


@dataclass(frozen=True)
class OrgInfo:
    pk: int
    name: str
    slug: str
    role: str
    members: int

    @property
    def shown(self) -> bool:
        """Figures about this organisation clear the privacy floor."""
        return self.members >= privacy_floor()


def organisations_with_size() -> list[OrgInfo]:
    """Active organisations with their number of active members (the privacy floor's basis)."""
    rows = (
        Organisation.objects.active()
        .annotate(member_count=Count("members", filter=Q(members__is_active=True)))
        # Django leaves Meta.ordering out of aggregate queries: order explicitly.
        .order_by(*(Organisation._meta.ordering or ()))
        .values_list("pk", "name", "slug", "role", "member_count")
    )
    return [OrgInfo(*row) for row in rows]


def counted_ids(orgs: Iterable[OrgInfo]) -> list[int]:
    """The organisations whose authored examples count: those whose figures are shown.

    Leaving out the organisations under the privacy floor (and inactive ones, which have no
    figures of their own) is complementary suppression: every total equals the sum over the
    organisations shown, so subtracting them from it reveals nothing.
    """
    return [o.pk for o in orgs if o.shown]


def left_out(orgs: Iterable[OrgInfo]) -> list[OrgInfo]:
    """The active organisations under the privacy floor, whose examples no figure counts."""
    return [o for o in orgs if not o.shown]


def left_out_sentence(orgs: Iterable[OrgInfo]) -> str:
    """The one sentence a page with figures shows while organisations are left out, else ""."""
    if not left_out(orgs):
        return ""
    return _(
        "Examples by organisations with fewer than %(floor)d members are not counted here, "
        "so their figures cannot be worked out."
    ) % {"floor": privacy_floor()}


def organisations_for(filters: DashboardFilters, organisations: Sequence[OrgInfo]) -> list[OrgInfo]:
    if filters.organisation is not None:
        return [o for o in organisations if o.pk == filters.organisation.pk]
    return list(organisations)


def org_shown(organisation: Organisation, orgs: Sequence[OrgInfo]) -> bool:
    """Figures about `organisation` clear the privacy floor."""
    return any(o.pk == organisation.pk and o.shown for o in orgs)
