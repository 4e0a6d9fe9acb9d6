"""Accounts through django-allauth, with the platform's rules.

- Sign-in (allauth's views): e-mail addresses in any case, throttled by axes and
  `partnership.throttling`; a completed sign-in (after the MFA step, when there is one) marks
  the browser as one the member uses (a device cookie, set by `DeviceCookieMiddleware`).
- Sign-up is closed: accounts are made by managers and organisation admins (the invitation and
  domain sign-up flows open it for their own requests).
- Mail never leaves inside a request: `AccountAdapter.send_mail` renders the message and enqueues
  `partnership.tasks.send_rendered_mail`.
- Password reset: the request only enqueues `partnership.tasks.send_password_reset`, so an
  existing and an unknown address cost the same; at most `PASSWORD_RESET_PER_ADDRESS` requests
  per client address (then 429) and `PASSWORD_RESET_PER_EMAIL` mails per e-mail address (further
  requests are answered the same way but send nothing) per `PASSWORD_RESET_THROTTLE_WINDOW`.
  The queue is the record of what was asked, so the counts are the queue's rows: shared by
  every worker, and surviving restarts.
"""

from __future__ import annotations

import time
from typing import Any

from allauth.account import app_settings as account_settings
from allauth.account import views as account_views
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.sites.shortcuts import get_current_site
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django_tasks_db.models import DBTaskResult

from partnership.addresses import client_address
from partnership.tasks import send_password_reset, send_rendered_mail
from partnership.throttling import remember_device_after

# Enrolment and the recovery codes it shows next (see is_reauthentication_required).
ENROLMENT_VIEWS = frozenset(
    {"mfa_activate_totp", "mfa_view_recovery_codes", "mfa_download_recovery_codes"}
)


class AccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]  # allauth ships no types here
    """allauth's account adapter: closed sign-up, mail through the queue, device cookies."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """Render the mail now (in the request's language), send it from the worker."""
        request = context.get("request") or self.request
        full_context = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request) if request is not None else None,
            **context,
        }
        message = self.render_mail(template_prefix, email, full_context)
        alternatives = getattr(message, "alternatives", [])
        html = next((body for body, mimetype in alternatives if mimetype == "text/html"), None)
        kwargs = {
            "subject": str(message.subject),
            "body": str(message.body),
            "html": str(html) if html is not None else None,
            "to": list(message.to),
            "from_email": message.from_email,
        }
        transaction.on_commit(lambda: send_rendered_mail.enqueue(**kwargs))

    def is_reauthentication_required(self, *, app: str, **kwargs: Any) -> bool:
        """Enrolling just after signing in needs no second password prompt.

        allauth asks for the password again before any MFA change; for enrolment (which
        managers and admins are sent to on their first sign-in) and the recovery codes it
        then shows, a sign-in with the password within ACCOUNT_REAUTHENTICATION_TIMEOUT proves
        as much (so does a sign-in through the organisation's identity provider, for members
        without a password). Removing a factor or making new codes still asks.
        """
        required = bool(super().is_reauthentication_required(app=app, **kwargs))
        request = self.request
        match = getattr(request, "resolver_match", None)
        if required and match is not None and match.view_name in ENROLMENT_VIEWS:
            return not signed_in_recently(request)
        return required

    def post_login(self, request: HttpRequest, user: Any, **kwargs: Any) -> HttpResponse:
        response: HttpResponse = super().post_login(request, user, **kwargs)
        remember_device_after(request, user.email)
        return response


# A password, or the organisation's identity provider (whose members may have no password,
# so allauth has no way to ask them again: enrolment would otherwise be out of their reach).
SIGN_IN_METHODS = frozenset({"password", "socialaccount"})


def signed_in_recently(request: HttpRequest) -> bool:
    """Whether the member signed in in this session within the reauthentication timeout."""
    records = get_authentication_records(request, request.user)
    timeout = account_settings.REAUTHENTICATION_TIMEOUT
    return any(
        record.get("method") in SIGN_IN_METHODS and time.time() - record.get("at", 0) < timeout
        for record in records
    )


class SocialAccountAdapter(DefaultSocialAccountAdapter):  # type: ignore[misc]
    """Nobody signs up through an identity provider unless a flow opens it for them."""

    def is_open_for_signup(self, request: HttpRequest, sociallogin: Any) -> bool:
        return False


def _reset_requests() -> Any:
    window_start = timezone.now() - settings.PASSWORD_RESET_THROTTLE_WINDOW
    return DBTaskResult.objects.filter(
        task_path=send_password_reset.module_path, enqueued_at__gt=window_start
    ).exclude(args_kwargs__kwargs__has_key="attempt")  # retries are not new requests


def reset_requests_from(address: str | None) -> int:
    return int(_reset_requests().filter(args_kwargs__kwargs__requested_from=address).count())


def reset_mails_to(email: str) -> int:
    return int(_reset_requests().filter(args_kwargs__kwargs__email=email).count())


def request_password_reset(request: HttpRequest, *, email: str) -> None:
    """Queue a reset mail for `email` unless it had its share this hour; never looks it up."""
    if reset_mails_to(email) >= settings.PASSWORD_RESET_PER_EMAIL:
        return
    send_password_reset.enqueue(
        email=email,
        domain=request.get_host(),
        use_https=request.is_secure(),
        language=get_language(),
        requested_from=client_address(request),
    )


@login_not_required
def password_reset(request: HttpRequest) -> HttpResponse:
    """allauth's reset request page, refused with a 429 past the per-address limit."""
    if (
        request.method == "POST"
        and reset_requests_from(client_address(request)) >= settings.PASSWORD_RESET_PER_ADDRESS
    ):
        return render(request, "account/password_reset_throttled.html", status=429)
    response: HttpResponse = account_views.password_reset(request)
    return response


@login_not_required
def password_reset_from_key(request: HttpRequest, uidb36: str, key: str) -> HttpResponse:
    """allauth's page behind the reset link; a used, expired or tampered link answers 400."""
    response: HttpResponse = account_views.password_reset_from_key(request, uidb36=uidb36, key=key)
    context = getattr(response, "context_data", None) or {}
    if context.get("token_fail"):
        response.status_code = 400
    return response
