"""Per-member quotas: over the limit a request gets a friendly 429 in place and writes nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.core.cache import cache
from django.db.models import Model
from django.test import Client
from django.urls import reverse

from examples import quotas, services
from examples.models import Comment, Example, Reaction, Report
from partnership.models import Organisation, User
from tests.factories import make_example, make_member

LIMIT = 3
START = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
MESSAGE = "That is the most the platform accepts"
HTMX = {"HX-Request": "true"}


@pytest.fixture(autouse=True)
def _small_quotas(settings) -> None:
    settings.POSTING_QUOTAS_ENABLED = True
    settings.QUOTAS = {
        "examples": {"limit": LIMIT, "window": 24 * 60 * 60},
        "edits": {"limit": LIMIT, "window": 60 * 60},
        "comments": {"limit": LIMIT, "window": 60 * 60},
        "reactions": {"limit": LIMIT, "window": 60 * 60},
        "reports": {"limit": LIMIT, "window": 24 * 60 * 60},
    }
    cache.clear()


@dataclass
class Scene:
    member: User
    other_member: User
    organisation: Organisation
    targets: list[Example]
    """Examples by someone else, to comment on, mark and report."""


@pytest.fixture
def scene(client_org: Organisation, partner_org: Organisation, behaviour: Any) -> Scene:
    writer = make_member(partner_org, name="Willem Writer")
    targets = [
        make_example(writer, title=f"Doel {n}", recognised=[client_org]) for n in range(LIMIT + 2)
    ]
    return Scene(
        member=make_member(client_org, name="Quinten Quota", preferred_language="en"),
        other_member=make_member(partner_org, name="Olga Other", preferred_language="en"),
        organisation=client_org,
        targets=targets,
    )


@dataclass(frozen=True)
class Write:
    """One kind of write: how to do it once through the view, and what it creates."""

    action: str
    request: Callable[[Client, Scene, int, dict[str, str]], Any]
    created: Callable[[User], int]
    fragment: str
    """An id or class only the swapped fragment has, so HTMX gets the right region back."""


def _post_example(client: Client, scene: Scene, n: int, headers: dict[str, str]) -> Any:
    data = {
        "title": f"Mijn voorbeeld {n}",
        "behaviour": scene.targets[0].behaviour_id,
        "recognised_organisations": [scene.organisation.pk],
        "happened_on": "2026-01-10",
        "what_happened": "Iemand pakte het op.",
    }
    return client.post(reverse("examples:new"), data, headers=headers)


def _comment(client: Client, scene: Scene, n: int, headers: dict[str, str]) -> Any:
    url = reverse("examples:add_comment", args=[scene.targets[0].pk])
    return client.post(url, {"body": f"Reactie {n}"}, headers=headers)


def _react(client: Client, scene: Scene, n: int, headers: dict[str, str]) -> Any:
    # Always the same example: on, off, on... every toggle counts.
    url = reverse("examples:inspiring", args=[scene.targets[0].pk])
    return client.post(url, headers=headers)


def _report(client: Client, scene: Scene, n: int, headers: dict[str, str]) -> Any:
    url = reverse("examples:report_example", args=[scene.targets[n].pk])
    return client.post(url, {"reason": "Dit klopt niet"}, headers=headers)


def _count(model: type[Model], field: str) -> Callable[[User], int]:
    return lambda user: model.objects.filter(**{field: user}).count()  # type: ignore[attr-defined]


WRITES = {
    "examples": Write("examples", _post_example, _count(Example, "author"), 'id="example-form"'),
    "comments": Write("comments", _comment, _count(Comment, "author"), 'class="comment-form"'),
    "reactions": Write("reactions", _react, _count(Reaction, "member"), "inspiring-form"),
    "reports": Write("reports", _report, _count(Report, "reporter"), "report-box"),
}
# What a successful write answers, without and with HTMX.
OK = {False: {302}, True: {200}}


def _fill(write: Write, client: Client, scene: Scene) -> None:
    for n in range(LIMIT):
        response = write.request(client, scene, n, {})
        assert response.status_code in OK[False], (write.action, n, response.status_code)


def _signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
@pytest.mark.parametrize("action", list(WRITES))
def test_the_request_over_the_quota_gets_a_friendly_429_and_creates_nothing(
    scene: Scene, action: str, htmx: bool
) -> None:
    write = WRITES[action]
    client = _signed_in(scene.member)
    with time_machine.travel(START, tick=False):
        _fill(write, client, scene)
        created = write.created(scene.member)
        counters = list(
            Example.objects.order_by("pk").values_list("comment_count", "reaction_count")
        )

        response = write.request(client, scene, LIMIT, HTMX if htmx else {})

    assert response.status_code == 429
    text = response.content.decode()
    assert MESSAGE in text
    assert int(response["Retry-After"]) > 0
    assert write.fragment in text
    if htmx:
        assert "<html" not in text
    else:
        assert "<html" in text
    assert write.created(scene.member) == created
    assert (
        list(Example.objects.order_by("pk").values_list("comment_count", "reaction_count"))
        == counters
    )


def test_the_example_form_keeps_what_the_member_wrote(scene: Scene) -> None:
    client = _signed_in(scene.member)
    _fill(WRITES["examples"], client, scene)
    response = _post_example(client, scene, 99, {})
    assert response.status_code == 429
    assert 'value="Mijn voorbeeld 99"' in response.content.decode()


def test_comments_the_quota_refused_leave_the_thread_as_it_was(scene: Scene) -> None:
    client = _signed_in(scene.member)
    _fill(WRITES["comments"], client, scene)
    response = _comment(client, scene, 99, HTMX)
    assert response.status_code == 429
    assert "Reactie 99" in response.content.decode()  # still in the textarea
    assert not Comment.objects.filter(body="Reactie 99").exists()


@pytest.mark.parametrize("action", list(WRITES))
def test_other_members_are_unaffected(scene: Scene, action: str) -> None:
    write = WRITES[action]
    _fill(write, _signed_in(scene.member), scene)
    assert write.request(_signed_in(scene.member), scene, LIMIT, {}).status_code == 429

    other = _signed_in(scene.other_member)
    for n in range(LIMIT):
        assert write.request(other, scene, n, {}).status_code in OK[False]
    assert write.created(scene.other_member) == (1 if action == "reactions" else LIMIT)


@pytest.mark.parametrize("action", list(WRITES))
def test_the_window_slides(scene: Scene, action: str) -> None:
    write = WRITES[action]
    quota = quotas.quota_for(quotas.Action(action))
    assert quota is not None
    client = _signed_in(scene.member)
    later = START + timedelta(minutes=20)

    def write_once(n: int) -> int:
        return write.request(client, scene, n, {}).status_code  # type: ignore[no-any-return]

    with time_machine.travel(START, tick=False) as traveller:
        assert write_once(0) in OK[False]
        traveller.move_to(later)
        assert write_once(1) in OK[False]
        assert write_once(2) in OK[False]
        # Just before the first write leaves the window: still full.
        traveller.move_to(START + quota.window - timedelta(minutes=1))
        assert write_once(3) == 429
        # A minute (one bucket for the reaction toggles) after it left: one more fits, no more.
        traveller.move_to(START + quota.window + timedelta(minutes=1))
        assert write_once(3) in OK[False]
        assert write_once(4) == 429
        # Once the two later writes left the window too, two more fit.
        traveller.move_to(later + quota.window + timedelta(minutes=1))
        assert write_once(4) in OK[False]


def test_reaction_toggles_count_even_when_the_mark_is_taken_back(scene: Scene) -> None:
    client = _signed_in(scene.member)
    _fill(WRITES["reactions"], client, scene)  # on, off, on
    assert Reaction.objects.filter(member=scene.member).count() == 1
    response = _react(client, scene, LIMIT, {})
    assert response.status_code == 429
    assert Reaction.objects.filter(member=scene.member).count() == 1


def test_without_the_cache_the_reaction_rows_still_bound_the_marks(scene: Scene) -> None:
    client = _signed_in(scene.member)
    for example in scene.targets[:LIMIT]:
        assert client.post(reverse("examples:inspiring", args=[example.pk])).status_code == 302
    cache.clear()  # a restarted worker, a flushed or a per-process cache
    url = reverse("examples:inspiring", args=[scene.targets[LIMIT].pk])
    assert client.post(url).status_code == 429
    assert not Reaction.objects.filter(member=scene.member, example=scene.targets[LIMIT]).exists()


def test_hidden_writes_still_count(scene: Scene, manager: User) -> None:
    client = _signed_in(scene.member)
    _fill(WRITES["comments"], client, scene)
    for comment in Comment.objects.filter(author=scene.member):
        services.hide_content(item=comment, moderator=manager, reason="Spam")
    assert _comment(client, scene, LIMIT, {}).status_code == 429


def test_quotas_can_be_switched_off(scene: Scene, settings) -> None:
    settings.POSTING_QUOTAS_ENABLED = False
    client = _signed_in(scene.member)
    for n in range(LIMIT + 2):
        assert _comment(client, scene, n, {}).status_code == 302
    assert Comment.objects.filter(author=scene.member).count() == LIMIT + 2


def test_the_documented_defaults() -> None:
    from partnership import settings as project_settings

    limits = {name: (q["limit"], q["window"]) for name, q in project_settings.QUOTAS.items()}
    assert limits == {
        "examples": (10, 86400),
        "edits": (60, 3600),
        "comments": (60, 3600),
        "reactions": (200, 3600),
        "reports": (20, 86400),
    }
