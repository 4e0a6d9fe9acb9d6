"""A real OpenID Connect provider on localhost for the single sign-on tests.

`oidc_idp` (a session fixture) starts tests/oidc_idp/serve.py, a small separate Django project
running django-oidc-provider with its own SQLite database in a temporary directory and an RSA
key made at start, as a subprocess on a free port. It waits for the discovery document and
yields an `IdentityProvider`: the issuer URL, one confidential client's id and secret, and
functions that do what an administrator does in a provider's console (add a user, register a
redirect URI, register another application).

`IdentityProvider.sign_in(authorize_url, ...)` is the person at the provider: it follows the
authorization request to the provider's login form, signs in, gives consent and returns the
URL the provider sends the browser back to (the site's callback with `code` and `state`).
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
import requests

ROOT = Path(__file__).resolve().parent.parent.parent
START_TIMEOUT = 60.0
DEFAULT_PASSWORD = "a-long-provider-password"


class _Forms(HTMLParser):
    """The forms of a page: action and the inputs' names and values (submit buttons too)."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "form":
            self.forms.append((values.get("action", ""), {}))
        elif tag in {"input", "button"} and self.forms and values.get("name"):
            self.forms[-1][1][values["name"]] = values.get("value", "")


def _forms(html: str) -> list[tuple[str, dict[str, str]]]:
    parser = _Forms()
    parser.feed(html)
    return parser.forms


@dataclass
class IdentityProvider:
    url: str
    client_id: str
    client_secret: str
    setup_token: str = field(repr=False)

    @property
    def issuer(self) -> str:
        return f"{self.url}/openid"

    @property
    def discovery_url(self) -> str:
        return f"{self.issuer}/.well-known/openid-configuration"

    def _setup(self, what: str, **data: Any) -> dict[str, object]:
        response = requests.post(
            f"{self.url}/setup/{what}",
            json=data,
            headers={"Authorization": f"Bearer {self.setup_token}"},
            timeout=10,
        )
        response.raise_for_status()
        result: dict[str, object] = response.json()
        return result

    def add_user(
        self,
        email: str,
        *,
        name: str,
        password: str = DEFAULT_PASSWORD,
        email_verified: bool = True,
    ) -> None:
        """A person with an account at the provider (again: updates it)."""
        self._setup(
            "users", email=email, name=name, password=password, email_verified=email_verified
        )

    def allow_redirect_uri(self, uri: str, *, client_id: str | None = None) -> None:
        """Register one more redirect URI for the client (the default one unless named)."""
        self._setup("redirect-uris", client_id=client_id or self.client_id, redirect_uris=[uri])

    def add_client(self, *, name: str, redirect_uris: list[str]) -> tuple[str, str]:
        """Register another confidential application; returns its client id and secret."""
        result = self._setup("clients", name=name, redirect_uris=redirect_uris)
        return str(result["client_id"]), str(result["client_secret"])

    def sign_in(
        self,
        authorize_url: str,
        *,
        email: str,
        password: str = DEFAULT_PASSWORD,
        session: requests.Session | None = None,
        consent: bool = True,
    ) -> str:
        """Be the person at the provider: log in there, consent (or decline), and return the
        redirect back to the site (the URL with `code` and `state`, or with `error`)."""
        browser = session or requests.Session()
        url = authorize_url
        for _ in range(10):
            response = browser.get(url, allow_redirects=False, timeout=10)
            if response.is_redirect:
                location = urljoin(url, response.headers["Location"])
                if not location.startswith(self.url):
                    return location
                url = location
                continue
            response.raise_for_status()
            action, fields = _forms(response.text)[0]
            if "password" in fields:
                fields.update(username=email, password=password)
            else:
                # The consent page: "Authorize" is the button named `allow`, "Decline" has no name.
                fields.pop("allow", None)
                if consent:
                    fields["allow"] = "Authorize"
            posted = browser.post(
                urljoin(url, action),
                data=fields,
                headers={"Referer": url},
                allow_redirects=False,
                timeout=10,
            )
            if not posted.is_redirect:
                raise AssertionError(f"the provider did not accept the form: {posted.text[:500]}")
            location = urljoin(url, posted.headers["Location"])
            if not location.startswith(self.url):
                return location
            url = location
        raise AssertionError("the provider kept redirecting")


def _wait_for_port(process: subprocess.Popen[str], log: Path) -> int:
    assert process.stdout is not None
    line = process.stdout.readline()
    if not line.startswith("PORT "):
        process.kill()
        raise RuntimeError(f"the test identity provider did not start:\n{log.read_text()}")
    return int(line.split()[1])


def _wait_for_discovery(url: str, process: subprocess.Popen[str], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the test identity provider stopped:\n{log.read_text()}")
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"no discovery document at {url}:\n{log.read_text()}")


@pytest.fixture(scope="session")
def oidc_idp(tmp_path_factory: pytest.TempPathFactory) -> Iterator[IdentityProvider]:
    """The local OpenID Connect provider, running for the whole test session."""
    directory = tmp_path_factory.mktemp("oidc_idp")
    log = directory / "server.log"
    token = secrets.token_urlsafe(24)
    env = {
        **os.environ,
        "IDP_DATABASE": str(directory / "idp.sqlite3"),
        "IDP_SETUP_TOKEN": token,
        "IDP_SECRET_KEY": secrets.token_urlsafe(40),
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    with log.open("w") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.oidc_idp.serve"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
        )
    try:
        port = _wait_for_port(process, log)
        url = f"http://127.0.0.1:{port}"
        provider = IdentityProvider(url=url, client_id="", client_secret="", setup_token=token)
        _wait_for_discovery(provider.discovery_url, process, log)
        provider.client_id, provider.client_secret = provider.add_client(
            name="Partnership platform", redirect_uris=[]
        )
        yield provider
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout is not None:
            process.stdout.close()
