"""Who the client is, and how fast they may guess passwords or ask for reset mails.

The client's address comes from `partnership.addresses.client_address` (PROXY_COUNT-aware), as
it does for the logs.

Sign-in is limited three ways, none of them a permanent lock:

- per account *and* address, by django-axes: `AXES_FAILURE_LIMIT` failures, then a cool-off;
- per address across accounts (a password spray) and per account across addresses (a
  distributed guess): past `LOGIN_THROTTLE_FREE` failures in `LOGIN_THROTTLE_WINDOW`, the next
  attempt waits `LOGIN_THROTTLE_BASE_DELAY` after the last failure, doubling with every further
  failure up to `LOGIN_THROTTLE_MAX_DELAY`. Attempts refused while waiting are not counted, so
  the wait never grows past the cap and ends once the failures age out of the window.

A browser that signed in to an account (or set its password from a reset link) carries a signed
device cookie naming that account, and is exempt from that account's cross-address and
cross-account limits; the per-pair cool-off still applies. So a stranger can slow guessing on a
member's account down to a trickle but cannot keep the member out of their usual browser.
(OWASP's "device cookies".) The failures are counted in axes' AccessFailureLog, in the database,
so every worker sees the same counts.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessFailureLog
from django.conf import settings
from django.core import signing
from django.db.models import Count, Max, QuerySet
from django.utils import timezone
from django.utils.crypto import salted_hmac

from partnership.addresses import client_address

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

DEVICE_SALT = "partnership.throttling.device"
DEVICE_ACCOUNTS_KEPT = 5


def normalise_email(value: object) -> str | None:
    return value.strip().lower() if isinstance(value, str) else None


def client_username(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str | None:
    """The account a sign-in attempt names, as axes counts it: e-mail addresses ignore case.

    allauth passes the address to authenticate() as "email"; the form posts it as "login"
    (AXES_USERNAME_FORM_FIELD); Django's admin login as "username".
    """
    if credentials:
        for key in ("email", settings.AXES_USERNAME_FORM_FIELD, "username"):
            if credentials.get(key):
                return normalise_email(credentials[key])
        return None
    data = getattr(request, "data", request.POST)
    return normalise_email(data.get(settings.AXES_USERNAME_FORM_FIELD) or data.get("username"))


# Device cookies.


def _account_tag(email: str) -> str:
    return salted_hmac(DEVICE_SALT, email.lower()).hexdigest()[:20]


def _device_tags(request: HttpRequest) -> list[str]:
    raw = request.COOKIES.get(settings.DEVICE_COOKIE_NAME)
    if not raw:
        return []
    try:
        tags = signing.loads(raw, salt=DEVICE_SALT, max_age=settings.DEVICE_COOKIE_AGE)
    except signing.BadSignature:
        return []
    return [tag for tag in tags if isinstance(tag, str)] if isinstance(tags, list) else []


def is_known_device(request: HttpRequest, email: str | None) -> bool:
    """True when this browser signed in to `email`'s account before (a valid device cookie)."""
    return bool(email) and _account_tag(email or "") in _device_tags(request)


def remember_device(request: HttpRequest, response: HttpResponse, email: str) -> None:
    """Mark this browser as one the member uses, so the cross-address limits spare it."""
    tag = _account_tag(email)
    tags = [tag, *(t for t in _device_tags(request) if t != tag)][:DEVICE_ACCOUNTS_KEPT]
    response.set_cookie(
        settings.DEVICE_COOKIE_NAME,
        signing.dumps(tags, salt=DEVICE_SALT),
        max_age=settings.DEVICE_COOKIE_AGE,
        secure=not settings.DEBUG,
        httponly=True,
        samesite="Lax",
    )


DEVICE_EMAIL_ATTRIBUTE = "_remember_device_for"


def remember_device_after(request: HttpRequest, email: str) -> None:
    """Ask DeviceCookieMiddleware to mark this browser as `email`'s on the way out.

    Called where allauth completes a sign-in (after the MFA step) or a password reset; those
    places have no response of their own to set the cookie on.
    """
    setattr(request, DEVICE_EMAIL_ATTRIBUTE, email)


class DeviceCookieMiddleware:
    """Sets the device cookie a completed sign-in or reset asked for (remember_device_after)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        email = getattr(request, DEVICE_EMAIL_ATTRIBUTE, None)
        if email:
            remember_device(request, response, email)
        return response


# Cross-account and cross-address limits.


def _wait(failures: QuerySet[AccessFailureLog], now: datetime) -> timedelta:
    window: timedelta = settings.LOGIN_THROTTLE_WINDOW
    recent = failures.filter(attempt_time__gt=now - window).aggregate(
        count=Count("id"), last=Max("attempt_time")
    )
    excess = recent["count"] - settings.LOGIN_THROTTLE_FREE
    if excess < 0 or recent["last"] is None:
        return timedelta(0)
    base: timedelta = settings.LOGIN_THROTTLE_BASE_DELAY
    delay = min(base * 2 ** min(excess, 30), settings.LOGIN_THROTTLE_MAX_DELAY)
    wait: timedelta = recent["last"] + delay - now
    return max(wait, timedelta(0))


def login_wait(request: HttpRequest, email: str | None) -> timedelta:
    """How long this attempt must wait under the cross-account and cross-address limits."""
    if is_known_device(request, email):
        return timedelta(0)
    now = timezone.now()
    waits = [timedelta(0)]
    address = getattr(request, "axes_ip_address", None) or client_address(request)
    if address:
        waits.append(_wait(AccessFailureLog.objects.filter(ip_address=address), now))
    if email:
        waits.append(_wait(AccessFailureLog.objects.filter(username=email), now))
    return max(waits)


class ThrottlingHandler(AxesDatabaseHandler):  # type: ignore[misc]  # axes ships no types
    """axes' database handler, plus the cross-account and cross-address limits.

    An attempt refused here is refused the way axes refuses one during a cool-off: the password
    is not checked, nothing is counted, and the visitor sees the locked-out page (429).
    """

    def is_locked(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> bool:
        if super().is_locked(request, credentials):
            return True
        email = get_client_username(request, credentials)
        return login_wait(request, email) > timedelta(0)
