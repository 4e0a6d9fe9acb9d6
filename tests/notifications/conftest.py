from __future__ import annotations

import email
import socket
from email.message import Message
from email.policy import default as default_policy

import pytest
from aiosmtpd.controller import Controller


@pytest.fixture
def commits(django_capture_on_commit_callbacks):
    """`with commits(): ...` runs what the writes inside registered for after their commit
    (the tests' transaction never commits), as a real commit would."""

    def _commits():
        return django_capture_on_commit_callbacks(execute=True)

    return _commits


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    """Deliveries run in the request, where the test can see what they did (the suite's default
    is the database queue, which only a worker empties: tests/worker.py)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


class Inbox:
    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=default_policy))
        return "250 OK"


@pytest.fixture
def smtp_server(settings):
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
