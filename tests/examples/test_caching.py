"""Cached equals fresh: every page that shows cached cards or comments reads exactly as it does
with no cache at all, after every kind of change (examples/caching.py)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from examples import services
from tests.factories import make_comment, make_example

pytestmark = pytest.mark.django_db

DUMMY = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
# Values that differ on every rendering of a page, cached or not.
PER_REQUEST = re.compile(
    r'(name="csrfmiddlewaretoken" value=|"X-CSRFToken": |nonce=|name="submission_key" value=)'
    r'"[^"]*"'
)


def _page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return PER_REQUEST.sub(r'\1"-"', response.content.decode())


def _pages(clients: list[Client], urls: list[str]) -> list[str]:
    return [_page(client, url) for client in clients for url in urls]


def test_cached_pages_equal_fresh_ones_after_every_kind_of_change(
    settings, author, client_member, partner_member, manager, partner_org, behaviour
):
    example = make_example(author, title="Het begin", recognised=[partner_org], behaviour=behaviour)
    other = make_example(partner_member, title="Een ander voorbeeld", behaviour=behaviour)
    comment = make_comment(example, client_member, "Eerste reactie")
    clients = []
    for member in (client_member, manager):
        client = Client()
        client.force_login(member)
        clients.append(client)
    urls = [
        "/",
        "/?q=begin",
        example.get_absolute_url(),
        partner_org.get_absolute_url(),
    ]
    cached_caches = settings.CACHES

    def compare(change: str) -> None:
        # The cache holds what the pages showed before the change: only what changed may be
        # rendered again, everything else must come from the cache and still be right.
        cached = _pages(clients, urls)
        settings.CACHES = {**cached_caches, "fragments": DUMMY}
        fresh = _pages(clients, urls)
        settings.CACHES = cached_caches
        for n, (one, two) in enumerate(zip(cached, fresh, strict=True)):
            assert one == two, f"after {change}: {urls[n % len(urls)]} differs from fresh"

    changes: list[tuple[str, Any]] = [
        ("nothing", lambda: None),
        ("an edit", lambda: services.edit_example(example=example, editor=author, title="Later")),
        ("a comment", lambda: make_comment(example, partner_member, "Tweede reactie")),
        ("a reaction", lambda: services.toggle_reaction(example=example, member=client_member)),
        (
            "a comment edit",
            lambda: services.edit_comment(comment=comment, editor=client_member, body="Anders"),
        ),
        (
            "a hidden comment",
            lambda: services.hide_content(item=comment, moderator=manager, reason="Persoonlijk"),
        ),
        (
            "a hidden example",
            lambda: services.hide_content(item=other, moderator=manager, reason="Dubbel"),
        ),
        (
            "a restored example",
            lambda: services.restore_content(item=other, moderator=manager, reason="Toch goed"),
        ),
        ("a renamed organisation", lambda: _rename(partner_org, "name", "DC Partners")),
        ("a renamed behaviour", lambda: _rename(behaviour, "name_nl", "Eigenaarschap tonen")),
        ("a renamed member", lambda: _rename(author, "display_name", "Anna de Vries")),
    ]
    for change, do in changes:
        do()
        compare(change)


def _rename(obj: Any, field: str, value: str) -> None:
    setattr(obj, field, value)
    obj.save()
