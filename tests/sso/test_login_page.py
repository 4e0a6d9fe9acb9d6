"""The sign-in page asks for the e-mail address first, and the address decides what follows.

Addresses at a verified domain of an organisation with an identity provider go to that
provider; all others get the password form. Whether the address has an account never changes
the answer.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnership.models import OrganisationDomain
from sso.models import IdentityProvider
from tests.factories import make_member, make_organisation
from tests.sso.conftest import SSO_DOMAIN, configure_provider

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"
LOGIN = reverse("account_login")


def _page(response) -> str:
    return response.content.decode()


def _without_tokens(html: str) -> str:
    """The page with what differs on every render (CSRF tokens, nonces) taken out."""
    html = re.sub(r"[A-Za-z0-9]{64}", "TOKEN", html)
    return re.sub(r'nonce="[^"]+"', "", html)


def test_the_first_step_asks_only_for_the_address(client):
    response = client.get(LOGIN)

    assert response.status_code == 200
    html = _page(response)
    assert 'name="login"' in html
    assert 'type="password"' not in html


def test_an_address_without_a_provider_gets_the_password_step_with_the_address_filled_in(
    client, partner_member
):
    response = client.post(LOGIN, {"login": partner_member.email})

    assert response.status_code == 200
    html = _page(response)
    assert 'type="password"' in html
    assert f'value="{partner_member.email}"' in html


def test_the_password_step_signs_a_member_in(client, partner_member):
    response = client.post(LOGIN, {"login": partner_member.email, "password": PASSWORD})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(partner_member.pk)


def test_a_wrong_password_shows_the_password_step_again(client, partner_member):
    response = client.post(LOGIN, {"login": partner_member.email, "password": "not-it"})

    assert "_auth_user_id" not in client.session
    html = _page(response)
    assert 'type="password"' in html
    assert f'value="{partner_member.email}"' in html


def test_the_page_is_the_same_for_an_address_with_and_without_an_account(client, partner_member):
    domain = partner_member.email.rpartition("@")[2]
    known = client.post(LOGIN, {"login": partner_member.email})
    unknown = client.post(LOGIN, {"login": f"nobody-here@{domain}"})

    assert known.status_code == unknown.status_code == 200
    assert _without_tokens(_page(known)).replace(partner_member.email, "ADDRESS") == (
        _without_tokens(_page(unknown)).replace(f"nobody-here@{domain}", "ADDRESS")
    )


def test_an_address_that_is_not_one_is_refused_with_a_message(client):
    response = client.post(LOGIN, {"login": "not an address"})

    assert response.status_code == 422
    assert "Enter a valid email address." in _page(response) or "geldig" in _page(response)
    assert 'type="password"' not in _page(response)


def test_an_address_at_an_organisation_with_a_provider_is_sent_there(client, sso_org, oidc_idp):
    response = client.post(LOGIN, {"login": f"Someone@{SSO_DOMAIN.upper()}"})

    assert response.status_code == 302
    target = urlsplit(response["Location"])
    assert response["Location"].startswith(f"{oidc_idp.issuer}/authorize")
    query = parse_qs(target.query)
    assert query["client_id"] == [oidc_idp.client_id]
    assert query["login_hint"] == [f"someone@{SSO_DOMAIN}"]
    assert query["redirect_uri"] == [
        "http://testserver/accounts/oidc/org-zuidstroom/login/callback/"
    ]
    assert "code_challenge" in query  # PKCE


def test_known_and_unknown_addresses_at_a_provider_domain_are_sent_there_alike(
    client, sso_org, oidc_idp
):
    make_member(sso_org, email=f"bekend@{SSO_DOMAIN}")

    known = client.post(LOGIN, {"login": f"bekend@{SSO_DOMAIN}"})
    unknown = client.post(LOGIN, {"login": f"onbekend@{SSO_DOMAIN}"})

    assert known.status_code == unknown.status_code == 302
    assert urlsplit(known["Location"]).path == urlsplit(unknown["Location"]).path


def test_a_password_for_an_address_at_a_provider_domain_does_not_sign_in(client, sso_org, oidc_idp):
    """The organisation's provider decides who of its people gets in: someone it has
    disabled must not get in with a password they had before."""
    member = make_member(sso_org, email=f"oud@{SSO_DOMAIN}", password=PASSWORD)

    response = client.post(LOGIN, {"login": member.email, "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"].startswith(oidc_idp.issuer)
    assert "_auth_user_id" not in client.session


def test_a_switched_off_provider_sends_its_people_to_the_password_step(client, sso_org, oidc_idp):
    IdentityProvider.objects.filter(organisation=sso_org).update(enabled=False)

    response = client.post(LOGIN, {"login": f"iemand@{SSO_DOMAIN}"})

    assert response.status_code == 200
    assert 'type="password"' in _page(response)


def test_a_provider_that_does_not_answer_gets_a_clear_page_not_an_error(client, db):
    organisation = make_organisation("Stil", slug="stil")
    OrganisationDomain.objects.create(organisation=organisation, domain="stil.example")
    IdentityProvider.objects.create(
        organisation=organisation,
        name="Stil (Entra ID)",
        # Nothing listens on port 9 (discard) on the test machine.
        server_url="http://127.0.0.1:9/nothing",
        client_id="x",
        client_secret="y",
    )

    response = client.post(LOGIN, {"login": "iemand@stil.example"})

    assert response.status_code == 503
    assert "Stil (Entra ID)" in _page(response)
    assert "_auth_user_id" not in client.session


def test_the_page_asked_for_survives_the_password_step(client, partner_member):
    target = reverse("notifications:list")
    step = client.post(LOGIN, {"login": partner_member.email, "next": target})
    assert f'value="{target}"' in _page(step)

    response = client.post(
        LOGIN, {"login": partner_member.email, "password": PASSWORD, "next": target}
    )

    assert response["Location"] == target


def test_the_login_page_asks_the_same_number_of_queries_with_many_providers(
    client, django_assert_max_num_queries, oidc_idp, db
):
    def post_both_steps() -> int:
        with CaptureQueriesContext(connection) as queries:
            client.get(LOGIN)
            client.post(LOGIN, {"login": "iemand@elders.example"})
        return len(queries)

    small = post_both_steps()
    for n in range(30):
        organisation = make_organisation(f"Org {n}", slug=f"veel-{n}")
        OrganisationDomain.objects.create(organisation=organisation, domain=f"veel-{n}.example")
        configure_provider(organisation, oidc_idp)
    large = post_both_steps()

    assert small == large
    with django_assert_max_num_queries(small):
        client.post(LOGIN, {"login": "iemand@elders.example"})


def test_the_sign_in_forms_may_lead_to_the_providers_and_nowhere_else(client, sso_org, oidc_idp):
    """Browsers check a form's redirects against form-action: without the provider's origin
    Chromium would block the e-mail step's redirect (tests/browser/test_sso.py)."""
    policy = client.get(LOGIN)["Content-Security-Policy"]

    form_action = next(part for part in policy.split(";") if "form-action" in part)
    assert form_action.split() == ["form-action", "'self'", oidc_idp.url]
    assert "form-action 'self';" in client.get(reverse("health"))["Content-Security-Policy"] + ";"
