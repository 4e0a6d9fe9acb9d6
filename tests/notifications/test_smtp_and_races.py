"""A digest through a real SMTP server, and digests exactly once with two workers racing."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta
from urllib.parse import urlparse

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from examples import services
from notifications import mail
from notifications.models import DigestRun, Frequency, Notification
from tests.factories import make_comment, make_example, make_member

NOW = timezone.make_aware(datetime(2026, 3, 11, 12, 0))


@pytest.mark.django_db
def test_a_digest_through_real_smtp_is_in_english_shows_nothing_hidden_and_unsubscribes(
    smtp_server, commits, author, client_member, partner_member, manager
):
    author.preferred_language = "en"
    author.save(update_fields=["preferred_language"])
    with commits():
        shown = make_example(author, title="Shown-ex-71 storing")
        hidden = make_example(author, title="Hidden-ex-93 storing")
        make_comment(shown, client_member, "Een")
        make_comment(hidden, partner_member, "Twee")
        make_comment(hidden, client_member, "Drie")
    Notification.objects.update(created_at=NOW - timedelta(days=1))
    with commits():
        services.hide_content(item=hidden, moderator=manager, reason="Klantnaam")
    # The client member followed both threads; the hidden one must not reach them.
    client_member.notifications.filter(kind="hidden").delete()

    assert mail.send_digests(NOW) >= 1
    by_recipient = {m["To"]: m for m in smtp_server.messages}
    digest = by_recipient[author.email]
    assert digest["Subject"] == "Your daily digest"
    text = digest.get_body(preferencelist=("plain",)).get_content()
    html = digest.get_body(preferencelist=("html",)).get_content()
    assert "commented on your example" in text and 'lang="en"' in html
    assert "Shown-ex-71" in html
    member_digest = by_recipient.get(client_member.email)
    if member_digest is not None:
        assert "Hidden-ex-93" not in member_digest.as_string()

    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = str(digest["List-Unsubscribe"]).strip().strip("<>")
    response = Client().post(urlparse(url).path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert mail.frequencies_of(author)["comments"] == Frequency.NEVER


on_postgres = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        "connection.vendor != 'postgresql'",
        reason="two workers racing for a digest need PostgreSQL (SQLite serialises writes)",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@on_postgres[0]
@on_postgres[1]
@on_postgres[2]
def test_two_workers_send_each_digest_exactly_once(mailoutbox, author, client_org):
    example = make_example(author, recognised=[author.organisation])
    members = [make_member(client_org) for _ in range(6)]
    for member in members:
        make_comment(example, member, "Hallo")
        # Deliveries run on commit (this test commits for real): every commenter follows.
    Notification.objects.update(created_at=NOW - timedelta(days=1))
    expected = (
        Notification.objects.filter(kind__in=["comment", "thread"])
        .values("recipient")
        .distinct()
        .count()
    )
    assert expected >= 2

    barrier = threading.Barrier(2)
    results: list[object] = []

    def worker() -> None:
        try:
            barrier.wait(timeout=30)
            results.append(mail.send_digests(NOW))
        except Exception as error:
            results.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert all(isinstance(r, int) for r in results), results
    assert sum(results) == expected  # type: ignore[arg-type]
    recipients = [m.to[0] for m in mailoutbox]
    assert len(recipients) == len(set(recipients)) == expected
    assert DigestRun.objects.count() == expected
