"""@mentions: stored once per item, notified once, rendered as profile links, limited."""

from __future__ import annotations

import pytest
from django.urls import reverse

from examples import services
from examples.markdown import render_markdown
from notifications.forms import ResubmitCommentForm
from notifications.mentions import link_mentions_html, mentioned_ids
from notifications.models import Mention, Notification
from tests.factories import make_comment, make_example, make_member

pytestmark = pytest.mark.django_db
SUGGEST = reverse("notifications:mention_suggestions")


@pytest.fixture
def example(author, commits):
    with commits():
        return make_example(author, title="Storing opgepakt")


def test_a_mention_in_a_comment_notifies_the_member_once_and_links_the_profile(
    commits, login, example, client_member, partner_member
):
    body = f"Dank @[Piet Partner]({partner_member.pk}), en nog eens @[Piet]({partner_member.pk})"
    with commits():
        comment = make_comment(example, client_member, body)
    mention = Notification.objects.get(recipient=partner_member, kind="mention")
    assert mention.comment == comment
    assert Mention.objects.filter(member=partner_member, comment=comment).count() == 1
    page = login(client_member).get(example.get_absolute_url()).content.decode()
    profile = reverse("partnership:member", args=[partner_member.pk])
    assert f'<a class="mention" href="{profile}">@Piet Partner</a>' in page


def test_an_edit_notifies_only_the_mentions_it_adds(
    commits, example, author, client_member, partner_member
):
    with commits():
        services.edit_example(
            example=example,
            editor=author,
            what_happened=f"Met hulp van @[Clara]({client_member.pk}).",
        )
    with commits():
        services.edit_example(
            example=example,
            editor=author,
            what_happened=f"Met @[Clara]({client_member.pk}) en @[Piet]({partner_member.pk}).",
        )
    assert Notification.objects.filter(kind="mention", recipient=client_member).count() == 1
    assert Notification.objects.filter(kind="mention", recipient=partner_member).count() == 1


def test_the_story_renders_a_mention_as_a_link_and_a_stranger_syntax_as_text(client_member):
    html = render_markdown(f"Dank @[Clara Client]({client_member.pk})!")
    assert f'href="/members/{client_member.pk}/"' in html and "@Clara Client</a>" in html
    assert "<script" not in link_mentions_html("@[&lt;script&gt;](1)")


def test_mentions_per_item_are_limited(settings, client_org):
    settings.MENTIONS_PER_ITEM = 3
    members = [make_member(client_org) for _ in range(5)]
    text = " ".join(f"@[M]({m.pk})" for m in members)
    assert mentioned_ids(text) == [m.pk for m in members[:3]]


def test_inactive_members_are_not_mentioned(commits, example, client_org, client_member):
    gone = make_member(client_org, is_active=False)
    with commits():
        make_comment(example, client_member, f"@[Weg]({gone.pk})")
    assert not Mention.objects.exists()


def test_suggestions_offer_active_members_by_name_and_organisation(
    login, client_member, partner_member, partner_org, inactive_member
):
    client = login(client_member)
    by_name = client.get(SUGGEST, {"q": "piet"}).json()["results"]
    assert [r["name"] for r in by_name] == ["Piet Partner"]
    assert by_name[0]["insert"] == f"@[Piet Partner]({partner_member.pk})"
    by_org = client.get(SUGGEST, {"q": "DataCenter"}).json()["results"]
    assert "Ina Inactive" not in [r["name"] for r in by_org]
    assert "Piet Partner" in [r["name"] for r in by_org]
    assert client.get(SUGGEST).json() == {"results": []}


# --- Too many mentions: the form says so instead of dropping the extra ones ----------------

TOO_MANY = {
    "en": "You can mention at most 3 members in one story or comment, and this text mentions 4.",
    "nl": (
        "Je kunt in één verhaal of reactie hoogstens 3 deelnemers noemen, en deze tekst noemt er 4."
    ),
}


def _mentions(members) -> str:
    return " en ".join(f"@[M{n}]({m.pk})" for n, m in enumerate(members))


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_comment_with_too_many_mentions_is_refused_with_a_message(
    settings, commits, login, example, client_member, client_org, language
):
    settings.MENTIONS_PER_ITEM = 3
    members = [make_member(client_org) for _ in range(4)]
    client_member.preferred_language = language
    client_member.save(update_fields=["preferred_language"])
    url = reverse("examples:add_comment", args=[example.pk])
    with commits():
        response = login(client_member).post(url, {"body": _mentions(members)})
    assert response.status_code == 422
    assert TOO_MANY[language] in response.content.decode()
    assert not Notification.objects.filter(kind="mention").exists()
    # Three are fine.
    with commits():
        response = login(client_member).post(url, {"body": _mentions(members[:3])})
    assert response.status_code == 302
    assert Notification.objects.filter(kind="mention").count() == 3


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_story_counts_the_mentions_of_all_its_fields_against_the_limit(
    settings, login, author, behaviour, client_org, partner_org, language
):
    settings.MENTIONS_PER_ITEM = 3
    members = [make_member(client_org) for _ in range(4)]
    author.preferred_language = language
    author.save(update_fields=["preferred_language"])
    data = {
        "title": "Samen opgelost",
        "behaviour": behaviour.pk,
        "recognised_organisations": [client_org.pk, partner_org.pk],
        "happened_on": "2025-03-14",
        "what_happened": _mentions(members[:2]),
        "partnership_impact": _mentions(members[2:]),
    }
    response = login(author).post(reverse("examples:new"), data)
    assert response.status_code == 422
    assert TOO_MANY[language] in response.content.decode()
    assert not Mention.objects.exists()


def test_an_item_resubmitted_for_review_is_held_to_the_same_limit(settings, client_org):
    settings.MENTIONS_PER_ITEM = 3
    members = [make_member(client_org) for _ in range(4)]
    form = ResubmitCommentForm({"body": _mentions(members), "note": ""})
    assert not form.is_valid()
    assert "at most 3 members" in str(form.errors["body"])
