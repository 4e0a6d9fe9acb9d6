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

from allauth.account.adapter import get_adapter
from allauth.account.forms import default_token_generator
from allauth.account.internal.userkit import filter_users_by_email
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
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


def _reset_link(user: Any, *, domain: str, use_https: bool) -> str:
    uid = user_pk_to_url_str(user)
    path = reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": uid, "key": default_token_generator.make_token(user)},
    )
    return f"{'https' if use_https else 'http'}://{domain}{path}"


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
    count requests per address (partnership/accounts.py). The link and mail are allauth's
    (account/email/password_reset_key_*), sent from here rather than queued again.
    """
    users = filter_users_by_email(email, is_active=True, prefer_verified=True, for_login=True)
    if not users:
        return 0
    adapter = get_adapter()
    try:
        with translation.override(language):
            for user in users:
                context = {
                    "user": user,
                    "email": email,
                    "password_reset_url": _reset_link(user, domain=domain, use_https=use_https),
                }
                adapter.render_mail("account/email/password_reset_key", email, context).send()
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


@task()
def send_rendered_mail(
    *,
    subject: str,
    body: str,
    to: list[str],
    from_email: str | None = None,
    html: str | None = None,
    attempt: int = 1,
) -> int:
    """Send a mail rendered in the request (allauth's account and MFA notices); retried later."""
    message = EmailMultiAlternatives(subject, body, from_email, to)
    if html is not None:
        message.attach_alternative(html, "text/html")
    try:
        return message.send()
    except Exception:
        retried = retry_later(
            send_rendered_mail,
            attempt,
            subject=subject,
            body=body,
            to=to,
            from_email=from_email,
            html=html,
        )
        log.warning(
            "mail failed",
            extra={"event": "task_failed", "task": "send_rendered_mail", "retry": retried},
        )
        raise
