"""Single sign-on tests run against a real OpenID Connect provider (tests/oidc_idp).

`sso_org` is an organisation with a verified domain and its own identity provider: the local
provider's default client, with the platform's callback for that organisation registered.
`sign_in_through_provider` is the whole journey with Django's test client and the provider:
the e-mail step of the sign-in page, the provider's login form (and consent), and the callback.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from partnership.models import Organisation, OrganisationDomain
from sso.models import IdentityProvider
from tests.factories import make_organisation
from tests.oidc_idp import DEFAULT_PASSWORD, oidc_idp
from tests.oidc_idp import IdentityProvider as LocalProvider

__all__ = ["oidc_idp"]

SSO_DOMAIN = "zuidstroom.example"


@pytest.fixture
def client() -> Client:
    """A visitor whose browser asks for English (the pages' texts are asserted in English)."""
    return Client(HTTP_ACCEPT_LANGUAGE="en")


def configure_provider(
    organisation: Organisation, idp: LocalProvider, *, host: str = "testserver"
) -> IdentityProvider:
    """Give `organisation` the local provider, as a manager would in the admin."""
    provider = IdentityProvider(
        organisation=organisation,
        name=f"{organisation.name} (test provider)",
        server_url=idp.issuer,
        client_id=idp.client_id,
        client_secret=idp.client_secret,
    )
    provider.full_clean()
    provider.save()
    callback = reverse("openid_connect_callback", kwargs={"provider_id": provider.provider_id})
    idp.allow_redirect_uri(f"http://{host}{callback}")
    return provider


@pytest.fixture
def sso_org(db: None, oidc_idp: LocalProvider) -> Organisation:
    organisation = make_organisation("Zuidstroom Energie", slug="zuidstroom")
    OrganisationDomain.objects.create(organisation=organisation, domain=SSO_DOMAIN)
    configure_provider(organisation, oidc_idp)
    return organisation


SignIn = Callable[..., HttpResponse]


@pytest.fixture
def sign_in_through_provider(client: Client, oidc_idp: LocalProvider) -> SignIn:
    """`sign_in_through_provider(email)`: returns the platform's answer to the callback."""

    def _sign_in(
        email: str, *, password: str = DEFAULT_PASSWORD, next_url: str = ""
    ) -> HttpResponse:
        data = {"login": email}
        if next_url:
            data["next"] = next_url
        step = client.post(reverse("account_login"), data)
        assert step.status_code == 302, step.content.decode()[:2000]
        assert step["Location"].startswith(oidc_idp.issuer), step["Location"]
        back = urlsplit(oidc_idp.sign_in(step["Location"], email=email, password=password))
        assert back.netloc == "testserver", back
        response: HttpResponse = client.get(f"{back.path}?{back.query}")
        return response

    return _sign_in
