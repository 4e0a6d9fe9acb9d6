"""The digests on a schedule kept by the task queue itself (django-tasks has no scheduler).

Every hour, on the hour, one task sends what is due (the daily and weekly digests, the
managers' attention summaries); before it does, it queues the run of the next hour with
`run_after`. Each run is claimed by inserting its `ScheduleSlot` (task, hour) in the same
transaction that queues it, and the unique constraint lets one insert win: two workers,
`manage.py schedule_digests` at every start, or a chain that resumes after a worker was down
all queue the same hour at most once, so there is only ever one chain. The slot of a run is
worked out from the clock, not from the run before, so a late run (a worker down for a day)
queues the next hour from now and a second chain would merge into the first at its next
hour. A run that fails has already queued its successor. What is sent stays exactly once
whatever runs (notifications.mail and notifications.attention claim each mail).

Cron or a systemd timer running `manage.py send_digests` remains an alternative.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import task

from notifications import attention, mail
from notifications.models import ScheduleSlot

DIGESTS = "notifications.digests"
EVERY = timedelta(hours=1)
# Slots older than this are only history: removed as the chain goes on.
KEEP_SLOTS = timedelta(days=7)


def next_slot(now: datetime) -> datetime:
    """The next whole hour after `now`."""
    return now.replace(minute=0, second=0, microsecond=0) + EVERY


def schedule_digests(now: datetime | None = None) -> datetime | None:
    """Queue the digests' run of the next hour, unless it is queued already.

    Returns the hour this call queued, or None when another call had (or when the task
    backend runs tasks at once and cannot wait for an hour: then use cron).
    """
    if not send_scheduled_digests.get_backend().supports_defer:
        return None
    slot = next_slot(now or timezone.now())
    try:
        with transaction.atomic():
            ScheduleSlot.objects.create(task=DIGESTS, starts_at=slot)
            send_scheduled_digests.using(run_after=slot).enqueue(slot=slot.isoformat())
    except IntegrityError:
        return None
    return slot


@task()
def send_scheduled_digests(slot: str) -> int:
    """One hour's run: queue the next hour first (a failure below must not end the chain),
    then send every digest and attention summary that is due."""
    now = timezone.now()
    schedule_digests(now)
    ScheduleSlot.objects.filter(task=DIGESTS, starts_at__lt=now - KEEP_SLOTS).delete()
    return mail.send_digests(now) + attention.send_attention_summaries(now)
