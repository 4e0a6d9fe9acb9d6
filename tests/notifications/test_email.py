"""E-mail: at once or as a digest, per member and category, in their language, once."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.core import mail as outbox
from django.urls import reverse
from django.utils import timezone

from examples import services
from notifications import mail
from notifications.models import DigestRun, EmailPreference, Frequency, Notification
from tests.factories import make_comment, make_example

pytestmark = pytest.mark.django_db
PREFERENCES = reverse("notifications:preferences")
# A Wednesday noon: yesterday is a whole day, last week a whole Monday-to-Sunday.
NOW = timezone.make_aware(datetime(2026, 3, 11, 12, 0))


@pytest.fixture
def example(author, commits):
    with commits():
        return make_example(author, title="Storing opgepakt")


def _back_date(days: float) -> None:
    Notification.objects.update(created_at=NOW - timedelta(days=days))


def test_the_defaults_mail_moderation_at_once_and_reactions_not(
    commits, example, author, manager, client_member
):
    with commits():
        services.toggle_reaction(example=example, member=client_member)
    assert outbox.outbox == []
    with commits():
        services.hide_content(item=example, moderator=manager, reason="Bevat een klantnaam")
    (message,) = outbox.outbox
    assert message.to == [author.email]
    assert "Bevat een klantnaam" in message.body
    assert "verborgen" in message.subject
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # A retried task mails nothing twice.
    mail.mail_now(list(Notification.objects.values_list("pk", flat=True)))
    assert len(outbox.outbox) == 1


def test_a_member_who_chose_never_gets_no_mail(commits, example, author, manager):
    EmailPreference.objects.create(member=author, category="moderation", frequency="never")
    with commits():
        services.hide_content(item=example, moderator=manager, reason="Klantnaam")
    assert outbox.outbox == []


def test_a_daily_digest_goes_out_once_in_the_members_language(
    commits, login_in_english, example, author, client_member, partner_member
):
    login_in_english(author)  # sets English as the author's language
    with commits():
        make_comment(example, client_member, "Een")
        make_comment(example, partner_member, "Twee")
    _back_date(1)
    # The author's, and the first commenter's (a new comment in a thread they follow).
    assert mail.send_digests(NOW) == 2
    (digest,) = [m for m in outbox.outbox if m.to == [author.email]]
    assert digest.subject == "Your daily digest"
    assert "2 new comments on your example" in digest.body
    html = digest.alternatives[0][0]
    assert "Storing opgepakt" in html and 'lang="en"' in html
    assert mail.send_digests(NOW) == 0
    assert mail.send_digests(NOW + timedelta(hours=1)) == 0
    assert len(outbox.outbox) == 2
    assert DigestRun.objects.get(member=author).item_count == 1


def test_an_empty_digest_is_not_sent_and_nothing_in_it_is_hidden(
    commits, example, author, client_member, manager
):
    with commits():
        make_comment(example, client_member, "Een")
    with commits():
        make_comment(example, author, "Dank je")
    _back_date(1)
    services.hide_content(item=example, moderator=manager, reason="Klantnaam")
    # The hide itself is mailed to the author at once (moderation: immediately).
    assert [m.to for m in outbox.outbox] == [[author.email]]
    outbox.outbox.clear()
    # The author still sees their own hidden example; the commenter may not.
    assert mail.send_digests(NOW) == 1
    assert [m.to for m in outbox.outbox] == [[author.email]]
    assert not DigestRun.objects.filter(member=client_member).exists()


def test_a_digest_missed_while_the_worker_was_down_goes_out_once_later(
    commits, example, author, client_member
):
    with commits():
        make_comment(example, client_member, "Een")
    _back_date(2)  # the day before yesterday; nobody ran the digests yesterday
    assert mail.send_digests(NOW) == 1
    assert mail.send_digests(NOW + timedelta(days=1)) == 0
    assert len(outbox.outbox) == 1


def test_weekly_digests_cover_last_week(commits, example, author, client_member):
    with commits():
        services.toggle_reaction(example=example, member=client_member)
    _back_date(5)  # last Friday
    assert mail.send_digests(NOW) == 1
    assert outbox.outbox[0].subject == "Je wekelijkse overzicht"


def test_the_preferences_page_saves_a_frequency_per_category(login, client_member):
    client = login(client_member)
    page = client.get(PREFERENCES).content.decode()
    assert 'name="reactions"' in page and 'name="managers"' not in page
    data = {c: "weekly" for c in ["mentions", "moderation", "comments", "recognitions", "follows"]}
    response = client.post(PREFERENCES, {**data, "reactions": "never"})
    assert response.status_code == 302
    assert mail.frequencies_of(client_member)["reactions"] == Frequency.NEVER
    bad = client.post(PREFERENCES, {**data, "reactions": "hourly"})
    assert bad.status_code == 422


def test_one_click_unsubscribe_needs_no_sign_in_and_refuses_a_forged_token(client, client_member):
    token = mail.unsubscribe_token(client_member, ["reactions", "follows"])
    url = reverse("notifications:unsubscribe", args=[token])
    assert client.get(url).status_code == 200
    assert mail.frequencies_of(client_member)["reactions"] == Frequency.WEEKLY
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    chosen = mail.frequencies_of(client_member)
    assert chosen["reactions"] == chosen["follows"] == Frequency.NEVER
    assert chosen["mentions"] == Frequency.IMMEDIATELY
    forged = reverse("notifications:unsubscribe", args=[token[:-3] + "abc"])
    assert client.post(forged).status_code == 400
