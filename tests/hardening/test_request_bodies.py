"""Big bodies and file parts are refused before anything is read or spooled to disk."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

BOUNDARY = "partnershipboundary"


def multipart(*parts: tuple[str, bytes, str | None]) -> bytes:
    body = b""
    for name, content, filename in parts:
        disposition = f'form-data; name="{name}"'
        if filename is not None:
            disposition += f'; filename="{filename}"'
        body += (
            f"--{BOUNDARY}\r\nContent-Disposition: {disposition}\r\n".encode()
            + (b"Content-Type: application/octet-stream\r\n" if filename else b"")
            + b"\r\n"
            + content
            + b"\r\n"
        )
    return body + f"--{BOUNDARY}--\r\n".encode()


@pytest.fixture
def upload_dir(settings, tmp_path: Path) -> Path:
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    return tmp_path


def post_multipart(body: bytes, path: str | None = None):  # type: ignore[no-untyped-def]
    return Client().generic(
        "POST",
        path or reverse("account_login"),
        body,
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
    )


def test_a_huge_multipart_login_post_is_refused_with_413_and_nothing_written(upload_dir):
    body = multipart(
        ("login", b"someone@example.test", None),
        ("password", b"x", None),
        ("file", b"A" * (5 * 1024 * 1024), "big.bin"),
    )
    response = post_multipart(body)
    assert response.status_code == 413
    assert b"<html" in response.content
    assert list(upload_dir.iterdir()) == []


def test_a_small_file_part_is_refused_with_400(upload_dir, settings):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0  # any file Django accepted would go to disk
    body = multipart(
        ("login", b"someone@example.test", None),
        ("password", b"x", None),
        ("file", b"hello", "note.txt"),
    )
    response = post_multipart(body)
    assert response.status_code == 400
    assert list(upload_dir.iterdir()) == []


def test_a_big_urlencoded_body_is_refused_with_413(settings):
    data = "username=a%40example.test&password=" + "x" * (settings.REQUEST_BODY_LIMIT + 1)
    response = Client().post(
        reverse("account_login"), data, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 413


def test_an_htmx_request_that_is_too_big_gets_a_fragment(settings):
    data = "x" * (settings.REQUEST_BODY_LIMIT + 1)
    response = Client().post(
        reverse("account_login"),
        data,
        content_type="application/x-www-form-urlencoded",
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 413
    assert b"<html" not in response.content
    assert b'role="alert"' in response.content


def test_a_normal_multipart_form_without_files_still_works(client_member):
    body = multipart(
        ("login", client_member.email.encode(), None),
        ("password", b"a-long-test-password", None),
    )
    response = post_multipart(body)
    assert response.status_code == 302
    assert response["Location"] == reverse("examples:browse")


def test_a_path_in_the_allow_list_takes_files_and_a_larger_body(settings, client_member):
    # How a later upload view opts in: its path prefix with its own limit (settings.py).
    settings.BODY_LIMIT_OVERRIDES = {
        reverse("account_login"): {"limit": settings.REQUEST_BODY_LIMIT * 4, "files": True}
    }
    body = multipart(
        ("login", client_member.email.encode(), None),
        ("password", b"a-long-test-password", None),
        ("file", b"B" * (settings.REQUEST_BODY_LIMIT * 2), "import.csv"),
    )
    assert post_multipart(body).status_code == 302
