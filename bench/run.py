"""The benchmark: gunicorn on PostgreSQL, driven by wrk over loopback (see bench/README.md).

    .venv/bin/python bench/run.py --examples 200000 --seconds 20

It creates (or reuses) a database seeded with `seed_bench`, starts gunicorn with production
settings, measures a bare health endpoint as the ceiling and then each page, and prints one
table: requests/s, p50, p99, errors, queries per request and the ratio to the ceiling. The same
table is written to bench/results/latest.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
RESULTS = ROOT / "bench" / "results"
PG = "postgres://postgres@127.0.0.1:5432"

# (name, target ratio of the ceiling, method); the paths are worked out from the data.
PAGES = [
    ("health (ceiling)", None, "GET"),
    ("browse page 1", 0.10, "GET"),
    ("browse by behaviour + organisation", 0.10, "GET"),
    ("browse 10,000 deep", 0.10, "GET"),
    ("search, common word", 0.05, "GET"),
    ("search, rare word", 0.05, "GET"),
    ("example with 50 comments", 0.10, "GET"),
    ("dashboard, 365 days", 0.05, "GET"),
    ("post a comment", 0.05, "POST"),
]
P99_LIMIT_MS = 250.0


@dataclass
class Row:
    page: str
    path: str
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    errors: int
    queries: int | None
    ratio: float | None = None
    target: float | None = None

    @property
    def ok(self) -> bool:
        ratio_ok = self.target is None or (self.ratio or 0) >= self.target
        return ratio_ok and self.errors == 0 and self.p99_ms <= P99_LIMIT_MS


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--examples", type=int, default=200_000)
    parser.add_argument("--seconds", type=int, default=20, help="wrk duration per page")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (2 cores: 4)")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--database", default=None, help="database name (default bench_<N>)")
    parser.add_argument("--output", default=str(RESULTS / "latest.json"))
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument(
        "--only",
        default="",
        help="measure only the pages whose name contains this (the ceiling is always measured)",
    )
    args = parser.parse_args()

    wrk = shutil.which("wrk")
    if not wrk:
        print("wrk is missing: apt-get install -y wrk (make bench does this)", file=sys.stderr)
        return 2
    database = args.database or f"bench_{args.examples}"
    env = production_env(f"{PG}/{database}")
    prepare_database(database, args.examples, env)
    manage(env, "collectstatic", "--no-input", "-v0")
    paths, session, csrf = django_setup(env)
    queries = count_queries(env)

    with gunicorn(env, args.port, args.workers):
        rows = []
        for name, target, method in PAGES:
            if target is not None and args.only not in name:
                continue
            path = paths[name]
            if method == "GET":
                warm_up(f"http://127.0.0.1:{args.port}{path}", session)
            result = run_wrk(
                wrk, f"http://127.0.0.1:{args.port}{path}", method, session, csrf, args
            )
            rows.append(Row(name, path, *result, queries=queries.get(name), target=target))
    ceiling = rows[0].requests_per_s or 1.0
    for row in rows:
        row.ratio = round(row.requests_per_s / ceiling, 3)
    print_table(rows, args)
    write_results(rows, args)
    return 0 if (not args.check or all(row.ok for row in rows)) else 1


def production_env(database_url: str) -> dict[str, str]:
    env = {**os.environ}
    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/6")
    if redis_reachable(redis_url):
        # Several workers share one cache, as in production (README: running several servers).
        env["REDIS_URL"] = redis_url
    env.update(
        DATABASE_URL=database_url,
        # Each benchmark database caches its figures apart: the same figures versions in two
        # databases must not share dashboard panels.
        CACHE_KEY_PREFIX="bench-" + database_url.rsplit("/", 1)[-1],
        DEBUG="0",
        SECRET_KEY="bench-" + "k" * 60,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        DJANGO_SETTINGS_MODULE="partnership.settings",
        AXES_ENABLED="0",
        LOG_LEVEL="WARNING",
        # Quotas are for people, not for a load generator posting from one account.
        POSTING_QUOTAS_ENABLED="0",
    )
    return env


def redis_reachable(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_timeout=2).ping())
    except redis.RedisError:
        return False


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"manage.py {' '.join(args)} failed")
    return done.stdout


def prepare_database(database: str, examples: int, env: dict[str, str]) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as admin:
        exists = admin.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [database]
        ).fetchone()
        if exists:
            manage(env, "migrate", "--no-input", "-v0")
            count = "from examples.models import Example; print(Example.objects.count())"
            if int(manage(env, "shell", "-v0", "-c", count).strip() or 0) >= examples:
                print(f"Reusing database {database}.", flush=True)
                return
            admin.execute(sql.SQL("DROP DATABASE {}").format(sql.Identifier(database)))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
    manage(env, "migrate", "--no-input", "-v0")
    started = time.monotonic()
    print(f"Seeding {examples} examples into {database}…", flush=True)
    print(manage(env, "seed_bench", "--examples", str(examples)).strip())
    print(f"Seeded in {time.monotonic() - started:.0f}s.", flush=True)


def django_setup(env: dict[str, str]) -> tuple[dict[str, str], str, str]:
    """Work out the paths to measure and a signed-in session, from the data itself."""
    output = manage(env, "bench_paths")
    data = json.loads(output)
    return data["paths"], data["session"], data["csrf"]


def count_queries(env: dict[str, str]) -> dict[str, int]:
    output = manage(env, "bench_paths", "--count-queries")
    return json.loads(output)["queries"]


class gunicorn:
    def __init__(self, env: dict[str, str], port: int, workers: int) -> None:
        self.env, self.port, self.workers = env, port, workers

    def __enter__(self) -> gunicorn:
        self.process = subprocess.Popen(
            [
                str(Path(PYTHON).parent / "gunicorn"),
                "partnership.wsgi",
                "--workers",
                str(self.workers),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--access-logfile",
                "-" if os.environ.get("BENCH_ACCESS_LOG") else "/dev/null",
                "--log-level",
                "warning",
                "--backlog",
                "2048",
            ],
            cwd=ROOT,
            env=self.env,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=2):
                    return self
            except OSError:
                time.sleep(0.3)
        self.process.kill()
        raise RuntimeError("gunicorn did not start")

    def __exit__(self, *exc: object) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()


def warm_up(url: str, session: str) -> None:
    """A few requests per worker before measuring: the steady state is what we compare.

    A cold dashboard after a change is computed once (the other requests wait for it); the
    benchmark measures the pages as members see them between changes.
    """
    request = urllib.request.Request(url, headers={"Cookie": f"__Host-sessionid={session}"})
    for _ in range(8):
        with urllib.request.urlopen(request, timeout=60) as response:
            response.read()


LUA_POST = """
wrk.method = "POST"
wrk.body = "body=" .. "Benchmark+comment%%3A+mooi+voorbeeld."
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["X-CSRFToken"] = "%s"
wrk.headers["HX-Request"] = "true"
"""


def run_wrk(
    wrk: str, url: str, method: str, session: str, csrf: str, args: argparse.Namespace
) -> tuple[float, float, float, int]:
    cookie = f"__Host-sessionid={session}; __Host-csrftoken={csrf}"
    command = [
        wrk,
        "-t2",
        f"-c{args.connections}",
        f"-d{args.seconds}s",
        "--latency",
        "--timeout",
        "5s",
        "-H",
        f"Cookie: {cookie}",
    ]
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        if method == "POST":
            script.write(LUA_POST % csrf)
            script.flush()
            command += ["-s", script.name]
        output = subprocess.run([*command, url], capture_output=True, text=True, check=True)
    return parse_wrk(output.stdout)


def parse_wrk(output: str) -> tuple[float, float, float, int]:
    def latency(percentile: str) -> float:
        match = re.search(rf"^\s*{percentile}%\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE)
        if not match:
            return float("nan")
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    socket = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    errors = int(non_2xx.group(1)) if non_2xx else 0
    if socket:
        errors += sum(int(n) for n in socket.groups())
    return rps, latency("50"), latency("99"), errors


def print_table(rows: list[Row], args: argparse.Namespace) -> None:
    print(
        f"\nN = {args.examples:,} examples · {args.connections} connections · {args.workers} "
        f"gunicorn workers · {args.seconds}s per page\n"
    )
    header = (
        f"{'page':36} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6} "
        f"{'queries':>7} {'ratio':>6} {'target':>6}  ok"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        target = f"{row.target:.2f}" if row.target else "-"
        queries = "-" if row.queries is None else str(row.queries)
        print(
            f"{row.page:36} {row.requests_per_s:8.1f} {row.p50_ms:8.1f} {row.p99_ms:8.1f} "
            f"{row.errors:6d} {queries:>7} {row.ratio or 0:6.3f} {target:>6}  "
            f"{'yes' if row.ok else 'NO'}"
        )


def write_results(rows: list[Row], args: argparse.Namespace) -> None:
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
        },
        "examples": args.examples,
        "connections": args.connections,
        "workers": args.workers,
        "seconds_per_page": args.seconds,
        "p99_limit_ms": P99_LIMIT_MS,
        "rows": [{**asdict(row), "ok": row.ok} for row in rows],
    }
    output.write_text(json.dumps(payload, indent=2) + "\n")
    print(f"\nWritten to {output.relative_to(ROOT) if output.is_relative_to(ROOT) else output}")


if __name__ == "__main__":
    sys.exit(main())
