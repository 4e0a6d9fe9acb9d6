"""The managers' weekly summary of the figures that ask for attention.

Built on the dashboards' fixed world (tests/behaviours/world.py): "now" is Thursday 2 April
2026, so the summary covers the week of 23 March and the 90 days up to Sunday 29 March.
Belnet Telecom is silent; added here: DataCenter Partners recognises Belnet Telecom one way,
and a behaviour "listening" nobody has an example of (a gap for every organisation). Tiny
Consult (two members, under the privacy floor of three) recognises Energie Noord one way and
has the same gap, but must never be named.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from urllib.parse import urlparse

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from notifications import mail
from notifications.attention import send_attention_summaries
from notifications.models import Category, DigestRun, EmailPreference, Frequency
from partnership.models import User
from tests.behaviours.world import NOW, World, build_world, post
from tests.factories import make_behaviour

PREFERENCES = reverse("notifications:preferences")
SMALL = "Tiny Consult"


@pytest.fixture
def world(db, settings, mailoutbox) -> Iterator[World]:
    settings.PRIVACY_MIN_GROUP_SIZE = 3
    settings.DASHBOARD_SILENT_WEEKS = 6
    with time_machine.travel(NOW, tick=False):
        built = build_world()
        post(built.members["p1"], built.transparency, [built.Q], "2026-03-24T10:00")
        make_behaviour("listening", name_nl="Luisteren", name_en="Listening")
        mailoutbox.clear()  # the world's own notification mail
        yield built


def opt_in(member: User, language: str = "en") -> User:
    member.preferred_language = language
    member.save(update_fields=["preferred_language"])
    EmailPreference.objects.update_or_create(
        member=member, category=Category.ATTENTION, defaults={"frequency": Frequency.WEEKLY}
    )
    return member


def test_a_manager_who_opted_in_gets_the_weeks_figures_once_in_their_language(
    world: World, mailoutbox
) -> None:
    opt_in(world.manager, "nl")
    assert send_attention_summaries(NOW) == 1
    message = mailoutbox[0]
    assert message.to == [world.manager.email]
    assert message.subject == "Cijfers die aandacht vragen, week van 23 maart 2026"
    html = message.alternatives[0][0]
    for body in (message.body, html):
        assert "Stille organisaties: 6 weken geen voorbeeld of reactie" in body
        assert "Belnet Telecom" in body
        assert "Eenzijdig: DataCenter Partners herkent Belnet Telecom, maar nooit andersom." in body
        assert "Geen voorbeelden van luisteren waarbij Belnet Telecom betrokken is" in body
        assert "Geen voorbeelden van eigenaarschap" not in body
        assert SMALL not in body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # Once per week: the next hourly runs of the week send nothing, next week's does.
    assert send_attention_summaries(NOW + timedelta(hours=1)) == 0
    assert send_attention_summaries(NOW + timedelta(days=3)) == 0
    assert len(mailoutbox) == 1
    assert send_attention_summaries(NOW + timedelta(days=4)) == 1


def test_only_managers_who_opted_in_get_it(world: World, mailoutbox) -> None:
    # A member with the preference stored anyway (e.g. a manager no more) gets nothing.
    opt_in(world.member)
    assert send_attention_summaries(NOW) == 0  # the manager did not opt in
    assert mailoutbox == []
    assert not DigestRun.objects.exists()


def test_nothing_is_sent_when_nothing_asks_for_attention(
    world: World, settings, mailoutbox
) -> None:
    # With every organisation under the privacy floor no figure may be named: nothing to say.
    settings.PRIVACY_MIN_GROUP_SIZE = 10
    opt_in(world.manager)
    assert send_attention_summaries(NOW) == 0
    assert mailoutbox == []
    assert not DigestRun.objects.exists()


def test_only_managers_see_and_set_the_opt_in_on_their_preferences(
    world: World, login_in_english
) -> None:
    manager = login_in_english(world.manager)
    page = manager.get(PREFERENCES).content.decode()
    assert 'name="attention"' in page and "Every Monday" in page
    data = {c: f for c, f in mail.frequencies_of(world.manager).items()}
    assert manager.post(PREFERENCES, {**data, "attention": "weekly"}).status_code == 302
    assert mail.frequencies_of(world.manager)["attention"] == Frequency.WEEKLY
    assert manager.post(PREFERENCES, {**data, "attention": "daily"}).status_code == 422

    member = login_in_english(world.member)
    page = member.get(PREFERENCES).content.decode()
    assert 'name="attention"' not in page
    data = {c: f for c, f in mail.frequencies_of(world.member).items() if c != "managers"}
    member.post(PREFERENCES, {**data, "attention": "weekly"})
    assert mail.frequencies_of(world.member)["attention"] == Frequency.NEVER


def test_the_summary_through_real_smtp_is_in_english_and_unsubscribes_in_one_click(
    world: World, smtp_server
) -> None:
    opt_in(world.manager, "en")
    assert send_attention_summaries(NOW) == 1
    (message,) = smtp_server.messages
    assert message["Subject"] == "Figures that ask for attention, week of 23 March 2026"
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert 'lang="en"' in html
    assert (
        "One-way: DataCenter Partners recognises Belnet Telecom, never the other way round." in text
    )
    assert "No examples of listening involving Energie Noord between 30 December 2025" in text
    assert "Silent organisations: no example or comment for 6 weeks" in text
    assert SMALL not in text and SMALL not in html
    assert "/dashboard/?period=90" in text

    url = str(message["List-Unsubscribe"]).strip().strip("<>")
    response = Client().post(urlparse(url).path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert mail.frequencies_of(world.manager)["attention"] == Frequency.NEVER
    assert send_attention_summaries(NOW + timedelta(days=7)) == 0
