"""Helpers for the people tests: mail through the queue, and a real SMTP server."""

from __future__ import annotations

import email
import re
import socket
from email.message import Message
from email.policy import default as default_policy

import pytest
from aiosmtpd.controller import Controller
from django.core import mail

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


class Inbox:
    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        self.messages.append(email.message_from_bytes(envelope.content, policy=default_policy))
        return "250 OK"


@pytest.fixture
def smtp_inbox(settings):
    """A real SMTP server (aiosmtpd) on a free localhost port, and Django sending to it."""
    inbox = Inbox()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    yield inbox
    controller.stop()
