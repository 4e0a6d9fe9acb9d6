"""Signing in and asking for a password reset: Django's views, with the platform's limits.

- Login: e-mail addresses in any case, throttled by axes and `partnership.throttling`; a
  successful sign-in marks the browser as one the member uses (a device cookie).
- Password reset: the request only enqueues `partnership.tasks.send_password_reset`, so an
  existing and an unknown address cost the same; at most `PASSWORD_RESET_PER_ADDRESS` requests
  per client address (then 429) and `PASSWORD_RESET_PER_EMAIL` mails per e-mail address (further
  requests are answered the same way but send nothing) per `PASSWORD_RESET_THROTTLE_WINDOW`.
  The queue is the record of what was asked, so the counts are the queue's rows: shared by
  every worker, and surviving restarts.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods
from django_tasks_db.models import DBTaskResult

from partnership.addresses import client_address
from partnership.forms import MemberAuthenticationForm, PasswordResetRequestForm
from partnership.tasks import send_password_reset
from partnership.throttling import remember_device


class MemberLoginView(auth_views.LoginView):
    authentication_form = MemberAuthenticationForm

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        remember_device(self.request, response, form.get_user().email)
        return response


class MemberPasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    def form_valid(self, form: Any) -> HttpResponse:
        # Following the reset link proves the mailbox: this browser is the member's.
        response = super().form_valid(form)
        remember_device(self.request, response, form.user.email)
        return response


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
@require_http_methods(["GET", "POST"])
def password_reset(request: HttpRequest) -> HttpResponse:
    form = PasswordResetRequestForm(request.POST or None)
    if request.method == "POST":
        if reset_requests_from(client_address(request)) >= settings.PASSWORD_RESET_PER_ADDRESS:
            return render(
                request, "registration/password_reset_throttled.html", {"form": form}, status=429
            )
        if form.is_valid():
            request_password_reset(request, email=form.cleaned_data["email"])
            return HttpResponseRedirect(reverse("password_reset_done"))
    return render(request, "registration/password_reset_form.html", {"form": form})


login = MemberLoginView.as_view()
password_reset_confirm = MemberPasswordResetConfirmView.as_view()
