"""With DEBUG off, every error is a friendly page in the member's language that leaks nothing.

The failing views live in tests/hardening/urls.py; each one mentions SECRET, which must never
reach the page.
"""

from __future__ import annotations

import logging
from pathlib import Path

import polib
import pytest
from django.conf import settings as django_settings
from django.contrib.sessions.backends.db import SessionStore
from django.core.cache import cache
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client

from tests.conftest import HTMX
from tests.hardening import urls as hardening_urls
from tests.hardening.urls import SECRET

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.hardening.urls")]

ENGLISH = {
    403: "You do not have access to this page",
    404: "Page not found",
    429: "Slow down a little",
    500: "Something went wrong on our side",
    503: "The platform is briefly unavailable",
}


@pytest.fixture
def quiet_client() -> Client:
    """A client that gets the 500 page like a browser would, instead of the exception."""
    return Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def member_client(quiet_client: Client, client_member):
    client_member.preferred_language = "en"
    client_member.save(update_fields=["preferred_language"])
    quiet_client.force_login(client_member)
    return quiet_client


def assert_leaks_nothing(content: str) -> None:
    for leak in (SECRET, "Traceback", "SELECT", "OperationalError", django_settings.SECRET_KEY):
        assert leak not in content
    assert "settings.py" not in content
    assert 'File "' not in content


def test_debug_is_off_in_these_tests() -> None:
    assert django_settings.DEBUG is False


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/__test__/forbidden/", 403),
        ("/__test__/not-found/", 404),
        ("/no/such/page/", 404),
        ("/__test__/quota/", 429),
        ("/__test__/crash/", 500),
        ("/__test__/database-gone/", 503),
    ],
)
def test_each_error_is_a_friendly_page_that_leaks_nothing(member_client, path, status):
    response = member_client.get(path)
    assert response.status_code == status
    content = response.content.decode()
    assert content.lstrip().startswith("<!doctype html>")
    assert ENGLISH[status] in content
    assert 'lang="en"' in content
    assert_leaks_nothing(content)
    # Error pages are never kept by a cache, for anyone.
    assert "no-store" in response["Cache-Control"]


def test_a_bad_request_is_a_friendly_page(member_client):
    response = member_client.get("/__test__/suspicious/")
    assert response.status_code == 400
    content = response.content.decode()
    assert "We could not understand that request" in content
    assert_leaks_nothing(content)


def test_the_quota_page_says_what_the_limit_is(member_client):
    response = member_client.get("/__test__/quota/")
    assert "You can share 10 examples a day." in response.content.decode()


def test_an_unknown_address_is_a_friendly_404_for_visitors_too(quiet_client):
    response = quiet_client.get("/no/such/page/")
    assert response.status_code == 404
    assert ENGLISH[404] in response.content.decode()


def test_error_pages_show_no_member_details(member_client, client_member):
    content = member_client.get("/__test__/forbidden/").content.decode()
    assert client_member.display_name not in content
    assert client_member.email not in content


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/__test__/forbidden/", 403),
        ("/__test__/not-found/", 404),
        ("/__test__/quota/", 429),
        ("/__test__/crash/", 500),
        ("/__test__/database-gone/", 503),
    ],
)
def test_htmx_requests_get_a_small_fragment(member_client, path, status):
    response = member_client.get(path, **HTMX)
    assert response.status_code == status
    content = response.content.decode()
    assert "<html" not in content
    assert content.startswith('<p class="error-fragment" role="alert">')
    assert_leaks_nothing(content)


def test_a_htmx_quota_fragment_carries_the_message(member_client):
    response = member_client.get("/__test__/quota/", **HTMX)
    assert "You can share 10 examples a day." in response.content.decode()


def test_a_post_without_csrf_token_gets_the_friendly_csrf_page(client_member):
    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(client_member)
    client_member.preferred_language = "en"
    client_member.save(update_fields=["preferred_language"])
    response = client.post("/__test__/posting/", {"title": "x"})
    assert response.status_code == 403
    content = response.content.decode()
    assert "This form has expired" in content
    assert "CSRF" not in content  # no technical reason on the page
    assert_leaks_nothing(content)


