"""The benchmark: gunicorn on PostgreSQL, driven by wrk over loopback (see bench/README.md).

    .venv/bin/python bench/run.py --examples 200000 --seconds 10 --rounds 3

It creates (or reuses) a database seeded with `seed_bench`, starts gunicorn with production
settings and measures, in interleaved rounds, a constant page through the whole middleware
stack for an anonymous request (the ceiling) and for a signed-in member, the old ceiling
(/healthz with the session cookie) and then each page. It prints one table of medians over
the rounds: requests/s, p50, p99, errors, queries per request and the ratio to the anonymous
ceiling; then times the cold 365-day dashboard, the first request after a member posts an
example. The same figures are written to bench/results/latest.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from http.client import HTTPConnection
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
RESULTS = ROOT / "bench" / "results"
PG = "postgres://postgres@127.0.0.1:5432"

# (name, target ratio of the ceiling, method); the paths are worked out from the data. The
# first row is the ceiling every ratio is taken against.
PAGES = [
    ("constant, anonymous (ceiling)", None, "GET"),
    ("constant, signed in", None, "GET"),
    ("health with session (old ceiling)", None, "GET"),
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
COLD_DASHBOARD = "/dashboard/?period=365"
COLD_LIMIT_MS = 250.0


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
    rounds: list[dict[str, float]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        if self.target is None:  # a ceiling: measured, not judged
            return self.errors == 0
        ratio_ok = (self.ratio or 0) >= self.target
        return ratio_ok and self.errors == 0 and self.p99_ms <= P99_LIMIT_MS


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--examples", type=int, default=200_000)
    parser.add_argument("--seconds", type=int, default=10, help="wrk duration per page")
    parser.add_argument(
        "--rounds", type=int, default=3, help="interleaved rounds over all pages (medians)"
    )
    parser.add_argument(
        "--cold", type=int, default=15, help="times to post an example, then time the dashboard"
    )
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (2 cores: 4)")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--database", default=None, help="database name (default bench_<N>)")
    parser.add_argument("--output", default=str(RESULTS / "latest.json"))
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument(
        "--only",
        default="",
        help="measure only the pages whose name contains this (the ceilings are always measured)",
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
    setup = django_setup(env)
    paths, session, csrf = setup["paths"], setup["session"], setup["csrf"]
    queries = count_queries(env)

    pages = [page for page in PAGES if page[1] is None or args.only in page[0]]
    measured: dict[str, list[tuple[float, float, float, int]]] = {name: [] for name, *_ in pages}
    with gunicorn(env, args.port, args.workers):
        base = f"http://127.0.0.1:{args.port}"
        # Interleaved rounds, so a noisy minute on a shared machine lands on every page alike.
        for round_number in range(1, args.rounds + 1):
            print(f"Round {round_number} of {args.rounds}…", flush=True)
            for name, _target, method in pages:
                cookie = None if name in setup["anonymous"] else session
                if method == "GET":
                    warm_up(base + paths[name], cookie)
                result = run_wrk(wrk, base + paths[name], method, cookie, csrf, args)
                measured[name].append(result)
        cold = cold_dashboard(base, session, csrf, setup["new_example"], args.cold)
    rows = [
        summarise(name, paths[name], measured[name], queries.get(name), target)
        for name, target, _method in pages
    ]
    ceiling = rows[0].requests_per_s or 1.0
    for row in rows:
        row.ratio = round(row.requests_per_s / ceiling, 3)
    print_table(rows, args)
    print_cold(cold)
    write_results(rows, cold, args)
    ok = all(row.ok for row in rows) and cold["ok"]
    return 0 if (not args.check or ok) else 1


def summarise(
    name: str,
    path: str,
    results: list[tuple[float, float, float, int]],
    queries: int | None,
    target: float | None,
) -> Row:
    """Medians over the rounds (errors are added up); each round is kept too."""
    rounds = [
        {"requests_per_s": rps, "p50_ms": p50, "p99_ms": p99, "errors": errors}
        for rps, p50, p99, errors in results
    ]
    return Row(
        page=name,
        path=path,
        requests_per_s=statistics.median(r[0] for r in results),
        p50_ms=statistics.median(r[1] for r in results),
        p99_ms=statistics.median(r[2] for r in results),
        errors=sum(r[3] for r in results),
        queries=queries,
        target=target,
        rounds=rounds,
    )


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
        # The constant page (/bench/constant) the ceilings are measured on.
        BENCH_ENDPOINTS="1",
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


def django_setup(env: dict[str, str]) -> dict[str, Any]:
    """The paths to measure, a signed-in session and a new example's form, from the data."""
    return json.loads(manage(env, "bench_paths"))  # type: ignore[no-any-return]


