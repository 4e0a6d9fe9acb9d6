"""The hourly digests kept on schedule by the task queue itself, run by the real worker.

The chain: each hour's run queues the next (`run_after`), claimed by a unique ScheduleSlot,
so repeated starts and two workers never make a second chain, and a worker that was down
resumes it and catches up on the digest it missed.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tasks import TaskResultStatus

from notifications.models import DigestRun, Notification, ScheduleSlot
from notifications.schedule import next_slot, schedule_digests, send_scheduled_digests
from tests.factories import make_comment, make_example
from tests.worker import queued, run_worker, work_in_thread

TASK = send_scheduled_digests.module_path
# The worker comes back on Wednesday 11 March at 12:20, after a day down.
BACK = timezone.make_aware(datetime(2026, 3, 11, 12, 20))
WENT_DOWN = BACK - timedelta(days=1, hours=4)  # Tuesday 08:20: the 09:00 run never happened
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def database_queue(settings) -> None:
    """The production queue: nothing runs until a worker takes it."""
    settings.TASKS = DATABASE_QUEUE


@pytest.fixture
def back() -> Iterator[None]:
    with time_machine.travel(BACK, tick=True):
        yield


def comment_of_tuesday(author, commenter) -> None:
    """A comment on the author's example on Tuesday: in the author's daily digest (the
    default for comments) of Tuesday, due from Wednesday 00:00."""
    example = make_example(author)
    comment = make_comment(example, commenter, "Goed gedaan")
    Notification.objects.create(
        recipient=author,
        kind=Notification.Kind.COMMENT,
        actor=commenter,
        example=example,
        comment=comment,
        created_at=BACK - timedelta(days=1),
    )


@pytest.mark.django_db
def test_the_worker_resumes_the_chain_after_a_day_down_and_sends_the_missed_digest_once(
    database_queue, back, mailoutbox, author, client_member
) -> None:
    comment_of_tuesday(author, client_member)
    assert schedule_digests(WENT_DOWN) == timezone.make_aware(datetime(2026, 3, 10, 9, 0))
    assert schedule_digests(WENT_DOWN) is None  # a second start queues nothing

    run_worker()

    (digest,) = mailoutbox
    assert digest.to == [author.email] and digest.subject == "Je dagelijkse overzicht"
    assert DigestRun.objects.get().member == author
    runs = queued(TASK)
    assert [r.status for r in runs] == [TaskResultStatus.SUCCESSFUL, TaskResultStatus.READY]
    # The late run queued the next whole hour from now, not the 24 hours it missed.
    assert runs[1].run_after == timezone.make_aware(datetime(2026, 3, 11, 13, 0))

    # Restarting the worker (`make run`, ExecStartPre) joins the chain instead of a second one.
    out = StringIO()
    call_command("schedule_digests", stdout=out)
    assert "queued already" in out.getvalue()
    run_worker()
    assert len(queued(TASK)) == 2 and len(mailoutbox) == 1

    # An hour later the chain goes on, and the digest is not sent again.
    with time_machine.travel(BACK + timedelta(hours=1), tick=True):
        run_worker()
    runs = queued(TASK)
    assert [r.status for r in runs][-1] == TaskResultStatus.READY
    assert runs[-1].run_after == timezone.make_aware(datetime(2026, 3, 11, 14, 0))
    assert len(runs) == 3 and len(mailoutbox) == 1
    assert ScheduleSlot.objects.count() == 3


@pytest.mark.django_db
def test_without_a_queue_that_can_wait_nothing_is_scheduled(settings) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    assert schedule_digests() is None
    assert not ScheduleSlot.objects.exists()


def test_the_next_slot_is_the_next_whole_hour() -> None:
    assert next_slot(BACK) == timezone.make_aware(datetime(2026, 3, 11, 13, 0))
    assert next_slot(BACK.replace(minute=0)) == timezone.make_aware(datetime(2026, 3, 11, 13, 0))


@pytest.mark.postgres
@pytest.mark.skipif(
    "connection.vendor != 'postgresql'",
    reason="two workers racing on one queue need PostgreSQL (DATABASE_URL=postgres://...)",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_and_two_starts_make_one_chain_and_one_digest(
    database_queue, back, mailoutbox, author, client_member
) -> None:
    comment_of_tuesday(author, client_member)
    barrier = threading.Barrier(2)
    started: list[datetime | None] = []
    errors: list[BaseException] = []

    def start_and_work(worker_id: str) -> None:
        try:
            barrier.wait(timeout=30)
            started.append(schedule_digests(WENT_DOWN))
            barrier.wait(timeout=30)
            work_in_thread(worker_id)
        except BaseException as error:  # reported to the test below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=start_and_work, args=(f"w{n}",)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert sorted(started, key=str) == [timezone.make_aware(datetime(2026, 3, 10, 9, 0)), None]
    statuses = [r.status for r in queued(TASK)]
    assert statuses == [TaskResultStatus.SUCCESSFUL, TaskResultStatus.READY]
    assert [m.to for m in mailoutbox] == [[author.email]]
    assert DigestRun.objects.count() == 1
