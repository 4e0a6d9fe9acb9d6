"""The documented nginx set-up (docs/nginx-proxy.conf) in front of gunicorn with one sync worker.

nginx refuses a huge body with 413 before the application sees it, cuts clients that dribble
their headers, and buffers slow clients so a normal request still gets through at once.
Run with `make test-nginx` (skipped where Debian's nginx is not installed).
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings as django_settings

NGINX = "/usr/sbin/nginx"
BASE_DIR = Path(django_settings.BASE_DIR)
PROXY_RULES = BASE_DIR / "docs" / "nginx-proxy.conf"
HEADER_TIMEOUT = 10  # client_header_timeout in docs/nginx-proxy.conf

pytestmark = [
    pytest.mark.nginx,
    pytest.mark.skipif(not os.path.exists(NGINX), reason="nginx is not installed"),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"nothing listens on port {port}")


@pytest.fixture(scope="module")
def proxy(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    workdir = tmp_path_factory.mktemp("nginx")
    app_port, proxy_port = free_port(), free_port()
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DEBUG", "DATABASE_URL"}},
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",  # TLS ends at the proxy; this test speaks plain HTTP
        "PROXY_COUNT": "1",
        "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}",
    }
    gunicorn = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "partnership.wsgi",
            "--workers=1",
            "--worker-class=sync",
            "--timeout=30",
            f"--bind=127.0.0.1:{app_port}",
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=(workdir / "gunicorn.log").open("w"),
    )
    user = "user root;\n" if os.geteuid() == 0 else ""
    (workdir / "nginx.conf").write_text(
        f"""{user}worker_processes 1;
pid {workdir}/nginx.pid;
error_log {workdir}/error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {workdir}/body;
    proxy_temp_path {workdir}/proxy;
    fastcgi_temp_path {workdir}/fastcgi;
    uwsgi_temp_path {workdir}/uwsgi;
    scgi_temp_path {workdir}/scgi;
    upstream partnership_app {{ server 127.0.0.1:{app_port}; keepalive 4; }}
    server {{
        listen 127.0.0.1:{proxy_port};
        server_name localhost;
        include {PROXY_RULES};
    }}
}}
"""
    )
    nginx = subprocess.Popen(
        [
            NGINX,
            "-p",
            str(workdir),
            "-c",
            str(workdir / "nginx.conf"),
            "-e",
            str(workdir / "error.log"),
            "-g",
            "daemon off;",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for(app_port)
        wait_for(proxy_port)
        yield proxy_port
    finally:
        for process in (nginx, gunicorn):
            process.terminate()
        for process in (nginx, gunicorn):
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(workdir, ignore_errors=True)


def get(port: int, path: str = "/healthz", timeout: float = 5) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=timeout) as reply:
            return reply.status, reply.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_a_normal_request_passes_through(proxy: int) -> None:
    assert get(proxy) == (200, b"ok")


def test_a_huge_body_is_refused_by_the_proxy_with_413(proxy: int) -> None:
    with socket.create_connection(("127.0.0.1", proxy), timeout=10) as sock:
        sock.sendall(
            b"POST /accounts/login/ HTTP/1.1\r\nHost: localhost\r\n"
            b"Content-Type: application/octet-stream\r\n"
            b"Content-Length: 300000000\r\n\r\n" + b"A" * 65536
        )
        reply = sock.recv(4096)
    assert reply.startswith(b"HTTP/1.1 413")
    assert b"nginx" in reply  # the proxy answered; the application never saw the body


def test_slow_clients_are_held_by_the_proxy_and_cut_while_others_are_served(proxy: int) -> None:
    # Six clients dribble their headers and two their bodies: with one sync worker behind a
    # proxy that passed them through, nobody else would be served until they finished.
    slow = []
    for _ in range(6):
        sock = socket.create_connection(("127.0.0.1", proxy), timeout=HEADER_TIMEOUT + 10)
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n")
        slow.append(sock)
    for _ in range(2):
        sock = socket.create_connection(("127.0.0.1", proxy), timeout=HEADER_TIMEOUT + 10)
        sock.sendall(
            b"POST /accounts/login/ HTTP/1.1\r\nHost: localhost\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\n"
            b"Content-Length: 1000\r\n\r\nusername="
        )
        slow.append(sock)
    try:
        for _ in range(3):
            status, body = get(proxy, timeout=5)
            assert (status, body) == (200, b"ok")
        # Nothing more arrives from the slow clients: the proxy cuts every one of them after
        # its header or body time-out (a reset, since reset_timedout_connection is on).
        for sock in slow:
            try:
                reply = sock.recv(4096)
            except ConnectionResetError:
                reply = b""
            assert reply == b"" or reply.startswith(b"HTTP/1.1 408")
    finally:
        for sock in slow:
            sock.close()
    assert get(proxy) == (200, b"ok")
