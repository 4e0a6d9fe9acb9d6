"""django-allauth's social-account adapter, with each organisation's identity provider.

- `list_apps` adds one in-memory allauth app per enabled `IdentityProvider` row.
- `pre_social_login` decides who a sign-in through such a provider is (sso.services): it links
  the provider's account to that member, or answers with the refusal page (403). allauth's
  own sign-up form is never reached: every sign-in is linked here or refused.
"""

from __future__ import annotations

import logging
from typing import Any

from allauth.core.exceptions import ImmediateHttpResponse
from allauth.core.internal.datakit import parse_bool_safely
from allauth.socialaccount.models import SocialApp, SocialLogin
from allauth.socialaccount.providers.base import AuthError, AuthProcess
from django.http import HttpRequest
from django.shortcuts import render
from django.urls import reverse

from partnership.accounts import SocialAccountAdapter
from partnership.jsonlog import log_event
from partnership.models import User
from sso.models import OPENID_CONNECT, IdentityProvider
from sso.services import (
    Claims,
    Outcome,
    Refusal,
    SignInRefused,
    check_address,
    check_returning_member,
    member_for_first_sign_in,
)


def claims_of(sociallogin: SocialLogin, provider: IdentityProvider) -> Claims:
    """The address, whether the provider verified it, and the name, from allauth's login."""
    data: dict[str, Any] = sociallogin.account.extra_data or {}
    data = data.get("userinfo") or data.get("id_token") or data
    email = str(data.get("email") or "")
    verified = parse_bool_safely(data.get("email_verified")) or provider.trust_email
    name = str(data.get("name") or "").strip()
    if not name:
        name = f"{data.get('given_name') or ''} {data.get('family_name') or ''}".strip()
    return Claims(email=email, email_verified=verified, name=name)


def refusal_page(request: HttpRequest, reason: Refusal, provider: IdentityProvider | None) -> Any:
    return render(
        request,
        "sso/refused.html",
        {"reason": reason, "message": reason.label, "provider": provider},
        status=403,
    )


class OrganisationSocialAccountAdapter(SocialAccountAdapter):
    def list_apps(
        self, request: HttpRequest | None, provider: str | None = None, client_id: str | None = None
    ) -> list[SocialApp]:
        apps: list[SocialApp] = super().list_apps(request, provider=provider, client_id=client_id)
        configured = IdentityProvider.objects.enabled()
        if provider is not None and provider != OPENID_CONNECT:
            configured = configured.filter(provider_id=provider)
        if client_id is not None:
            configured = configured.filter(client_id=client_id)
        return apps + [row.as_social_app() for row in configured]

    def on_authentication_error(
        self,
        request: HttpRequest,
        provider: Any,
        error: str | None = None,
        exception: Exception | None = None,
        extra_context: dict[str, Any] | None = None,
    ) -> None:
        """The way back from the provider failed (cancelled, refused, a tampered or stale
        request, the provider unreachable): the platform's own page instead of allauth's."""
        app = getattr(provider, "app", None)
        cancelled = error == AuthError.CANCELLED
        log_event(
            "sso_failed",
            request=request,
            level=logging.INFO if cancelled else logging.WARNING,
            provider=getattr(app, "provider_id", None),
            error=str(error),
            problem=type(exception).__name__ if exception is not None else None,
        )
        response = render(
            request, "sso/failed.html", {"cancelled": cancelled}, status=200 if cancelled else 400
        )
        raise ImmediateHttpResponse(response)

    def pre_social_login(self, request: HttpRequest, sociallogin: SocialLogin) -> None:
        provider = (
            IdentityProvider.objects.enabled()
            .select_related("organisation")
            .filter(provider_id=sociallogin.account.provider)
            .first()
        )
        try:
            self._admit(request, sociallogin, provider)
        except SignInRefused as refused:
            log_event(
                "sso_refused",
                request=request,
                level=logging.WARNING,
                provider=sociallogin.account.provider,
                reason=refused.reason.value,
            )
            raise ImmediateHttpResponse(
                refusal_page(request, refused.reason, provider)
            ) from refused

    def _admit(
        self, request: HttpRequest, sociallogin: SocialLogin, provider: IdentityProvider | None
    ) -> None:
        if provider is None:
            raise SignInRefused(Refusal.NOT_CONFIGURED)
        if sociallogin.is_existing:
            check_returning_member(provider=provider, member=sociallogin.user)
            return
        claims = claims_of(sociallogin, provider)
        if sociallogin.state.get("process") == AuthProcess.CONNECT:
            # A signed-in member links their own account: only to their own address.
            member: User = request.user  # type: ignore[assignment]
            if check_address(provider, claims) != member.email.lower():
                raise SignInRefused(Refusal.NO_ACCOUNT)
            check_returning_member(provider=provider, member=member)
            return
        member, outcome = member_for_first_sign_in(provider=provider, claims=claims)
        sociallogin.connect(request, member)
        if outcome != Outcome.LINKED:
            # New on the platform: the short welcome, as after accepting by password.
            sociallogin.state["next"] = reverse("people:welcome")
        log_event(
            "sso_linked",
            request=request,
            provider=provider.provider_id,
            member=member.pk,
            outcome=outcome.value,
        )
