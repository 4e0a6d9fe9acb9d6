"""Print the last benchmark results as Markdown (the README and docs/performance.md quote it).

.venv/bin/python bench/report.py
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"
RUNS = {"n20000.json": 20_000, "latest.json": 200_000, "n1000000.json": 1_000_000}
CEILING = "constant, anonymous (ceiling)"


def main() -> None:
    latest = json.loads((RESULTS / "latest.json").read_text())
    machine = latest["machine"]
    print(
        f"Last run {latest['when']}, N = {latest['examples']:,}, {latest['connections']} "
        f"connections, {latest['workers']} gunicorn workers, {latest['seconds_per_page']} s per "
        f"page, medians of {latest.get('rounds', 1)} interleaved rounds; machine: "
        f"{machine['cpus']} cores, {machine['platform']}, Python {machine['python']}. Ratios "
        f"are to the anonymous constant page.\n"
    )
    print("| page | req/s | p50 ms | p99 ms | errors | queries | ratio | target | met |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for row in latest["rows"]:
        target = f"{row['target']:.2f}" if row["target"] else "–"
        print(
            f"| {row['page']} | {row['requests_per_s']:.0f} | {row['p50_ms']:.0f} | "
            f"{row['p99_ms']:.0f} | {row['errors']} | {row['queries']} | {row['ratio']:.3f} | "
            f"{target} | {'yes' if row['ok'] else 'no'} |"
        )
    cold = latest.get("cold_dashboard")
    if cold:
        print(
            f"\nCold 365-day dashboard (the first request after posting an example, "
            f"{cold['times']} times): median {cold['median_ms']:.0f} ms "
            f"({cold['min_ms']:.0f}–{cold['max_ms']:.0f} ms), limit {cold['limit_ms']:.0f} ms: "
            f"{'met' if cold['ok'] else 'not met'}."
        )
    runs = {
        n: json.loads((RESULTS / name).read_text())
        for name, n in RUNS.items()
        if (RESULTS / name).exists()
    }
    if len(runs) < 2:
        return
    print("\nHow each page's throughput (req/s), p99 (ms) and queries per request change with N:\n")
    sizes = sorted(runs)
    by_page = {n: {row["page"]: row for row in runs[n]["rows"]} for n in sizes}
    print("| page | " + " | ".join(f"N = {n:,}" for n in sizes) + " | same queries |")
    print("| --- |" + " ---: |" * len(sizes) + " --- |")
    for row in latest["rows"]:
        found: list[dict[str, Any] | None] = [by_page[n].get(row["page"]) for n in sizes]
        cells = [
            f"{other['requests_per_s']:.0f} req/s, p99 {other['p99_ms']:.0f}, {other['queries']} q"
            if other
            else "–"
            for other in found
        ]
        same = len({other["queries"] for other in found if other}) == 1
        print(f"| {row['page']} | " + " | ".join(cells) + f" | {'yes' if same else 'NO'} |")


if __name__ == "__main__":
    main()
