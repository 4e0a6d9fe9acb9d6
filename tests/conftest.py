"""The cast every test can use: the client organisation, partners and their people."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from importlib import import_module
from typing import Any

import pytest
from django.core.cache import caches

from behaviours.dashboards import rollups
from behaviours.models import Behaviour
from partnership.models import Organisation, User
from tests.factories import make_behaviour, make_member, make_organisation


@pytest.fixture(autouse=True)
def _test_settings(settings):  # type: ignore[no-untyped-def]
    # Hashed static names need collectstatic; tests use plain names (a separate test builds
    # the manifest). MD5 keeps the cast quick to create; production uses Argon2.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.SECURE_SSL_REDIRECT = False
    # Rendered example cards are cached; a test must not see another test's cards (ids and
    # frozen clocks repeat across tests).
    for alias in settings.CACHES:
        caches[alias].clear()


@pytest.fixture
def client_org(db) -> Organisation:  # type: ignore[no-untyped-def]
    return make_organisation("Energie Noord", role="client", slug="energie-noord")


@pytest.fixture
def partner_org(db) -> Organisation:  # type: ignore[no-untyped-def]
    return make_organisation("DataCenter Partners", slug="datacenter-partners")


@pytest.fixture
def other_partner_org(db) -> Organisation:  # type: ignore[no-untyped-def]
    return make_organisation("Belnet Telecom", slug="belnet-telecom")


@pytest.fixture
def client_member(client_org: Organisation) -> User:
    return make_member(client_org, name="Clara Client")


@pytest.fixture
def partner_member(partner_org: Organisation) -> User:
    return make_member(partner_org, name="Piet Partner")


@pytest.fixture
def author(partner_org: Organisation) -> User:
    return make_member(partner_org, name="Anna Auteur")


@pytest.fixture
def manager(client_org: Organisation) -> User:
    return make_member(client_org, name="Mona Manager", manager=True)


@pytest.fixture
def staff_user(client_org: Organisation) -> User:
    return make_member(client_org, name="Stan Staff", is_staff=True)


@pytest.fixture
def inactive_member(partner_org: Organisation) -> User:
    return make_member(partner_org, name="Ina Inactive", is_active=False)


@pytest.fixture
def behaviour(db) -> Behaviour:  # type: ignore[no-untyped-def]
    return make_behaviour("ownership", name_nl="Eigenaarschap", name_en="Ownership")


@pytest.fixture
def other_behaviour(db) -> Behaviour:  # type: ignore[no-untyped-def]
    return make_behaviour("transparency", name_nl="Transparantie", name_en="Transparency")


@pytest.fixture
def login(client):  # type: ignore[no-untyped-def]
    """Sign a member in on the test client: `login(user)`."""

    def _login(user: User):  # type: ignore[no-untyped-def]
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def login_in_english(client):  # type: ignore[no-untyped-def]
    """Like `login`, with the member's language set to English (Dutch is the default)."""

    def _login(user: User):  # type: ignore[no-untyped-def]
        user.preferred_language = "en"
        user.save(update_fields=["preferred_language"])
        client.force_login(user)
        return client

    return _login


HTMX = {"HTTP_HX_REQUEST": "true"}


# --- The dashboards' daily rollups (behaviours/dashboards/rollups.py) ---------------------------

# Where the panels read the rollups: a refresh still pending runs before any of them reads.
# (The package re-exports functions named like these modules: look the modules up by name.)
ROLLUP_READERS = [
    ("trends", "example_days"),
    ("coverage", "example_days"),
    ("coverage", "involvement_days"),
    ("reciprocity", "involvement_days"),
    ("participation", "contributions"),
    ("participation", "example_days"),
    ("board", "example_days"),
    ("highlights", "highlight_candidates"),
]


@pytest.fixture(autouse=True)
def rollups_at_once(monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    """Refresh the dashboards' daily rollups before the next read, as a commit would.

    A test's transaction never commits, so the after-commit refresh production relies on never
    runs; refreshing at once instead would run before the rest of the service's transaction
    (a comment's count moves after the comment is saved). Returns the flush, for tests that
    read the rollup rows themselves.
    """
    pending: dict[str, set[date]] = {}

    def record(days: Iterable[date], kind: str = "examples") -> None:
        pending.setdefault(kind, set()).update(days)

    def flush() -> None:
        while pending:
            kind, days = pending.popitem()
            rollups.refresh_days(days, kind)

    def reading(read: Callable[..., Any]) -> Callable[..., Any]:
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            flush()
            return read(*args, **kwargs)

        return wrapped

    monkeypatch.setattr(rollups, "schedule", record)
    for module_name, name in ROLLUP_READERS:
        module = import_module(f"behaviours.dashboards.{module_name}")
        monkeypatch.setattr(module, name, reading(getattr(module, name)))
    return flush