def count_queries(env: dict[str, str]) -> dict[str, int]:
    output = manage(env, "bench_paths", "--count-queries")
    return json.loads(output)["queries"]


class gunicorn:
    def __init__(self, env: dict[str, str], port: int, workers: int) -> None:
        self.env, self.port, self.workers = env, port, workers

    def __enter__(self) -> gunicorn:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                # Measuring someone else's server would be worse than measuring nothing.
                raise RuntimeError(f"port {self.port} is taken: pass another with --port")
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


def warm_up(url: str, session: str | None) -> None:
    """A few requests per worker before measuring: the steady state is what we compare.

    A cold dashboard after a change is computed once (the other requests wait for it); the
    rounds measure the pages as members see them between changes, and `cold_dashboard` the
    first request after one.
    """
    headers = {"Cookie": f"__Host-sessionid={session}"} if session else {}
    request = urllib.request.Request(url, headers=headers)
    for _ in range(8):
        with urllib.request.urlopen(request, timeout=60) as response:
            response.read()


def cold_dashboard(
    base: str, session: str, csrf: str, new_example: dict[str, Any], times: int
) -> dict[str, Any]:
    """Post an example as the member, then time the 365-day dashboard's next request."""
    host, port = urllib.parse.urlsplit(base).netloc.split(":")
    cookie = f"__Host-sessionid={session}; __Host-csrftoken={csrf}"
    timings: list[float] = []
    errors = 0
    for _ in range(times):
        connection = HTTPConnection(host, int(port), timeout=60)
        body = urllib.parse.urlencode(new_example)
        connection.request(
            "POST",
            "/examples/new/",
            body=body,
            headers={
                "Cookie": cookie,
                "X-CSRFToken": csrf,
                "Content-Type": "application/x-www-form-urlencoded",
            },
        )
        posted = connection.getresponse()
        posted.read()
        if posted.status != 302:
            errors += 1
        started = time.perf_counter()
        connection.request("GET", COLD_DASHBOARD, headers={"Cookie": cookie})
        answer = connection.getresponse()
        answer.read()
        timings.append((time.perf_counter() - started) * 1000)
        if answer.status != 200:
            errors += 1
        connection.close()
    median = statistics.median(timings) if timings else float("nan")
    return {
        "path": COLD_DASHBOARD,
        "times": times,
        "median_ms": round(median, 1),
        "min_ms": round(min(timings, default=float("nan")), 1),
        "max_ms": round(max(timings, default=float("nan")), 1),
        "errors": errors,
        "limit_ms": COLD_LIMIT_MS,
        "ok": errors == 0 and median <= COLD_LIMIT_MS,
    }


LUA_POST = """
wrk.method = "POST"
wrk.body = "body=" .. "Benchmark+comment%%3A+mooi+voorbeeld."
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["X-CSRFToken"] = "%s"
wrk.headers["HX-Request"] = "true"
"""


def run_wrk(
    wrk: str, url: str, method: str, session: str | None, csrf: str, args: argparse.Namespace
) -> tuple[float, float, float, int]:
    command = [wrk, "-t2", f"-c{args.connections}", f"-d{args.seconds}s", "--latency"]
    command += ["--timeout", "5s"]
    if session:
        command += ["-H", f"Cookie: __Host-sessionid={session}; __Host-csrftoken={csrf}"]
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
        f"gunicorn workers · {args.seconds}s per page · medians of {args.rounds} interleaved "
        f"rounds · ratio to the anonymous constant page\n"
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


def print_cold(cold: dict[str, Any]) -> None:
    print(
        f"\nCold 365-day dashboard, the first request after posting an example "
        f"({cold['times']} times): median {cold['median_ms']:.0f} ms "
        f"({cold['min_ms']:.0f}–{cold['max_ms']:.0f} ms), {cold['errors']} errors, "
        f"limit {cold['limit_ms']:.0f} ms  {'yes' if cold['ok'] else 'NO'}"
    )


def write_results(rows: list[Row], cold: dict[str, Any], args: argparse.Namespace) -> None:
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
        "rounds": args.rounds,
        "p99_limit_ms": P99_LIMIT_MS,
        "rows": [{**asdict(row), "ok": row.ok} for row in rows],
        "cold_dashboard": cold,
    }
    output.write_text(json.dumps(payload, indent=2) + "\n")
    print(f"\nWritten to {output.relative_to(ROOT) if output.is_relative_to(ROOT) else output}")


if __name__ == "__main__":
    sys.exit(main())
