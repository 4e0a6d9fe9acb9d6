"""Print the EXPLAIN (ANALYZE, BUFFERS) plans behind docs/performance.md.

    .venv/bin/python bench/explain.py bench_200000 > docs/explain-200000.txt

Runs the list, filter, deep-page and search queries the pages make, against a database filled
by `seed_bench`, each twice (the second, warm run is printed).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
database = sys.argv[1] if len(sys.argv) > 1 else "bench_200000"
os.environ.update(
    DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{database}",
    DJANGO_SETTINGS_MODULE="partnership.settings",
    SECRET_KEY="explain-" + "k" * 50,
    LOG_LEVEL="WARNING",
)

import django

django.setup()

from django.db import connection

from behaviours.models import Behaviour
from examples.models import SORT_KEYS, Example
from examples.search import RankedMatches
from partnership.models import Organisation, User
from partnership.pagination import beyond


def main() -> None:
    member = User.objects.get(email="bench1@bench.test")
    behaviour = Behaviour.objects.order_by("order", "pk").first()
    organisation = Organisation.objects.get(slug="bench-org-2")
    visible = Example.objects.visible_to(member)
    anchor = (
        Example.objects.published()
        .order_by("-created_at", "-pk")
        .values("created_at", "pk")[9999:10000]
        .get()
    )
    deep = beyond(SORT_KEYS["newest"], [anchor["created_at"], anchor["pk"]], descending=True)
    cases = {
        "browse page 1 (newest first)": visible.sorted_by("newest"),
        "browse by behaviour and organisation": visible.filter(behaviour=behaviour)
        .involving(organisation)
        .sorted_by("newest"),
        "browse 10,000 examples deep (keyset)": visible.filter(deep).sorted_by("newest"),
        "browse by most inspiring": visible.sorted_by("inspiring"),
        # Relevance ranks the newest candidates' ids first (examples.search.RankedMatches),
        # then loads only the page's rows.
        "search, common word: candidates to rank": RankedMatches(
            visible.search("storing")
        ).candidates.values("pk", "rank"),
        "search, rare word: candidates to rank": RankedMatches(
            visible.search("zonnepaneelomvormer")
        ).candidates.values("pk", "rank"),
    }
    print(f"Plans on {database} ({Example.objects.count():,} examples)\n")
    for name, queryset in cases.items():
        if not queryset.query.values_select:
            queryset = queryset.for_list()[:21]
        sql, params = queryset.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        print(f"== {name}\n{plan}\n")


if __name__ == "__main__":
    main()
