"""A real SMTP server (aiosmtpd) on a free localhost port, for the mail tests of every app."""

from __future__ import annotations

import email
import socket
from collections.abc import Iterator
from email.message import Message
from email.policy import default as default_policy
from typing import Any

import pytest
from aiosmtpd.controller import Controller


class Inbox:
    """What the server received, parsed: `inbox.messages`."""

    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(email.message_from_bytes(envelope.content, policy=default_policy))
        return "250 OK"


@pytest.fixture
def smtp_server(settings: Any) -> Iterator[Inbox]:
    """Start the server and point Django's SMTP backend at it."""
    inbox = Inbox()
    with socket.socket() as probe:  # a free port (aiosmtpd checks its own port on start)
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
