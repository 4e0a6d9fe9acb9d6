"""How dashboard figures are cached: once, as data, keyed by what they were computed from.

A panel (its dataclass, with everything the page, the review and the CSV need) is stored in the
default cache under a key made of the versions of the kinds of data it reads
(`FiguresVersion`), the filters, the language, the day and the privacy floor. A change of any
kind moves its version, so a cached panel is never read again after the data behind it
changed: cached always equals fresh. The HTML is rendered from the cached data on every request;
it is not cached a second time.

All-time figures (the behaviour list, the overview) use the same scheme through
`cached_figures`. `cached_once` lets one request compute a missing value while the others wait
for it, so a busy moment after a change does not compute the same panel sixteen times.
"""

from __future__ import annotations

from collections.abc import Callable
from time import monotonic, sleep
from typing import Any, TypeVar, cast

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import get_language

from behaviours.dashboards.periods import SITE_TZ, DashboardFilters
from behaviours.dashboards.privacy import privacy_floor
from behaviours.models import FiguresVersion

T = TypeVar("T")

# The kinds of change (FiguresVersion) each panel's figures depend on. Counters on examples
# move with comments and reactions; hidden counts with examples and comments.
PANEL_READS = {
    "trends": ("examples", "structure"),
    "coverage": ("examples", "structure"),
    "reciprocity": ("examples", "structure"),
    "participation": ("examples", "comments", "structure"),
    "highlights": ("examples", "comments", "reactions", "structure"),
    "moderation": ("examples", "comments", "reports"),
    # Not panels: the organisations and their sizes every panel and the privacy note use,
    # and the review's example counts for two periods.
    "organisations": ("structure",),
    "review-counts": ("examples", "structure"),
}
SINGLE_FLIGHT_SECONDS = 15


def cached_once(key: str, compute: Callable[[], T]) -> T:
    """The value cached under `key`, or computed and cached by one request at a time.

    One request computes a missing value while the others wait for it (at most
    SINGLE_FLIGHT_SECONDS, then they compute it themselves).
    """
    value: Any = cache.get(key)
    if value is not None:
        return cast(T, value)
    if not cache.add(f"{key}:computing", 1, SINGLE_FLIGHT_SECONDS):
        deadline = monotonic() + SINGLE_FLIGHT_SECONDS
        while monotonic() < deadline:
            sleep(0.05)
            value = cache.get(key)
            if value is not None:
                return cast(T, value)
    try:
        computed = compute()
        cache.set(key, computed, settings.DASHBOARD_CACHE_SECONDS)
    finally:
        cache.delete(f"{key}:computing")
    return computed


def cached_figures(
    name: str,
    kinds: tuple[str, ...],
    compute: Callable[[], T],
    *,
    version: dict[str, int] | None = None,
) -> T:
    """All-time figures (the behaviour list, the overview) cached under the versions of the
    kinds of data they read, so they always equal a fresh computation. A request that has read
    the versions already passes them as `version` (FiguresVersion.for_request)."""
    if not settings.DASHBOARD_CACHE_SECONDS:
        return compute()
    version = version or FiguresVersion.current()
    parts = ("figures", name, *(version[kind] for kind in kinds), get_language(), privacy_floor())
    return cached_once(":".join(str(part) for part in parts), compute)


def panel_key(panel: str, version: dict[str, int], filters: DashboardFilters) -> str:
    """What a cached panel is keyed by: everything its figures and sentences depend on.

    The versions of the kinds of data the panel reads, the filters, the language (panels carry
    sentences), the day (silence is counted from today) and the privacy floor (which
    organisations count depends on it).
    """
    return ":".join(
        str(part)
        for part in (
            "dashboard",
            panel,
            *(version[kind] for kind in PANEL_READS[panel]),
            filters.period.first_day,
            filters.period.last_day,
            filters.period.preset_days,
            getattr(filters.organisation, "pk", "-"),
            getattr(filters.behaviour, "pk", "-"),
            get_language(),
            timezone.localdate(timezone=SITE_TZ),
            privacy_floor(),
        )
    )
