"""Print the last benchmark results as Markdown (the README and docs/performance.md quote it).

.venv/bin/python bench/report.py
"""

from __future__ import annotations

import json
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"
RUNS = {"n20000.json": 20_000, "latest.json": 200_000, "n1000000.json": 1_000_000}


def main() -> None:
    latest = json.loads((RESULTS / "latest.json").read_text())
    machine = latest["machine"]
    print(
        f"Last run {latest['when']}, N = {latest['examples']:,}, {latest['connections']} "
        f"connections, {latest['workers']} gunicorn workers, {latest['seconds_per_page']} s per "
        f"page; machine: {machine['cpus']} cores, {machine['platform']}, Python "
        f"{machine['python']}.\n"
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
    runs = {
        n: json.loads((RESULTS / name).read_text())
        for name, n in RUNS.items()
        if (RESULTS / name).exists()
    }
    if len(runs) < 2:
        return
    print("\nHow each page's throughput (req/s), p99 (ms) and queries per request change with N:\n")
    sizes = sorted(runs)
    print("| page | " + " | ".join(f"N = {n:,}" for n in sizes) + " |")
    print("| --- |" + " ---: |" * len(sizes))
    for index, row in enumerate(latest["rows"]):
        cells = []
        for n in sizes:
            other = runs[n]["rows"][index]
            cells.append(
                f"{other['requests_per_s']:.0f} req/s, p99 {other['p99_ms']:.0f}, "
                f"{other['queries']} q"
            )
        print(f"| {row['page']} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
