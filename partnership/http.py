"""The request types views take: who is asking, and what HTMX wants."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

if TYPE_CHECKING:
    from partnership.models import User


class MemberRequest(HttpRequest):
    """A request from a signed-in member.

    LoginRequiredMiddleware sends everyone else to the login page before a view runs, so every
    view without @login_not_required may take this type: `request.user` is the member, never
    an AnonymousUser.
    """

    user: User


class HtmxMemberRequest(MemberRequest):
    """A signed-in member's request, with django-htmx's details (`request.htmx`)."""

    htmx: HtmxDetails


# The name the views were written with; every view that takes it is behind the login.
HtmxHttpRequest = HtmxMemberRequest


def member_of(request: HttpRequest) -> User:
    """The member behind a request only members reach where Django's own signature says
    HttpRequest (ModelAdmin methods): anyone else is refused, never passed on as a member."""
    if not request.user.is_authenticated:
        raise PermissionDenied
    return request.user


def wants_fragment(request: HtmxMemberRequest) -> bool:
    """A real HTMX swap gets the fragment; a history restore (the back button) the whole page."""
    return bool(request.htmx and not request.htmx.history_restore_request)
