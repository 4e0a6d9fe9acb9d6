"""Password-reset mail goes through the database task queue and is sent by the worker."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus

from partnership.tasks import send_password_reset
from tests.factories import make_member
from tests.worker import queued, run_worker, work_in_thread

pytestmark = pytest.mark.django_db

TASK = send_password_reset.module_path


class FailingBackend(EmailBackend):
    """An SMTP server that is away: every send raises."""

    def send_messages(self, messages: Any) -> int:
        raise ConnectionRefusedError("mail server unreachable")


def test_the_reset_request_queues_the_mail_and_the_worker_sends_it(client, client_member):
    client.post(reverse("account_reset_password"), {"email": client_member.email})
    (task,) = queued(TASK)
    assert task.status == TaskResultStatus.READY
    assert mail.outbox == []

    run_worker()

    task.refresh_from_db()
    assert task.status == TaskResultStatus.SUCCESSFUL
    assert [message.to for message in mail.outbox] == [[client_member.email]]


def test_a_worker_that_was_down_catches_up_on_start(client, client_org):
    members = [make_member(client_org) for _ in range(3)]
    for member in members:
        client.post(
            reverse("account_reset_password"), {"email": member.email}, REMOTE_ADDR="10.3.3.3"
        )
    assert mail.outbox == []  # no worker running: the requests only queued

    run_worker()  # the worker starts later and works through the backlog

    assert sorted(message.to[0] for message in mail.outbox) == sorted(m.email for m in members)
    assert {task.status for task in queued(TASK)} == {TaskResultStatus.SUCCESSFUL}


def test_a_failed_mail_is_retried_later_and_then_sent(client, client_member, settings):
    client.post(reverse("account_reset_password"), {"email": client_member.email})
    settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"
    run_worker()

    first, retry = queued(TASK)
    assert first.status == TaskResultStatus.FAILED
    assert retry.status == TaskResultStatus.READY
    assert retry.run_after > timezone.now()
    assert retry.args_kwargs["kwargs"]["attempt"] == 2
    assert mail.outbox == []

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    run_worker()  # not due yet
    assert mail.outbox == []
    with time_machine.travel(retry.run_after + timedelta(seconds=1)):
        run_worker()
    assert [message.to for message in mail.outbox] == [[client_member.email]]


def test_retries_stop_after_the_last_attempt(client_member, settings):
    settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"
    send_password_reset.enqueue(
        email=client_member.email,
        domain="testserver",
        use_https=True,
        language="nl",
        attempt=settings.TASK_MAX_ATTEMPTS,
    )
    run_worker()
    (task,) = queued(TASK)
    assert task.status == TaskResultStatus.FAILED


def test_running_the_task_twice_sends_two_working_links_and_changes_nothing_else(client_member):
    kwargs = {"email": client_member.email, "domain": "testserver", "use_https": True}
    password = client_member.password
    send_password_reset.enqueue(language="en", **kwargs)
    send_password_reset.enqueue(language="en", **kwargs)
    run_worker()
    assert len(mail.outbox) == 2
    client_member.refresh_from_db()
    assert client_member.password == password


@pytest.mark.postgres
@pytest.mark.skipif(
    "connection.vendor != 'postgresql'",
    reason="workers sharing one queue need PostgreSQL's SKIP LOCKED (DATABASE_URL=postgres://...)",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_three_workers_share_one_postgresql_queue_and_send_each_mail_once(client_org):
    members = [make_member(client_org) for _ in range(12)]
    for member in members:
        send_password_reset.enqueue(
            email=member.email, domain="testserver", use_https=True, language="nl"
        )
    barrier = threading.Barrier(3)
    errors: list[BaseException] = []

    def work(worker_id: str) -> None:
        try:
            barrier.wait(timeout=30)
            work_in_thread(worker_id)
        except BaseException as error:  # reported to the test below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(f"worker-{n}",)) for n in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert sorted(message.to[0] for message in mail.outbox) == sorted(m.email for m in members)
    assert {task.status for task in queued(TASK)} == {TaskResultStatus.SUCCESSFUL}
