"""The sign-in page, e-mail first: the address decides between a password and a provider.

Step one asks only for the address. An address at a verified domain of an organisation with an
enabled identity provider is sent to that provider (with the address as `login_hint`); any
other address gets step two, allauth's password form with the address filled in. The choice
depends on the domain alone, never on whether the address has an account, so the page reveals
nothing about who is a member. Both steps are plain form posts: no JavaScript needed.
"""

from __future__ import annotations

import logging
from typing import Any

import requests
from allauth.account.utils import get_next_redirect_url
from allauth.account.views import LoginView
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.providers.base import AuthProcess
from allauth.socialaccount.providers.openid_connect import views as openid_connect_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_http_methods

from partnership.jsonlog import log_event
from sso.forms import EmailStepForm
from sso.models import IdentityProvider

# What reading the provider's discovery document raises when the provider is down or answers
# something that is not one (bad JSON is a ValueError, a missing endpoint a KeyError).
UNREACHABLE = (requests.RequestException, ValueError, KeyError)


def _unreachable(request: HttpRequest, provider_id: str, problem: Exception) -> HttpResponse:
    log_event(
        "sso_provider_unreachable",
        request=request,
        level=logging.WARNING,
        provider=provider_id,
        problem=type(problem).__name__,
    )
    provider = IdentityProvider.objects.filter(provider_id=provider_id).first()
    return render(request, "sso/provider_unreachable.html", {"provider": provider}, status=503)


def allow_forms_to_providers(response: HttpResponse) -> HttpResponse:
    """Let the page's forms lead to the organisations' providers.

    The sign-in forms post to this site, which answers with a redirect to a provider; browsers
    check every redirect of a form submission against the page's CSP `form-action`, which is
    'self' everywhere else. The providers' issuer origins are added for these pages only.
    """
    origins = IdentityProvider.objects.enabled().origins()
    if origins:
        response._csp_update = {"form-action": origins}  # type: ignore[attr-defined]
    return response


def start_sign_in(request: HttpRequest, provider: IdentityProvider, *, email: str) -> HttpResponse:
    """Send the browser to the organisation's provider; 503 when it cannot be reached."""
    app_provider = get_adapter(request).get_provider(request, provider.provider_id)
    try:
        response: HttpResponse = app_provider.redirect(
            request,
            AuthProcess.LOGIN,
            next_url=get_next_redirect_url(request),
            auth_params={"login_hint": email},
        )
    except UNREACHABLE as problem:
        return _unreachable(request, provider.provider_id, problem)
    return response


@login_not_required
@require_http_methods(["GET", "POST"])
def provider_login(request: HttpRequest, provider_id: str) -> HttpResponse:
    """allauth's own start of a provider sign-in (a confirmation page, then the redirect),
    answering 503, not 500, when the provider cannot be reached."""
    try:
        response: HttpResponse = openid_connect_views.login(request, provider_id)
    except UNREACHABLE as problem:
        return _unreachable(request, provider_id, problem)
    return allow_forms_to_providers(response)


class EmailFirstLoginView(LoginView):  # type: ignore[misc]  # allauth ships no types
    """allauth's sign-in view with the e-mail step in front of its password form."""

    # Overriding dispatch hides allauth's marks on it; the page stays public.
    @method_decorator(login_not_required)
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response: HttpResponse = super().dispatch(request, *args, **kwargs)
        return allow_forms_to_providers(response)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        email_form = EmailStepForm(request.POST)
        if not email_form.is_valid():
            if "password" in request.POST:
                # allauth's form says what is wrong with the address.
                response: HttpResponse = super().post(request, *args, **kwargs)
                return response
            invalid: HttpResponse = self.render_to_response(
                self.get_context_data(step="email", email_form=email_form), status=422
            )
            return invalid
        email = email_form.cleaned_data["login"]
        provider = IdentityProvider.objects.for_email(email)
        if provider is not None:
            # Also when a password was posted: the organisation's provider decides who of its
            # people gets in (someone it has disabled must not get in with an old password).
            return start_sign_in(request, provider, email=email.lower())
        if "password" in request.POST:
            response = super().post(request, *args, **kwargs)
            return response
        form = self.get_form_class()(request=request, initial={"login": email})
        password_step: HttpResponse = self.render_to_response(
            self.get_context_data(step="password", form=form, email=email)
        )
        return password_step

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)
        if "step" not in kwargs:
            # A password post that failed shows the password step again.
            posted = self.request.method == "POST"
            context["step"] = "password" if posted else "email"
            context["email"] = self.request.POST.get("login", "") if posted else ""
        # ?login= fills the address in (the invitation page's link to the organisation's sign-in).
        prefilled = self.request.GET.get("login", "")[:254]
        context.setdefault("email_form", EmailStepForm(initial={"login": prefilled}))
        return context


login = EmailFirstLoginView.as_view()
