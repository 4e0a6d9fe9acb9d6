"""Run the test identity provider: `python -m tests.oidc_idp.serve` (the fixture does this).

Creates its tables and an RSA signing key in the SQLite file named by IDP_DATABASE, binds a
free port on 127.0.0.1, prints `PORT <n>` on stdout and serves until it is terminated.
"""

from __future__ import annotations

import os
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import django
from django.conf import settings
from django.core.management import call_command
from django.core.wsgi import get_wsgi_application


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def main() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.oidc_idp.settings"
    django.setup()
    call_command("migrate", run_syncdb=True, verbosity=0)
    call_command("creatersakey", stdout=open(os.devnull, "w"))  # noqa: SIM115
    app = get_wsgi_application()
    server = make_server(
        "127.0.0.1", 0, app, server_class=_ThreadingServer, handler_class=_QuietHandler
    )
    port = server.server_address[1]
    settings.SITE_URL = f"http://127.0.0.1:{port}"
    print(f"PORT {port}", flush=True)
    # Runs until the fixture terminates the process.
    server.serve_forever()


if __name__ == "__main__":
    main()
