"""The cast every test can use: the client organisation, partners and their people."""

from __future__ import annotations

import os

import pytest
from django.core.cache import caches
from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from hypothesis import settings as hypothesis_settings

from behaviours.models import Behaviour
from partnership.models import Organisation, User
from tests.factories import make_behaviour, make_member, make_organisation
from tests.smtp import smtp_server  # noqa: F401 (a fixture for every app's mail tests)

# The fuzz tests (tests/hardening) try 3,000 hostile inputs per field with
# HYPOTHESIS_PROFILE=deep, 1,000 in CI (.ci/run sets HYPOTHESIS_PROFILE=ci: 3,000 took some
# 250 s of a 20-minute budget on a slow machine) and 100 in `make test`, so it stays quick on
# two cores. No deadline in any: the machine is shared and a slow input is not a failing one.
hypothesis_settings.register_profile("deep", max_examples=3000, deadline=None)
hypothesis_settings.register_profile("ci", max_examples=1000, deadline=None)
hypothesis_settings.register_profile("dev", max_examples=100, deadline=None)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture(autouse=True)
def _test_settings(settings):
    # Hashed static names need collectstatic; tests use plain names (a separate test builds
    # the manifest). MD5 keeps the cast quick to create; production uses Argon2.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.SECURE_SSL_REDIRECT = False
    # Signed-in requests read the session and the member from the cache, as in production
    # with Redis (partnership/auth_cache.py); each test process is one process, so its own
    # memory cache is shared by everything that process serves.
    settings.AUTH_CACHE = True
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    # Rendered example cards are cached; a test must not see another test's cards (ids and
    # frozen clocks repeat across tests).
    for alias in settings.CACHES:
        caches[alias].clear()


@pytest.fixture(autouse=True)
def _commit_hooks_run_as_in_production(monkeypatch):  # type: ignore[no-untyped-def]
    """Run on_commit callbacks (the cache-version bumps) when a test's write would commit.

    A test with the `db` fixture runs inside a transaction that is rolled back at its end, so
    on_commit callbacks would never run. Here a callback registered outside any transaction
    of the code under test runs at once (autocommit in production), and one registered inside
    such a transaction runs when its outermost block exits without error.
    """

    def in_test_transaction_only(connection: BaseDatabaseWrapper) -> bool:
        return all(getattr(block, "_from_testcase", False) for block in connection.atomic_blocks)

    original_on_commit = BaseDatabaseWrapper.on_commit
    original_exit = transaction.Atomic.__exit__

    def on_commit(self, func, robust=False):  # type: ignore[no-untyped-def]
        if self.in_atomic_block and in_test_transaction_only(self):
            func()
            return
        original_on_commit(self, func, robust)

    def exit(self, exc_type, exc_value, traceback):  # type: ignore[no-untyped-def]
        connection = transaction.get_connection(self.using)
        blocks = connection.atomic_blocks
        # The outermost block of the code under test, directly inside the test's transaction.
        outermost = (
            not self._from_testcase
            and bool(blocks)
            and blocks[-1] is self
            and all(getattr(block, "_from_testcase", False) for block in blocks[:-1])
            and any(getattr(block, "_from_testcase", False) for block in blocks[:-1])
        )
        result = original_exit(self, exc_type, exc_value, traceback)
        if outermost and exc_type is None and not connection.needs_rollback:
            callbacks, connection.run_on_commit = connection.run_on_commit, []
            for _sids, func, _robust in callbacks:
                func()
        return result

    monkeypatch.setattr(BaseDatabaseWrapper, "on_commit", on_commit)
    monkeypatch.setattr(transaction.Atomic, "__exit__", exit)


@pytest.fixture
def client_org(db) -> Organisation:
    return make_organisation("Energie Noord", role="client", slug="energie-noord")


@pytest.fixture
def partner_org(db) -> Organisation:
    return make_organisation("DataCenter Partners", slug="datacenter-partners")


@pytest.fixture
def other_partner_org(db) -> Organisation:
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
def partner_admin(partner_org: Organisation) -> User:
    """An organisation admin of the partner: powers over the partner's people only."""
    return make_member(partner_org, name="Ada Admin", is_organisation_admin=True)


@pytest.fixture
def client_admin(client_org: Organisation) -> User:
    """An organisation admin of the client: no more power over partners than theirs over it."""
    return make_member(client_org, name="Cas Clientadmin", is_organisation_admin=True)


@pytest.fixture
def staff_user(client_org: Organisation) -> User:
    return make_member(client_org, name="Stan Staff", is_staff=True)


@pytest.fixture
def inactive_member(partner_org: Organisation) -> User:
    return make_member(partner_org, name="Ina Inactive", is_active=False)


@pytest.fixture
def behaviour(db) -> Behaviour:
    return make_behaviour("ownership", name_nl="Eigenaarschap", name_en="Ownership")


@pytest.fixture
def other_behaviour(db) -> Behaviour:
    return make_behaviour("transparency", name_nl="Transparantie", name_en="Transparency")


@pytest.fixture
def login(client):
    """Sign a member in on the test client: `login(user)`."""

    def _login(user: User):
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def login_in_english(client):
    """Like `login`, with the member's language set to English (Dutch is the default)."""

    def _login(user: User):
        user.preferred_language = "en"
        user.save(update_fields=["preferred_language"])
        client.force_login(user)
        return client

    return _login


HTMX = {"HTTP_HX_REQUEST": "true"}
