"""E-mail about notifications: at once, or as a daily or weekly digest, in the member's
language, each with a one-click unsubscribe per category.

Exactly once: a notification mailed at once is claimed by setting its `emailed_at` (an
UPDATE that only one worker wins); a digest is claimed by inserting its DigestRun, whose
unique constraint (member, period_start, frequency) only one worker passes. A digest covers a
period that has ended (yesterday, last week); each run also looks at the period before, so a
worker that was down for a day catches up, and the claim keeps a period from going out twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from html import unescape
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.translation import gettext

from notifications.groups import Line, lines_for
from notifications.models import (
    CATEGORY_OF,
    DEFAULT_FREQUENCY,
    DIGEST_CATEGORIES,
    Category,
    DigestRun,
    EmailPreference,
    Frequency,
    Notification,
)
from partnership.models import User

UNSUBSCRIBE_SALT = "notifications.unsubscribe"


def frequencies_of(member: User) -> dict[str, str]:
    """The member's frequency per category: their choice, else the default."""
    chosen = dict(
        EmailPreference.objects.filter(member=member).values_list("category", "frequency")
    )
    return {category: chosen.get(category, DEFAULT_FREQUENCY[category]) for category in Category}


def unsubscribe_token(member: User, categories: Iterable[str]) -> str:
    return signing.dumps({"m": member.pk, "c": sorted(categories)}, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str) -> tuple[int, list[str]]:
    """The member and categories a token names; signing.BadSignature if it was not ours."""
    data: Any = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    if not isinstance(data, dict) or not isinstance(data.get("m"), int):
        raise signing.BadSignature("unexpected token")
    categories = [c for c in data.get("c", []) if c in Category.values]
    return data["m"], categories


def unsubscribe(*, member_id: int, categories: list[str]) -> None:
    """Stop every e-mail of these categories to the member (the in-app notifications stay)."""
    for category in categories:
        EmailPreference.objects.update_or_create(
            member_id=member_id, category=category, defaults={"frequency": Frequency.NEVER}
        )


def _plain(html: str) -> str:
    return " ".join(unescape(strip_tags(html)).split())


def absolute_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def unsubscribe_url(member: User, categories: list[str]) -> str:
    return absolute_url(
        reverse("notifications:unsubscribe", args=[unsubscribe_token(member, categories)])
    )


def message_to(
    member: User, *, subject: str, text: str, html: str, unsubscribe: str
) -> EmailMultiAlternatives:
    """A mail to the member, HTML and plain text, with one-click List-Unsubscribe headers."""
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[member.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def _message(
    member: User, *, subject: str, lines: list[Line], categories: list[str]
) -> EmailMultiAlternatives:
    """The mail, rendered in the member's language, with List-Unsubscribe headers."""
    unsubscribe = unsubscribe_url(member, categories)
    with translation.override(member.preferred_language):
        context = {
            "member": member,
            "lines": lines,
            "site": settings.SITE_URL.rstrip("/"),
            "unsubscribe_url": unsubscribe,
            "per_category": [
                (Category(category).label, unsubscribe_url(member, [category]))
                for category in categories
            ],
            "preferences_url": absolute_url(reverse("notifications:preferences")),
        }
        context["items"] = [
            (
                _plain(render_to_string("notifications/_line.html", {**context, "line": line})),
                absolute_url(reverse("notifications:open", args=[line.newest.pk])),
            )
            for line in lines
        ]
        html = render_to_string("notifications/email/notifications.html", context)
        text = render_to_string("notifications/email/notifications.txt", context)
        subject = str(subject)
    return message_to(member, subject=subject, text=text, html=html, unsubscribe=unsubscribe)


def mail_now(notification_ids: list[int]) -> int:
    """Mail the notifications whose recipient wants their category at once; returns how many
    went out. Each is claimed first, so a retried task mails none twice."""
    sent = 0
    rows = Notification.objects.filter(pk__in=notification_ids, emailed_at__isnull=True).for_page()
    for notification in rows.select_related("recipient"):
        member = notification.recipient
        category = CATEGORY_OF[notification.kind]
        if not member.is_active or not member.email:
            continue
        if frequencies_of(member)[category] != Frequency.IMMEDIATELY:
            continue
        lines = [line for line in lines_for(member, [notification]) if line.available]
        if not lines:
            continue
        claimed = Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(
            emailed_at=timezone.now()
        )
        if not claimed:
            continue
        with translation.override(member.preferred_language):
            subject = _plain(render_to_string("notifications/_line.html", {"line": lines[0]}))
        message = _message(member, subject=subject[:150], lines=lines, categories=[category])
        message.send()
        sent += 1
    return sent


def period_starts(frequency: str, now: datetime) -> list[tuple[datetime, datetime]]:
    """The last two complete periods (local days, or weeks from Monday), oldest first."""
    local = timezone.localtime(now)
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    if frequency == Frequency.DAILY:
        length = timedelta(days=1)
        end = midnight
    else:
        length = timedelta(days=7)
        end = midnight - timedelta(days=midnight.weekday())
    return [(end - 2 * length, end - length), (end - length, end)]


def send_digest(member: User, *, frequency: str, start: datetime, end: datetime) -> bool:
    """Send the member's digest of one period if it has anything and nobody sent it yet."""
    categories = [
        c for c, f in frequencies_of(member).items() if f == frequency and c in DIGEST_CATEGORIES
    ]
    kinds = [kind for kind, category in CATEGORY_OF.items() if category in categories]
    if not kinds:
        return False
    rows = (
        Notification.objects.filter(
            recipient=member, kind__in=kinds, created_at__gte=start, created_at__lt=end
        )
        .for_page()
        .order_by("-created_at", "-pk")[:200]
    )
    lines = [line for line in lines_for(member, rows) if line.available]
    if not lines:
        return False  # an empty digest is not sent
    try:
        with transaction.atomic():
            run = DigestRun.objects.create(member=member, frequency=frequency, period_start=start)
    except IntegrityError:
        return False  # another worker, or an earlier run, has this period
    with translation.override(member.preferred_language):
        subject = (
            gettext("Your daily digest")
            if frequency == Frequency.DAILY
            else gettext("Your weekly digest")
        )
    _message(member, subject=subject, lines=lines, categories=categories).send()
    run.item_count = len(lines)
    run.sent_at = timezone.now()
    run.save(update_fields=["item_count", "sent_at"])
    return True


def send_digests(now: datetime | None = None) -> int:
    """Send every due digest (daily and weekly); safe to run from several workers at once."""
    now = now or timezone.now()
    sent = 0
    members = User.objects.filter(is_active=True).exclude(email="").order_by("pk")
    for frequency in (Frequency.DAILY, Frequency.WEEKLY):
        for start, end in period_starts(frequency, now):
            for member in members.iterator(chunk_size=500):
                sent += send_digest(member, frequency=frequency, start=start, end=end)
    return sent
