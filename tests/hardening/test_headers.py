"""Every page carries a strict Content-Security-Policy, htmx is configured for it, members'
pages stay out of caches, and views that answer HTMX differently say so in Vary."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import HTMX
from tests.factories import make_example

pytestmark = pytest.mark.django_db


class TagCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def tags(html: str, name: str) -> list[dict[str, str | None]]:
    collector = TagCollector()
    collector.feed(html)
    return [attrs for tag, attrs in collector.tags if tag == name]


def csp(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives: dict[str, list[str]] = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def assert_strict_csp_with_nonced_scripts(response) -> None:
    policy = csp(response)
    header = response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in header
    assert "'unsafe-eval'" not in header
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    nonces = [source for source in policy["script-src"] if source.startswith("'nonce-")]
    assert len(nonces) == 1
    nonce = nonces[0][len("'nonce-") : -1]
    assert len(nonce) >= 16
    scripts = tags(response.content.decode(), "script")
    assert scripts, "the layout loads htmx and site.js"
    for script in scripts:
        assert script.get("nonce") == nonce
        assert script.get("src"), "no inline scripts"


@pytest.mark.urls("tests.hardening.urls")
def test_the_layout_sends_a_strict_csp_and_nonces_its_scripts(login, client_member):
    response = login(client_member).get("/__test__/layout/")
    assert response.status_code == 200
    assert_strict_csp_with_nonced_scripts(response)


def test_the_nonce_changes_on_every_response(login, client_member):
    client = login(client_member)
    first = csp(client.get(reverse("examples:browse")))["script-src"]
    second = csp(client.get(reverse("examples:browse")))["script-src"]
    assert first != second


def test_the_login_page_sends_a_strict_csp(client):
    response = client.get(reverse("account_login"))
    assert response.status_code == 200
    assert_strict_csp_with_nonced_scripts(response)


def test_the_browse_page_sends_a_strict_csp(login, client_member, author, behaviour):
    make_example(author, behaviour=behaviour)
    response = login(client_member).get(reverse("examples:browse"))
    assert response.status_code == 200
    assert_strict_csp_with_nonced_scripts(response)


def test_htmx_is_configured_for_the_csp(client):
    content = client.get(reverse("account_login")).content.decode()
    (meta,) = [m for m in tags(content, "meta") if m.get("name") == "htmx-config"]
    config = json.loads(meta["content"] or "")
    assert config["allowEval"] is False
    assert config["allowScriptTags"] is False
    assert config["selfRequestsOnly"] is True
    assert config["includeIndicatorStyles"] is False
    assert config["historyRestoreAsHxRequest"] is False


def test_pages_carry_the_other_security_headers(client):
    response = client.get(reverse("account_login"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.parametrize(
    "name", ["examples:browse", "partnership:about", "behaviours:list", "partnership:organisations"]
)
def test_members_pages_are_private_and_never_stored(login, client_member, name):
    response = login(client_member).get(reverse(name))
    assert response.status_code == 200
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives


def test_the_browse_page_varies_on_hx_request(login, client_member, author, behaviour):
    make_example(author, behaviour=behaviour, title="Een voorbeeld over eigenaarschap")
    client = login(client_member)
    full = client.get(reverse("examples:browse"))
    fragment = client.get(reverse("examples:browse"), **HTMX)
    for response in (full, fragment):
        vary = {v.strip().lower() for v in response["Vary"].split(",")}
        assert "hx-request" in vary
    assert b"<html" in full.content
    assert b"<html" not in fragment.content
    assert b"Een voorbeeld over eigenaarschap" in fragment.content


def test_a_history_restore_gets_the_full_page(login, client_member):
    client = login(client_member)
    response = client.get(
        reverse("examples:browse"), HTTP_HX_HISTORY_RESTORE_REQUEST="true", **HTMX
    )
    assert re.search(rb"<html", response.content)


@pytest.mark.parametrize(
    "path",
    ["/accounts/login/", "/healthz", "/static/css/site.css", "/no-such-page/", "/admin/login/"],
)
def test_every_response_carries_a_permissions_policy(settings, path):
    settings.WHITENOISE_USE_FINDERS = True  # whitenoise serves the sources, as in production
    response = Client().get(path)
    if path.startswith("/static/"):
        assert response.status_code == 200  # served by whitenoise, before most middleware
    policy = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"):
        assert feature in policy


def test_a_member_page_and_an_error_page_carry_a_permissions_policy(login, client_member):
    client = login(client_member)
    assert "camera=()" in client.get(reverse("examples:browse"))["Permissions-Policy"]
    assert "camera=()" in client.get("/examples/999999999/")["Permissions-Policy"]


def test_the_language_cookie_is_secure_and_same_site_in_production(client, settings):
    settings.LANGUAGE_COOKIE_SECURE = True  # production's value (not DEBUG); see test_deploy_check
    response = client.post(
        reverse("partnership:set_language"), {"language": "en", "next": reverse("account_login")}
    )
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie["secure"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["httponly"] is True
