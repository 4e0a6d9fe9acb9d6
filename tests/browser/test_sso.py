"""In Chromium: an invitee signs in through their organisation's own OpenID Connect provider.

The provider is the real one of tests/oidc_idp (django-oidc-provider in its own process); the
browser goes from the platform's sign-in page to the provider's login form and consent page
and back, and lands signed in on the welcome page.
"""

from __future__ import annotations

import re

from django.urls import reverse
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from partnership.models import OrganisationDomain
from people.models import Invitation
from sso.models import IdentityProvider
from tests.factories import make_organisation
from tests.oidc_idp import DEFAULT_PASSWORD, oidc_idp
from tests.oidc_idp import IdentityProvider as LocalProvider

__all__ = ["oidc_idp"]


def test_an_invitee_signs_in_through_their_organisation_provider(
    page: Page, live_server: LiveServer, oidc_idp: LocalProvider, transactional_db: None
) -> None:
    organisation = make_organisation("Zuidstroom Energie", slug="zuidstroom")
    OrganisationDomain.objects.create(organisation=organisation, domain="zuidstroom.example")
    provider = IdentityProvider.objects.create(
        organisation=organisation,
        name="Zuidstroom (test provider)",
        server_url=oidc_idp.issuer,
        client_id=oidc_idp.client_id,
        client_secret=oidc_idp.client_secret,
    )
    callback = reverse("openid_connect_callback", kwargs={"provider_id": provider.provider_id})
    oidc_idp.allow_redirect_uri(f"{live_server.url}{callback}")
    email = "ilse@zuidstroom.example"
    invitation = Invitation(organisation=organisation, email=email, display_name="Ilse")
    invitation.issue_token()
    invitation.save()
    oidc_idp.add_user(email, name="Ilse de Vries")

    page.goto(reverse("account_login"))
    expect(page.locator('input[type="password"]')).to_have_count(0)
    page.locator('input[name="login"]').fill(email)
    page.locator('form:has(input[name="login"]) [type="submit"]').click()

    # At the provider: its own login form, then its consent page.
    expect(page).to_have_url(re.compile(rf"^{re.escape(oidc_idp.url)}/login/"))
    page.locator('input[name="username"]').fill(email)
    page.locator('input[name="password"]').fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in at the provider").click()
    page.locator('input[name="allow"]').click()

    expect(page).to_have_url(re.compile(rf"{re.escape(reverse('people:welcome'))}$"))
    expect(page.locator("body")).to_contain_text("Ilse de Vries")
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.ACCEPTED
    assert invitation.member is not None
    assert invitation.member.organisation == organisation
