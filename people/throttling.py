"""How often one client may try invitation links and ask to join: a counter per address.

A cache counter is enough here: the links are long random tokens (guessing is hopeless), the
limit only keeps a script from hammering the pages or mailing someone a hundred times. With
the default per-process cache each process counts on its own; with REDIS_URL they share.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from partnership.addresses import client_address


def _count(key: str) -> int:
    window = int(settings.PEOPLE_THROTTLE_WINDOW.total_seconds())
    cache.add(key, 0, window)
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        return 1


def over_limit(request: HttpRequest, bucket: str, limit: int) -> bool:
    """Count this request from its client address; True once past `limit` in the window."""
    return _count(f"people:{bucket}:{client_address(request) or '-'}") > limit


def address_over_limit(email: str, bucket: str, limit: int) -> bool:
    """Count a request naming this e-mail address (stored hashed); True past `limit`."""
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]
    return _count(f"people:{bucket}:email:{digest}") > limit
