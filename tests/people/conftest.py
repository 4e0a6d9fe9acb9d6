"""Helpers for the people tests: mail through the queue, and a real SMTP server."""

from __future__ import annotations

import re

import pytest
from django.core import mail

# The SMTP server fixture the notifications tests use (one place for it).
from tests.notifications.conftest import smtp_server  # noqa: F401 (fixture)
from tests.worker import run_worker

LINK = re.compile(r"https?://[^\s\"<>]+/invitations/([A-Za-z0-9_\-]+)/")


def link_token(text: str) -> str:
    """The token of the invitation link in a mail's text."""
    match = LINK.search(text)
    assert match, text
    return match.group(1)


def send_queued_mail() -> list[mail.EmailMessage]:
    """Run the worker (as `manage.py db_worker` would) and return the locmem outbox."""
    run_worker()
    return list(mail.outbox)


@pytest.fixture
def smtp_inbox(smtp_server):  # noqa: F811 (the fixture imported above)
    """A real SMTP server (aiosmtpd) on a free localhost port, and Django sending to it."""
    return smtp_server
