"""The cast every test can use: the client organisation, partners and their people."""

from __future__ import annotations

import os

import pytest
from django.core.cache import caches
from hypothesis import settings as hypothesis_settings

from behaviours.models import Behaviour
from partnership.models import Organisation, User
from tests.factories import make_behaviour, make_member, make_organisation

# The fuzz tests (tests/hardening) try 3,000 hostile inputs per field in CI (.ci/run sets
# HYPOTHESIS_PROFILE=ci); `make test` on a laptop tries 100, so it stays quick on two cores.
# No deadline in either: the machine is shared and a slow input is not a failing one.
hypothesis_settings.register_profile("ci", max_examples=3000, deadline=None)
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
    # Tasks (notifications' deliveries) run at once, where the test can see what they did.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    # Rendered example cards are cached; a test must not see another test's cards (ids and
    # frozen clocks repeat across tests).
    for alias in settings.CACHES:
        caches[alias].clear()


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
