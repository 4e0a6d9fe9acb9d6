"""The client's address: one function, used by login throttling (axes) and the logs alike.

Behind `PROXY_COUNT` reverse proxies the client is the PROXY_COUNT-th address from the right of
X-Forwarded-For, the one our outermost proxy saw; whatever a client writes further left is its
own claim and is ignored. Without proxies it is the peer's address (REMOTE_ADDR).
"""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING

from django.conf import settings

if TYPE_CHECKING:
    from django.http import HttpRequest


def _valid_address(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_address(request: HttpRequest) -> str | None:
    """The client's address: the PROXY_COUNT-th from the right of X-Forwarded-For, or the peer's.

    A request that did not pass through all our proxies (fewer forwarded addresses than
    PROXY_COUNT) is taken at the address it came from, never at an address it claims.
    """
    remote = _valid_address(request.META.get("REMOTE_ADDR") or "")
    count: int = settings.PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < count:
        return remote
    return _valid_address(forwarded[-count]) or remote
