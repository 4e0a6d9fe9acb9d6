"""Work done outside the request, by `manage.py db_worker` (django-tasks, database backend).

A request only enqueues: the task is a row in the database until a worker claims it, so a
worker that was down catches up when it starts, and any number of workers can share one
PostgreSQL queue (each row is claimed once, with SELECT ... FOR UPDATE SKIP LOCKED).

Each task is safe to run again: it reads what it needs when it runs and writes nothing but its
mail. A task that fails is recorded as failed and enqueues its own retry, later each time
(`retry_later`), until `TASK_MAX_ATTEMPTS`.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.core.mail import EmailMultiAlternatives
from django.template import loader
from django.utils import timezone, translation
from django_tasks import task

log = logging.getLogger(__name__)

RETRY_BASE = timedelta(seconds=30)


def retry_later(task_function: Any, attempt: int, **kwargs: Any) -> bool:
    """Enqueue attempt `attempt + 1` of a failed task after a growing delay; False when done."""
    if attempt >= settings.TASK_MAX_ATTEMPTS:
        return False
    delay = RETRY_BASE * 2 ** (attempt - 1)
    task_function.using(run_after=timezone.now() + delay).enqueue(attempt=attempt + 1, **kwargs)
    return True


class ResetMailForm(PasswordResetForm):
    """Django's reset form, except that a mail that cannot be sent raises (so it is retried).

    Django's own `send_mail` logs the failure and carries on, which would mark the task done.
    """

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        message = EmailMultiAlternatives(subject, body, from_email, [to_email])
        if html_email_template_name is not None:
            message.attach_alternative(
                loader.render_to_string(html_email_template_name, context), "text/html"
            )
        message.send()


@task()
def send_password_reset(
    *,
    email: str,
    domain: str,
    use_https: bool,
    language: str,
    requested_from: str | None = None,
    attempt: int = 1,
) -> int:
    """Mail a reset link to the active account with this address, if there is one.

    Returns how many mails went out (0 for an unknown address: the requester never learns
    which). Running it twice sends at most a second link, and both links work.
    `requested_from` is the requester's address, kept with the task so the reset throttle can
    count requests per address (partnership/accounts.py).
    """
    form = ResetMailForm({"email": email})
    if not form.is_valid():
        return 0
    users = list(form.get_users(email))
    if not users:
        return 0
    try:
        with translation.override(language):
            form.save(domain_override=domain, use_https=use_https)
    except Exception:
        retried = retry_later(
            send_password_reset,
            attempt,
            email=email,
            domain=domain,
            use_https=use_https,
            language=language,
            requested_from=requested_from,
        )
        log.warning(
            "password reset mail failed",
            extra={"event": "task_failed", "task": "send_password_reset", "retry": retried},
        )
        raise
    return len(users)
