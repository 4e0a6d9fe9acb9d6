"""Multi-factor authentication (allauth.mfa): TOTP with recovery codes.

Anyone may turn it on (Account → Two-factor authentication). Partnership managers and
organisation admins must: they can change other people's access and hide what others wrote,
so a guessed password alone must not be enough. Until they have enrolled, every page sends them
to enrolment (`RequireMFAMiddleware`), and once enrolled they cannot turn TOTP off again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from partnership.access import is_moderator
from partnership.models import User

# Pages a member who must enrol can still reach: enrolment itself (and the confirmation of
# their password it may ask for), their recovery codes, signing out and the language switch.
ENROLMENT_URL_NAMES = frozenset(
    {
        "mfa_activate_totp",
        "mfa_index",
        "mfa_view_recovery_codes",
        "mfa_generate_recovery_codes",
        "mfa_download_recovery_codes",
        "mfa_reauthenticate",
        "account_reauthenticate",
        "account_logout",
        "partnership:set_language",
        "health",
    }
)
# Remembered in the session once enrolment is found, so later pages ask no query.
ENROLLED_SESSION_KEY = "partnership_mfa_enrolled"


def must_use_mfa(user: User | AnonymousUser) -> bool:
    """Partnership managers and organisation admins must sign in with a second factor."""
    return bool(
        user.is_authenticated
        and user.is_active
        and (getattr(user, "is_organisation_admin", False) or is_moderator(user))
    )


def has_totp(user: User) -> bool:
    return bool(is_mfa_enabled(user, [Authenticator.Type.TOTP]))


def remember_enrolment(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    """At sign-in, note in the session that the member has enrolled, so pages ask no query."""
    session = getattr(request, "session", None)
    if session is not None and must_use_mfa(user) and has_totp(user):
        session[ENROLLED_SESSION_KEY] = True


class RequireMFAMiddleware:
    """Send a manager or organisation admin without TOTP to enrolment, whatever they ask for."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        # Public pages (login_not_required: sign-in, reset, health) are anyone's anyway.
        if not getattr(view_func, "login_required", True):
            return None
        user = request.user
        if not must_use_mfa(user):
            # No longer a manager or admin: the note goes, so that if they are appointed again
            # after removing their authenticator app, enrolment is checked anew.
            if user.is_authenticated and ENROLLED_SESSION_KEY in request.session:
                del request.session[ENROLLED_SESSION_KEY]
            return None
        if request.session.get(ENROLLED_SESSION_KEY):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in ENROLMENT_URL_NAMES:
            return None
        assert isinstance(user, User)
        if has_totp(user):
            request.session[ENROLLED_SESSION_KEY] = True
            return None
        url = reverse("mfa_activate_totp")
        messages.warning(
            request,
            _(
                "Partnership managers and organisation admins sign in with a second step. "
                "Set up your authenticator app to continue."
            ),
        )
        if request.headers.get("HX-Request") == "true":
            return HttpResponseClientRedirect(url)
        return HttpResponseRedirect(url)


class MFAAdapter(DefaultMFAAdapter):  # type: ignore[misc]  # allauth ships no types here
    """Those who must use MFA cannot remove their authenticator app (only replace codes)."""

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        if authenticator.type == Authenticator.Type.TOTP and must_use_mfa(authenticator.user):
            return False
        return bool(super().can_delete_authenticator(authenticator))
