"""Load and outage test: gunicorn on PostgreSQL under a mix of reads, HTMX fragments and writes.

    .venv/bin/python bench/load.py --minutes 5                 # steady load
    .venv/bin/python bench/load.py --minutes 5 --outage 10     # PostgreSQL stopped 10 s midway

wrk drives the server over loopback with a Lua script that cycles through browse pages,
filters, HTMX fragments, example pages, a dashboard panel, comments and reactions, and counts
every status code. A poller asks /healthz every 0.2 s, so an outage run shows when the site
answered 503 and how soon after PostgreSQL's restart it answered 200 again. Every 5xx body is
checked for a traceback. Results go to bench/results/load[-outage].json and are summarised in
docs/load-test.md.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import RESULTS, gunicorn, manage, prepare_database, production_env

PG_CLUSTER = "pg_ctlcluster --skip-systemctl-redirect {version} main {action}"

LUA = r"""
local requests = {}
local threads = {}
local counter = 0

local cookie = "__Host-sessionid=%(session)s; __Host-csrftoken=%(csrf)s"
local function get(path, htmx)
  local headers = {["Cookie"] = cookie}
  if htmx then headers["HX-Request"] = "true" end
  return wrk.format("GET", path, headers)
end
local function post(path, body)
  return wrk.format("POST", path, {
    ["Cookie"] = cookie,
    ["X-CSRFToken"] = "%(csrf)s",
    ["HX-Request"] = "true",
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }, body)
end

%(requests)s

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  statuses = {}
  tracebacks = 0
end

