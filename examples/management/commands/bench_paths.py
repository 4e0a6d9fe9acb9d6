"""The benchmark's paths and a signed-in session, worked out from the seeded data.

Prints JSON for bench/run.py; with --count-queries it also requests every path in-process
(twice), checks that every whole page shows the notifications bell, and reports how many
queries the second request took.
"""

from __future__ import annotations

import json
from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from behaviours.models import Behaviour
from examples.management.commands.seed_bench import BENCH_DOMAIN, RARE_WORD
from examples.models import Example, Visibility
from partnership.models import Organisation, User
from partnership.pagination import cursor_for


def bench_paths() -> dict[str, str]:
    long_thread = (
        Example.objects.filter(author__email__endswith=f"@{BENCH_DOMAIN}").order_by("pk").first()
    )
    target = Example.objects.filter(visibility=Visibility.PUBLISHED).order_by("-pk").first()
    behaviour = Behaviour.objects.order_by("order", "pk").first()
    organisation = Organisation.objects.filter(slug="bench-org-2").first()
    assert long_thread and target and behaviour and organisation, "run seed_bench first"
    return {
        "constant, anonymous (ceiling)": "/bench/constant",
        "constant, signed in": "/bench/constant",
        "health with session (old ceiling)": "/healthz",
        "browse page 1": "/",
        "browse by behaviour + organisation": (
            f"/?behaviour={behaviour.slug}&organisation={organisation.slug}"
        ),
        "browse 10,000 deep": deep_browse_path(10_000),
        "search, common word": "/?q=storing",
        "search, rare word": f"/?q={RARE_WORD}",
        "example with 50 comments": long_thread.get_absolute_url(),
        "dashboard, 365 days": "/dashboard/?period=365",
        "post a comment": f"/examples/{target.pk}/comments/",
    }


# Requested without the member's session cookie.
ANONYMOUS = {"constant, anonymous (ceiling)"}
# Whole pages a member sees: each carries the notifications bell (its unread count is part of
# what they cost), which --count-queries checks, so the benchmark cannot measure a page
# without it.
WITH_BELL = {
    "browse page 1",
    "browse by behaviour + organisation",
    "browse 10,000 deep",
    "search, common word",
    "search, rare word",
    "example with 50 comments",
    "dashboard, 365 days",
}


def new_example_form() -> dict[str, Any]:
    """What the benchmark posts as a new example before timing the cold dashboard."""
    behaviour = Behaviour.objects.order_by("order", "pk").first()
    organisation = Organisation.objects.filter(slug="bench-org-2").first()
    assert behaviour and organisation, "run seed_bench first"
    return {
        "title": "Benchmark: a new example",
        "behaviour": behaviour.pk,
        "recognised_organisations": organisation.pk,
        "happened_on": timezone.localdate().isoformat(),
        "what_happened": "Someone took the outage on and called everyone back.",
    }


def deep_browse_path(depth: int) -> str:
    """The browse page that starts `depth` examples down the newest-first list."""
    # A small benchmark database has fewer examples: go halfway down instead.
    depth = min(depth, Example.objects.published().count() // 2)
    anchor = (
        Example.objects.published().order_by("-created_at", "-pk").values("created_at", "pk")
    )[depth - 1 : depth].get()
    return f"/?after={cursor_for(anchor['created_at'], anchor['pk'])}"


class Command(BaseCommand):
    help = "Print the benchmark's paths, a session and a CSRF token as JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--count-queries", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        member = User.objects.get(email=f"bench1@{BENCH_DOMAIN}")
        paths = bench_paths()
        if options["count_queries"]:
            self.stdout.write(json.dumps({"queries": self._count(member, paths)}))
            return
        session = import_module(settings.SESSION_ENGINE).SessionStore()
        session[SESSION_KEY] = str(member.pk)
        session[BACKEND_SESSION_KEY] = "partnership.auth_cache.CachedModelBackend"
        session[HASH_SESSION_KEY] = member.get_session_auth_hash()
        session.set_expiry(60 * 60 * 4)
        session.create()
        self.stdout.write(
            json.dumps(
                {
                    "paths": paths,
                    "anonymous": sorted(ANONYMOUS),
                    "session": session.session_key,
                    "csrf": _get_new_csrf_string(),
                    "new_example": new_example_form(),
                }
            )
        )

    def _count(self, member: User, paths: dict[str, str]) -> dict[str, int]:
        member_client = Client(HTTP_HOST="127.0.0.1")
        member_client.force_login(member)
        anonymous_client = Client(HTTP_HOST="127.0.0.1")
        counts = {}
        for name, path in paths.items():
            client = anonymous_client if name in ANONYMOUS else member_client
            # The second request counts: what a request costs while the benchmark runs, with the
            # caches as warm as they are then (the test suite pins the cold budgets).
            for _ in range(2):
                with CaptureQueriesContext(connection) as context:
                    if name == "post a comment":
                        response = client.post(
                            path, {"body": "Benchmark comment"}, HTTP_HX_REQUEST="true"
                        )
                    else:
                        response = client.get(path)
                assert response.status_code < 400, f"{path}: {response.status_code}"
                if name in WITH_BELL:
                    assert 'id="bell"' in response.content.decode(), f"{path}: no bell"
            counts[name] = len(context.captured_queries)
        return counts
