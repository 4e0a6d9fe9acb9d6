"""The bell, the notifications page, reading notifications and muting a thread."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from examples import services
from notifications.models import Follow, Notification, TopicFollow
from tests.conftest import HTMX
from tests.factories import make_comment, make_example, make_member

pytestmark = pytest.mark.django_db
LIST = reverse("notifications:list")
BELL = reverse("notifications:bell")


@pytest.fixture
def example(author, commits):
    with commits():
        return make_example(author, title="Storing opgepakt")


@pytest.fixture
def three_comments(commits, example, client_member, partner_member, manager):
    with commits():
        return [
            make_comment(example, client_member, "Een"),
            make_comment(example, partner_member, "Twee"),
            make_comment(example, manager, "Drie"),
        ]


def test_the_bell_shows_the_unread_count_on_every_page(login, author, three_comments):
    for url in (reverse("examples:browse"), reverse("partnership:about"), LIST):
        page = login(author).get(url).content.decode()
        assert 'id="bell"' in page
        assert "Notificaties: 3 ongelezen" in page


def test_the_notifications_page_groups_comments_on_one_example(
    login_in_english, author, three_comments
):
    page = login_in_english(author).get(LIST).content.decode()
    assert "3 new comments on your example" in page
    assert page.count('class="notification notification-unread"') == 1


def test_opening_a_notification_reads_its_group_and_lands_on_the_comment(
    login, author, three_comments
):
    newest = Notification.objects.filter(recipient=author).first()
    assert newest is not None
    response = login(author).get(reverse("notifications:open", args=[newest.pk]))
    assert response.status_code == 302
    assert response.url == three_comments[-1].get_absolute_url()
    assert not Notification.objects.filter(recipient=author).unread().exists()


def test_marking_one_read_leaves_the_others(commits, login, author, example, client_member):
    with commits():
        make_comment(example, client_member, "Een")
        services.toggle_reaction(example=example, member=client_member)
    reaction = Notification.objects.get(recipient=author, kind="reaction")
    response = login(author).post(reverse("notifications:read", args=[reaction.pk]))
    assert response.status_code == 302
    assert list(
        Notification.objects.filter(recipient=author).unread().values_list("kind", flat=True)
    ) == ["comment"]


def test_mark_all_read_by_htmx_answers_the_list_and_refreshes_the_bell(
    login, author, three_comments
):
    response = login(author).post(reverse("notifications:read_all"), **HTMX)
    assert response.status_code == 200
    assert "<html" not in response.content.decode()
    assert "notifications-changed" in response.headers["HX-Trigger"]
    assert not Notification.objects.filter(recipient=author).unread().exists()


def test_members_cannot_read_or_open_someone_elses_notifications(
    login, author, client_member, three_comments
):
    theirs = Notification.objects.filter(recipient=author).first()
    assert theirs is not None
    client = login(client_member)
    assert client.post(reverse("notifications:read", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("notifications:open", args=[theirs.pk])).status_code == 404
    assert Notification.objects.filter(recipient=author).unread().count() == 3


def test_the_bell_fragment_for_htmx_and_a_link_without(login, author, three_comments):
    client = login(author)
    fragment = client.get(BELL, **HTMX)
    assert fragment.status_code == 200
    text = fragment.content.decode()
    assert "<html" not in text and 'hx-trigger="every 60s' in text and "3" in text
    assert client.get(BELL).url == LIST


def test_a_hide_reason_of_reports_is_shown_in_the_authors_language(
    commits, settings, login, login_in_english, author, example, client_member, partner_member
):
    settings.AUTO_HIDE_REPORT_THRESHOLD = 2
    with commits():
        services.report_content(reporter=client_member, reason="a", item=example)
        services.report_content(reporter=partner_member, reason="b", item=example)
    dutch = login(author).get(LIST).content.decode()
    assert "meerdere deelnemers hebben het gemeld" in dutch
    english = login_in_english(author).get(LIST).content.decode()
    assert "several members reported it" in english


def test_an_item_hidden_since_is_no_longer_available(
    commits, login, example, client_member, partner_member, manager
):
    with commits():
        make_comment(example, client_member, "Een")
        make_comment(example, partner_member, "Twee")
    with commits():
        services.hide_content(item=example, moderator=manager, reason="Klantnaam")
    page = login(client_member).get(LIST).content.decode()
    assert "Storing opgepakt" not in page
    assert "niet meer beschikbaar" in page
    notification = Notification.objects.get(recipient=client_member)
    response = login(client_member).get(reverse("notifications:open", args=[notification.pk]))
    assert response.url == LIST


def test_a_member_mutes_and_follows_a_thread(login, client_member, example):
    url = reverse("notifications:thread", args=[example.pk])
    client = login(client_member)
    assert "Volg deze discussie" in client.get(url, **HTMX).content.decode()
    response = client.post(url, {"action": "follow"}, **HTMX)
    assert "Demp deze discussie" in response.content.decode()
    assert client.post(url, {"action": "mute"}).status_code == 302
    assert Follow.objects.get(member=client_member, example=example).muted
    bad = client.post(url, {"action": "shout"})
    assert bad.status_code == 400


def _bell_queries(client, url: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    bell = [q for q in queries.captured_queries if "notifications_notification" in q["sql"]]
    return len(bell), len(queries.captured_queries)


@pytest.mark.parametrize("url_name", ["examples:browse", "partnership:about", "behaviours:list"])
def test_the_bell_costs_one_query_however_many_notifications(
    login, author, client_org, url_name, example
):
    actor = make_member(client_org)
    client = login(author)
    url = reverse(url_name)
    client.get(url)  # warm the fragment caches
    small = _bell_queries(client, url)
    Notification.objects.bulk_create(
        Notification(recipient=author, kind="reaction", example=example, actor=actor)
        for _ in range(300)
    )
    large = _bell_queries(client, url)
    assert small[0] == large[0] == 1
    assert small[1] == large[1]
    assert "99+" in client.get(url).content.decode()


def test_the_notifications_page_costs_the_same_for_many(
    commits, login, author, client_org, example
):
    client = login(author)
    members = [make_member(client_org) for _ in range(3)]
    with commits():
        for member in members:
            make_comment(example, member, "Hallo")
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    more = [make_member(client_org) for _ in range(20)]
    with commits():
        for member in more:
            make_comment(example, member, "Hallo")
            services.toggle_reaction(example=example, member=member)
    with CaptureQueriesContext(connection) as many:
        client.get(LIST)
    assert len(many.captured_queries) == len(few.captured_queries)


@pytest.mark.parametrize("name", ["follow_behaviour", "follow_organisation"])
def test_a_member_follows_and_stops_following_a_behaviour_or_organisation(
    login, client_member, behaviour, partner_org, name
):
    slug = behaviour.slug if name == "follow_behaviour" else partner_org.slug
    url = reverse(f"notifications:{name}", args=[slug])
    client = login(client_member)
    page = client.get(url)
    assert page.status_code == 200 and "<html" in page.content.decode()
    followed = client.post(url, {"action": "follow"}, **HTMX)
    assert "Niet meer volgen" in followed.content.decode()
    assert "<html" not in followed.content.decode()
    assert TopicFollow.objects.filter(member=client_member).count() == 1
    assert client.post(url, {"action": "unfollow"}).status_code == 302
    assert not TopicFollow.objects.filter(member=client_member).exists()
    assert client.post(url, {"action": "x"}).status_code == 400
    assert client.get(reverse(f"notifications:{name}", args=["nope"])).status_code == 404
