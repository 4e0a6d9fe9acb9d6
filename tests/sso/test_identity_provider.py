"""The local OpenID Connect provider the SSO tests rely on answers as a real one does.

Plain HTTP, no platform code: discovery, the authorization-code flow at the provider's login
form, the token endpoint (ID token signed with the key in the JWKS), userinfo.
"""

from __future__ import annotations

import secrets
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
import requests

from tests.oidc_idp import IdentityProvider

REDIRECT_URI = "http://testserver/idp-check/callback/"


def _discovery(idp: IdentityProvider) -> dict[str, object]:
    response = requests.get(idp.discovery_url, timeout=10)
    assert response.status_code == 200
    document: dict[str, object] = response.json()
    return document


def _code_for(idp: IdentityProvider, email: str, nonce: str) -> str:
    idp.allow_redirect_uri(REDIRECT_URI)
    discovery = _discovery(idp)
    state = secrets.token_urlsafe(8)
    query = urlencode(
        {
            "client_id": idp.client_id,
            "redirect_uri": REDIRECT_URI,
            "response_type": "code",
            "scope": "openid email profile",
            "state": state,
            "nonce": nonce,
        }
    )
    back = idp.sign_in(f"{discovery['authorization_endpoint']}?{query}", email=email)
    assert back.startswith(REDIRECT_URI)
    params = parse_qs(urlsplit(back).query)
    assert params["state"] == [state]
    return params["code"][0]


def _tokens(idp: IdentityProvider, code: str, secret: str | None = None) -> requests.Response:
    discovery = _discovery(idp)
    return requests.post(
        str(discovery["token_endpoint"]),
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": REDIRECT_URI,
            "client_id": idp.client_id,
            "client_secret": secret or idp.client_secret,
        },
        timeout=10,
    )


def test_the_discovery_document_names_the_issuer_and_its_endpoints(oidc_idp):
    discovery = _discovery(oidc_idp)
    assert discovery["issuer"] == oidc_idp.issuer
    for endpoint in ("authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_uri"):
        assert str(discovery[endpoint]).startswith(oidc_idp.issuer)
    keys = requests.get(str(discovery["jwks_uri"]), timeout=10).json()["keys"]
    assert keys and keys[0]["kty"] == "RSA"


def test_a_person_signs_in_at_the_provider_and_the_token_endpoint_returns_a_signed_id_token(
    oidc_idp,
):
    oidc_idp.add_user("iris@provider-check.example", name="Iris Ingelogd")
    nonce = secrets.token_urlsafe(8)
    code = _code_for(oidc_idp, "iris@provider-check.example", nonce)

    response = _tokens(oidc_idp, code)

    assert response.status_code == 200, response.text
    tokens = response.json()
    jwks = jwt.PyJWKClient(str(_discovery(oidc_idp)["jwks_uri"]))
    claims = jwt.decode(
        tokens["id_token"],
        jwks.get_signing_key_from_jwt(tokens["id_token"]).key,
        algorithms=["RS256"],
        audience=oidc_idp.client_id,
        issuer=oidc_idp.issuer,
    )
    assert claims["nonce"] == nonce
    assert claims["email"] == "iris@provider-check.example"
    assert claims["email_verified"] is True
    assert claims["name"] == "Iris Ingelogd"
    userinfo = requests.get(
        str(_discovery(oidc_idp)["userinfo_endpoint"]),
        headers={"Authorization": f"Bearer {tokens['access_token']}"},
        timeout=10,
    ).json()
    assert userinfo["email"] == "iris@provider-check.example"
    assert userinfo["sub"] == claims["sub"]


def test_an_address_the_provider_has_not_verified_says_so_in_the_claims(oidc_idp):
    oidc_idp.add_user("uma@provider-check.example", name="Uma Unverified", email_verified=False)
    code = _code_for(oidc_idp, "uma@provider-check.example", "n")

    claims = jwt.decode(
        _tokens(oidc_idp, code).json()["id_token"], options={"verify_signature": False}
    )

    assert claims["email_verified"] is False


def test_the_token_endpoint_refuses_a_wrong_client_secret(oidc_idp):
    oidc_idp.add_user("wes@provider-check.example", name="Wes Wrong")
    code = _code_for(oidc_idp, "wes@provider-check.example", "n")

    response = _tokens(oidc_idp, code, secret="not-the-secret")

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_client"
