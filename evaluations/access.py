"""Loading the evaluation cycle's records with their access rules applied.

Not visible gives 404 (a concern's existence is never revealed); visible but not yours to
change gives 403. Organisation admins are asked through evaluations.roles.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.http import Http404

from evaluations.models import Concern
from evaluations.roles import is_org_admin
from partnership.access import is_moderator

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from partnership.models import User


def get_concern_for_view(user: User | AnonymousUser, pk: int) -> Concern:
    concern = Concern.objects.visible_to(user).for_list().filter(pk=pk).first()
    if concern is None:
        raise Http404
    return concern


def can_handle_concern(user: User | AnonymousUser, concern: Concern) -> bool:
    """Managers and the admins of an organisation it names set its status and resolution."""
    return is_moderator(user) or any(
        is_org_admin(user, organisation) for organisation in concern.organisations.all()
    )


def get_concern_for_update(user: User | AnonymousUser, pk: int) -> Concern:
    concern = get_concern_for_view(user, pk)
    if not can_handle_concern(user, concern):
        raise PermissionDenied
    return concern
