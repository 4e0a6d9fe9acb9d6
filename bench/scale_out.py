"""Two app servers, one PostgreSQL, one Redis: what a member writes on one shows on the other.

    .venv/bin/python bench/scale_out.py --examples 2000

Starts two gunicorn instances on different ports against the benchmark database and the local
Redis (REDIS_URL), as two app servers behind a load balancer would run. A member signed in
once (sessions live in the database, and with Redis in the shared cache too) posts a comment
through server A; server B must show it at once on the example page, in the comment count on
the browse page, and in the dashboard's figures; signing out on A signs out on B at once.
Exits non-zero when it does not.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import urllib.parse
import urllib.request
import uuid
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import gunicorn, manage, prepare_database, production_env, redis_reachable


def whole_thread(port: int, path: str, session: str, csrf: str) -> str:
    """The example page and every further page of its thread ("Show more comments")."""
    pages = [fetch(port, path, session, csrf)]
    while more := re.search(r'href="(\?comments_after=[^"#]+)#comments"', pages[-1]):
        pages.append(fetch(port, path + more.group(1).replace("&amp;", "&"), session, csrf))
    return "".join(pages)


def fetch(port: int, path: str, session: str, csrf: str, data: bytes | None = None) -> str:
    headers = {"Cookie": f"__Host-sessionid={session}; __Host-csrftoken={csrf}"}
    if data is not None:
        headers.update({"X-CSRFToken": csrf, "Content-Type": "application/x-www-form-urlencoded"})
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, headers=headers)
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.read().decode()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--examples", type=int, default=2000)
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/5")
    args = parser.parse_args()
    database = f"bench_{args.examples}"
    env = production_env(f"postgres://postgres@127.0.0.1:5432/{database}")
    if redis_reachable(args.redis):
        env["REDIS_URL"] = args.redis
    else:
        # The app needs no Redis: cards and dashboard panels are keyed by the data itself, so
        # per-process caches must give the same answers.
        print(f"Redis at {args.redis} is not reachable: checking with per-process caches.")
    prepare_database(database, args.examples, env)
    manage(env, "collectstatic", "--no-input", "-v0")
    data = json.loads(manage(env, "bench_paths"))
    session, csrf = data["session"], data["csrf"]
    example_path = data["paths"]["post a comment"].replace("comments/", "")
    marker = f"Scale-out check {uuid.uuid4().hex[:12]}"
    checks: dict[str, bool] = {}

    ids = json.loads(
        manage(
            env,
            "shell",
            "-v0",
            "-c",
            "import json; from behaviours.models import Behaviour; "
            "from partnership.models import Organisation; "
            "print(json.dumps([Behaviour.objects.order_by('pk').first().pk, "
            "Organisation.objects.order_by('pk').first().pk]))",
        )
    )
    new_example = urllib.parse.urlencode(
        {
            "title": marker,
            "behaviour": ids[0],
            "recognised_organisations": ids[1],
            "happened_on": date.today().isoformat(),
            "what_happened": "Posted on server A, read on server B.",
            "submission_key": str(uuid.uuid4()),
        }
    ).encode()

    with gunicorn(dict(env), 8771, 2), gunicorn(dict(env), 8772, 2):
        # Warm both servers' caches first, so a stale cache would show.
        for port in (8771, 8772):
            fetch(port, example_path, session, csrf)
            fetch(port, "/", session, csrf)
            fetch(port, "/dashboard/?period=30", session, csrf)
        before = _trends(fetch(8772, "/dashboard/?period=30", session, csrf))
        fetch(8771, f"{example_path}comments/", session, csrf, f"body={marker}".encode())
        checks["a comment posted on A shows on B's example page"] = marker in whole_thread(
            8772, example_path, session, csrf
        )
        fetch(8771, "/examples/new/", session, csrf, new_example)
        checks["an example posted on A heads B's browse page"] = marker in fetch(
            8772, "/", session, csrf
        )
        after = _trends(fetch(8772, "/dashboard/?period=30", session, csrf))
        checks["B's dashboard counts the example posted on A"] = (
            before is not None and after is not None and before != after
        )
        # Sessions and members may be read from the shared cache (AUTH_CACHE): signing out on
        # A must sign out on B at once.
        fetch(8771, "/accounts/logout/", session, csrf, b"")
        checks["signing out on A signs out on B at once"] = signed_out(8772, session, csrf)

    for name, ok in checks.items():
        print(f"{'ok ' if ok else 'FAIL'}  {name}")
    return 0 if all(checks.values()) else 1


def signed_out(port: int, session: str, csrf: str) -> bool:
    headers = {"Cookie": f"__Host-sessionid={session}; __Host-csrftoken={csrf}"}
    request = urllib.request.Request(f"http://127.0.0.1:{port}/about/", headers=headers)
    with urllib.request.urlopen(request, timeout=10) as response:
        return "/accounts/login/" in response.url


def _trends(html: str) -> str | None:
    """The trends panel's table, as text: one more example changes it."""
    match = re.search(r'id="trends-panel".*?</table>', html, re.DOTALL)
    return match.group(0) if match else None


if __name__ == "__main__":
    sys.exit(main())