def test_the_csrf_check_lets_a_post_with_the_token_through(client_member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(client_member)
    client.get("/__test__/layout/")  # sets the CSRF cookie
    token = client.cookies[django_settings.CSRF_COOKIE_NAME].value
    response = client.post("/__test__/posting/", {"csrfmiddlewaretoken": token})
    assert response.status_code == 200


def test_the_500_page_renders_while_the_database_is_down(member_client, monkeypatch):
    # The database goes away halfway through a member's request, then the view fails: the
    # error page must not need a query (no member, permissions or session lookups).
    database = {"up": True}
    cursor = BaseDatabaseWrapper.cursor

    def cursor_while_up(self, *args, **kwargs):
        if not database["up"]:
            raise OperationalError("database is down")
        return cursor(self, *args, **kwargs)

    monkeypatch.setattr(BaseDatabaseWrapper, "cursor", cursor_while_up)
    monkeypatch.setattr(hardening_urls, "on_crash", lambda: database.update(up=False))
    response = member_client.get("/__test__/crash-midway/")
    assert not database["up"]
    assert response.status_code == 500
    content = response.content.decode()
    assert ENGLISH[500] in content
    assert_leaks_nothing(content)


def test_a_view_that_loses_the_database_answers_503_and_logs_it_once(quiet_client, caplog):
    caplog.set_level(logging.INFO)
    response = quiet_client.get("/__test__/public-database-gone/")
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert ENGLISH[503] in response.content.decode()
    outage = [r for r in caplog.records if getattr(r, "event", None) == "database_unavailable"]
    assert len(outage) == 1
    assert outage[0].path == "/__test__/public-database-gone/"
    # Django's own request logger does not add a second record for the same response.
    assert not [r for r in caplog.records if r.name == "django.request"]


def test_losing_the_database_while_loading_the_session_answers_503(member_client, monkeypatch):
    def no_database(self):
        raise OperationalError("connection refused")

    # The database read behind both engines; with cached_db it runs when the cache misses.
    monkeypatch.setattr(SessionStore, "_get_session_from_db", no_database)
    cache.clear()
    response = member_client.get("/__test__/layout/")
    assert response.status_code == 503
    content = response.content.decode()
    assert ENGLISH[503] in content
    assert_leaks_nothing(content)


DUTCH = {
    "Page not found": "Pagina niet gevonden",
    "Partnership in practice": "Partnerschap in de praktijk",
    "This form has expired": "Dit formulier is verlopen",
}


@pytest.fixture
def dutch_catalogue(tmp_path: Path, settings):
    """A Dutch catalogue for a few error-page strings (the real one is filled separately)."""
    catalogue = polib.POFile()
    catalogue.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "nl"}
    for english, dutch in DUTCH.items():
        catalogue.append(polib.POEntry(msgid=english, msgstr=dutch))
    target = tmp_path / "nl" / "LC_MESSAGES"
    target.mkdir(parents=True)
    catalogue.save_as_mofile(str(target / "django.mo"))
    settings.LOCALE_PATHS = [tmp_path, *settings.LOCALE_PATHS]
    return DUTCH


def test_error_pages_speak_dutch_and_english(dutch_catalogue):
    dutch = Client(HTTP_ACCEPT_LANGUAGE="nl").get("/no/such/page/").content.decode()
    english = Client(HTTP_ACCEPT_LANGUAGE="en").get("/no/such/page/").content.decode()
    assert 'lang="nl"' in dutch
    assert "Pagina niet gevonden" in dutch
    assert "Partnerschap in de praktijk" in dutch
    assert 'lang="en"' in english
    assert "Page not found" in english


def test_the_csrf_page_speaks_the_members_language(dutch_catalogue, client_member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(client_member)  # preferred language: Dutch (the default)
    content = client.post("/__test__/posting/").content.decode()
    assert "Dit formulier is verlopen" in content
