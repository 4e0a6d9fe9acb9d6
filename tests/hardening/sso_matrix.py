"""Single sign-on's rows of the access matrix (tests/hardening/test_access_matrix.py).

sso adds no URL name of its own: its sign-in page and its start of a provider sign-in take the
place of allauth's views at the same names (sso/urls.py). These cases add what the accounts'
rows cannot see: the client organisation has its own identity provider (the local one of
tests/oidc_idp), so its addresses are sent there, for every role that may sign in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from partnership.models import OrganisationDomain
from sso.models import IdentityProvider, provider_id_for

if TYPE_CHECKING:
    from tests.hardening.test_access_matrix import Case, World
    from tests.oidc_idp import IdentityProvider as LocalProvider

DOMAIN = "energie-noord.example"


def build_sso_world(world: World, idp: LocalProvider) -> None:
    OrganisationDomain.objects.get_or_create(organisation=world.client_org, domain=DOMAIN)
    IdentityProvider.objects.create(
        organisation=world.client_org,
        name="Energie Noord (Microsoft Entra ID)",
        server_url=idp.issuer,
        client_id=idp.client_id,
        client_secret=idp.client_secret,
    )


def _provider(w: World) -> dict[str, Any]:
    return {"provider_id": provider_id_for(w.client_org)}


def expectations(case: type[Case], rule: Any) -> dict[str, list[Case]]:
    """Cases to add to the accounts' rows of the same URL names."""
    # Visitors are sent to the provider; signed-in members are sent on from the sign-in page
    # (allauth), before any step.
    for_anonymous = 302
    return {
        "account_login": [
            case(
                "address at a provider's domain",
                rule(get={"anonymous": 200, "*": 302}, post=for_anonymous),
                data=lambda w: {"login": f"someone@{DOMAIN}"},
            ),
            case(
                "password for an address at a provider's domain",
                rule(get={"anonymous": 200, "*": 302}, post=for_anonymous),
                data=lambda w: {"login": f"someone@{DOMAIN}", "password": "a-password"},
            ),
            case(
                "address elsewhere: the password step",
                rule(get={"anonymous": 200, "*": 302}, post={"anonymous": 200, "*": 302}),
                data=lambda w: {"login": "someone@elsewhere.example"},
            ),
        ],
        # allauth's confirmation page, then the redirect to the provider.
        "openid_connect_login": [
            case("organisation provider", rule(get=200, post=302), kwargs=_provider)
        ],
        # No sign-in under way: the platform's own "start again" page.
        "openid_connect_callback": [
            case("organisation provider", rule(get=400, post=400), kwargs=_provider)
        ],
    }