function request()
  counter = counter + 1
  return requests[(counter %% #requests) + 1]
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  local leaked = body and (body:find("Traceback", 1, true) or body:find("File \"", 1, true))
  if status >= 500 and leaked then
    tracebacks = tracebacks + 1
  end
end

function done(summary, latency, requests_)
  local total = {}
  local tb = 0
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      total[tostring(status)] = (total[tostring(status)] or 0) + count
    end
    tb = tb + thread:get("tracebacks")
  end
  local parts = {}
  for status, count in pairs(total) do
    table.insert(parts, string.format('"%%s": %%d', status, count))
  end
  io.write(string.format(
    'RESULT {"requests": %%d, "seconds": %%.1f, "p50_ms": %%.1f, "p95_ms": %%.1f, ' ..
    '"p99_ms": %%.1f, ' ..
    '"max_ms": %%.1f, "socket_errors": %%d, "tracebacks": %%d, "statuses": {%%s}}\n',
    summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    tb, table.concat(parts, ", ")))
end
"""


def lua_requests(paths: dict[str, str], example_ids: list[int]) -> str:
    """The mix: mostly reads, a share of HTMX fragments, one write in ten."""
    lines = []

    def add(expression: str, weight: int) -> None:
        lines.extend([f"table.insert(requests, {expression})"] * weight)

    add(f'get("{paths["browse page 1"]}")', 4)
    add(f'get("{paths["browse by behaviour + organisation"]}")', 2)
    add(f'get("{paths["browse by behaviour + organisation"]}", true)', 2)
    add(f'get("{paths["browse 10,000 deep"]}")', 1)
    add(f'get("{paths["search, common word"]}", true)', 1)
    add(f'get("{paths["dashboard, 365 days"]}")', 1)
    add('get("/dashboard/trends/?period=90", true)', 1)
    for pk in example_ids[:5]:
        add(f'get("/examples/{pk}/")', 1)
    add(f'post("/examples/{example_ids[0]}/comments/", "body=Load+test+comment")', 1)
    add(f'post("/examples/{example_ids[1]}/inspiring/", "")', 1)
    return "\n".join(lines)


class HealthPoller(threading.Thread):
    """Asks /healthz every 0.2 s and keeps (time, status) so recovery can be timed."""

    def __init__(self, port: int) -> None:
        super().__init__(daemon=True)
        self.url = f"http://127.0.0.1:{port}/healthz"
        self.timeline: list[tuple[float, int]] = []
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                with urllib.request.urlopen(self.url, timeout=2) as response:
                    status = response.status
            except urllib.error.HTTPError as error:
                status = error.code
            except OSError:
                status = 0
            self.timeline.append((time.monotonic(), status))
            time.sleep(0.2)


def postgres(action: str) -> None:
    version = subprocess.run(
        ["ls", "/etc/postgresql"], capture_output=True, text=True, check=True
    ).stdout.split()[0]
    subprocess.run(PG_CLUSTER.format(version=version, action=action).split(), check=True)


def page_bodies(port: int, session: str, paths: list[str]) -> dict[str, tuple[int, str]]:
    """Fetch a few pages now (during an outage) to keep what a member would see."""
    seen = {}
    for path in paths:
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}{path}", headers={"Cookie": f"__Host-sessionid={session}"}
        )
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                seen[path] = (response.status, response.read().decode(errors="replace"))
        except urllib.error.HTTPError as error:
            seen[path] = (error.code, error.read().decode(errors="replace"))
        except OSError as error:
            seen[path] = (0, str(error))
    return seen


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--examples", type=int, default=20_000)
    parser.add_argument("--minutes", type=float, default=5)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--outage", type=int, default=0, help="stop PostgreSQL this many seconds")
    args = parser.parse_args()

    database = f"bench_{args.examples}"
    env = production_env(f"postgres://postgres@127.0.0.1:5432/{database}")
    env["CONN_MAX_AGE"] = "0" if args.outage else env.get("CONN_MAX_AGE", "60")
    prepare_database(database, args.examples, env)
    manage(env, "collectstatic", "--no-input", "-v0")
    data = json.loads(manage(env, "bench_paths"))
    ids = json.loads(
        manage(
            env,
            "shell",
            "-v0",
            "-c",
            "import json; from examples.models import Example; "
            "print(json.dumps(list(Example.objects.published().order_by('-pk')"
            ".values_list('pk', flat=True)[:5])))",
        )
    )
    script = LUA % {
        "session": data["session"],
        "csrf": data["csrf"],
        "requests": lua_requests(data["paths"], ids),
    }
    seconds = int(args.minutes * 60)
    outage: dict[str, object] = {}
    with (
        gunicorn(env, args.port, args.workers),
        tempfile.NamedTemporaryFile("w", suffix=".lua") as lua,
    ):
        lua.write(script)
        lua.flush()
        poller = HealthPoller(args.port)
        poller.start()
        started = time.monotonic()
        wrk = subprocess.Popen(
            [
                "wrk",
                "-t2",
                f"-c{args.connections}",
                f"-d{seconds}s",
                "--timeout",
                "10s",
                "-s",
                lua.name,
                f"http://127.0.0.1:{args.port}/",
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        if args.outage:
            time.sleep(max(1, seconds / 2 - args.outage / 2))
            stopped_at = time.monotonic()
            postgres("stop")
            time.sleep(2)
            during = page_bodies(args.port, data["session"], ["/", "/healthz"])
            time.sleep(max(0, args.outage - 2))
            postgres("start")
            restarted_at = time.monotonic()
            outage = {
                "stopped_after_s": round(stopped_at - started, 1),
                "seconds": args.outage,
                "pages_during": {
                    path: {
                        "status": status,
                        "friendly": any(
                            phrase in body.lower()
                            for phrase in ("niet beschikbaar", "unavailable", "try again")
                        ),
                        "traceback": "Traceback" in body,
                    }
                    for path, (status, body) in during.items()
                },
                "restarted_at": restarted_at,
            }
        output = wrk.communicate()[0]
        poller.stop.set()
        poller.join()
    result = json.loads(output.split("RESULT ", 1)[1].splitlines()[0])
    if args.outage:
        restarted = outage.pop("restarted_at")
        recovered = next(
            (t for t, status in poller.timeline if t >= restarted and status == 200), None
        )
        outage["recovered_within_s"] = (
            None if recovered is None else round(recovered - restarted, 2)
        )
        outage["health_statuses_seen"] = sorted({status for _, status in poller.timeline})
        result["outage"] = outage
    result.update(
        when=datetime.now(UTC).isoformat(timespec="seconds"),
        examples=args.examples,
        connections=args.connections,
        workers=args.workers,
        machine={"cpus": os.cpu_count()},
    )
    server_errors = sum(n for status, n in result["statuses"].items() if status.startswith("5"))
    unexpected = server_errors - result["statuses"].get("503", 0) if args.outage else server_errors
    name = "load-outage.json" if args.outage else "load.json"
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / name).write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    print(f"\nWritten to bench/results/{name}")
    ok = unexpected == 0 and result["tracebacks"] == 0
    if args.outage:
        ok = ok and outage.get("recovered_within_s") is not None
    print("OK" if ok else "FAILED: unexpected 5xx, tracebacks or no recovery")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
