"""Invitation mail on the task queue (django-tasks, database backend).

The request only enqueues, after its transaction commits. The worker makes the link's token
(only its hash is stored), so the token exists in clear nowhere but in the mail; a retried or
second run sends a new link and the previous one stops working.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django_tasks import task

from partnership.tasks import retry_later
from people.mail import invitation_message
from people.models import Invitation

log = logging.getLogger(__name__)


@task()
def send_invitation(*, invitation_id: int, attempt: int = 1) -> int:
    """Mail the invitation with a fresh link; 0 when it is no longer pending."""
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update(of=("self",))
            .select_related("organisation", "invited_by")
            .filter(pk=invitation_id, status=Invitation.Status.PENDING)
            .first()
        )
        if invitation is None:
            return 0
        token = invitation.issue_token()
        invitation.save(update_fields=["token_hash", "sent_at", "expires_at", "send_count"])
    try:
        invitation_message(invitation, token).send()
    except Exception:
        retried = retry_later(send_invitation, attempt, invitation_id=invitation_id)
        log.warning(
            "invitation mail failed",
            extra={"event": "task_failed", "task": "send_invitation", "retry": retried},
        )
        raise
    return 1
