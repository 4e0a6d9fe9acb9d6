"""The authorisation matrix: every role × every URL pattern × method, full page and HTMX.

The URL patterns come from the resolver, so a new view without an entry in EXPECTATIONS fails
`test_every_url_pattern_has_an_expectation`. Each request runs with CSRF checks enforced: a
POST without a token must be refused (403) before anything else happens, and a POST with a
valid token gets the status the table names. Every request runs inside a transaction that is
rolled back, so one role's hide, edit or logout does not change the world for the next.

Roles: anonymous, a member of the client, a member of a partner, the author (of the published
example and comment), a partnership manager (moderator), staff without the moderation
permission, a deactivated member (who must be treated exactly as anonymous), an organisation
admin of the partner, and an organisation admin of another partner (whose powers stop at their
own organisation).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from http.cookies import SimpleCookie
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.crypto import get_random_string

from behaviours import dashboards
from behaviours.models import Behaviour
from examples import services
from examples.models import Comment, Example, Report, Visibility
from notifications import mail
from notifications.models import Notification, ReviewRequest
from partnership.models import Organisation, User
from tests.factories import make_behaviour, make_comment, make_example, make_member
from tests.hardening.accounts_matrix import PUBLIC as ACCOUNTS_PUBLIC
from tests.hardening.accounts_matrix import expectations as accounts_expectations
from tests.hardening.evaluation_matrix import build_evaluation_world
from tests.hardening.evaluation_matrix import expectations as evaluation_expectations
from tests.hardening.people_matrix import PUBLIC as PEOPLE_PUBLIC
from tests.hardening.people_matrix import build_people_world
from tests.hardening.people_matrix import expectations as people_expectations
from tests.hardening.sso_matrix import build_sso_world
from tests.hardening.sso_matrix import expectations as sso_expectations
from tests.oidc_idp import IdentityProvider as LocalProvider
from tests.oidc_idp import oidc_idp

__all__ = ["oidc_idp"]  # the local OpenID Connect provider behind the client's sign-in

ROLES = (
    "anonymous",
    "client_member",
    "partner_member",
    "author",
    "manager",
    "staff",
    "inactive",
    "partner_admin",
    "other_admin",
)
SIGNED_OUT = {"anonymous", "inactive"}
MEMBERS = ("client_member", "partner_member", "author", "staff", "partner_admin", "other_admin")

# Pages anyone may open without signing in; every other URL name is private.
PUBLIC = ACCOUNTS_PUBLIC | {
    "health",
    "bench_constant",
    "partnership:set_language",
    "notifications:unsubscribe",
    *PEOPLE_PUBLIC,
}
# One-click unsubscribe (RFC 8058): the mail provider POSTs without a CSRF token; the signed
# token in the URL is what authorises it.
CSRF_EXEMPT = {"notifications:unsubscribe"}

HIDDEN_TITLE = "Verborgen-zq81x voorval in het rekencentrum"
HIDDEN_COMMENT = "Verborgen-reactie-kq27w met een scheldwoord"
HIDDEN_REASON = "Verborgen-reden-mx55p"
PUBLISHED_TITLE = "Zichtbaar-pa91 eigenaarschap bij de storing"


# --- The world -------------------------------------------------------------------------------


@dataclass
class World:
    users: dict[str, User]
    other: User
    client_org: Organisation
    partner_org: Organisation
    other_org: Organisation
    behaviour: Behaviour
    example: Example
    hidden_example: Example
    comment: Comment
    hidden_comment: Comment
    report: Report
    notification: Notification
    review: ReviewRequest


def build_world() -> World:
    client_org = Organisation.objects.create(
        name="Energie Noord", slug="energie-noord", role="client"
    )
    partner_org = Organisation.objects.create(
        name="DataCenter Partners", slug="datacenter-partners", role="partner"
    )
    other_org = Organisation.objects.create(
        name="Belnet Telecom", slug="belnet-telecom", role="partner"
    )
    users = {
        "client_member": make_member(client_org, name="Clara Client"),
        "partner_member": make_member(partner_org, name="Piet Partner"),
        "author": make_member(partner_org, name="Anna Auteur"),
        "manager": make_member(client_org, name="Mona Manager", manager=True),
        "staff": make_member(client_org, name="Stan Staff", is_staff=True),
        "inactive": make_member(partner_org, name="Ina Inactive", is_active=False),
        "partner_admin": make_member(partner_org, name="Ada Admin", is_organisation_admin=True),
    }
    other = make_member(other_org, name="Olaf Other")
    users["other_admin"] = make_member(other_org, name="Otto Admin", is_organisation_admin=True)
    behaviour = make_behaviour("ownership", name_nl="Eigenaarschap", name_en="Ownership")
    make_behaviour("transparency", name_nl="Transparantie", name_en="Transparency")
    example = make_example(
        users["author"], behaviour=behaviour, title=PUBLISHED_TITLE, recognised=[client_org]
    )
    hidden_example = make_example(
        other,
        behaviour=behaviour,
        title=HIDDEN_TITLE,
        what_happened=f"{HIDDEN_TITLE}: wat er gebeurde.",
        recognised=[client_org, partner_org],
    )
    comment = make_comment(example, users["author"], "Dank voor de snelle hulp!")
    hidden_comment = make_comment(example, other, HIDDEN_COMMENT)
    manager = users["manager"]
    services.hide_content(item=hidden_example, moderator=manager, reason=HIDDEN_REASON)
    services.hide_content(item=hidden_comment, moderator=manager, reason=HIDDEN_REASON)
    report = services.report_content(reporter=other, reason="Klopt dit wel?", item=example)
    hidden_example.refresh_from_db()
    hidden_comment.refresh_from_db()
    notification = Notification.objects.create(
        recipient=users["author"],
        kind=Notification.Kind.COMMENT,
        actor=users["client_member"],
        example=example,
        comment=comment,
    )
    # Told about content hidden since: the page must not show it to the members told.
    for role in ("client_member", "partner_member", "staff"):
        Notification.objects.create(
            recipient=users[role],
            kind=Notification.Kind.RECOGNISED,
            actor=other,
            example=hidden_example,
            organisation=client_org,
        )
        Notification.objects.create(
            recipient=users[role],
            kind=Notification.Kind.THREAD,
            actor=other,
            example=example,
            comment=hidden_comment,
        )
    world = World(
        users=users,
        other=other,
        client_org=client_org,
        partner_org=partner_org,
        other_org=other_org,
        behaviour=behaviour,
        example=example,
        hidden_example=hidden_example,
        comment=comment,
        hidden_comment=hidden_comment,
        report=report,
        notification=notification,
        review=ReviewRequest.objects.create(author=other, example=hidden_example, note="Aangepast"),
    )
    build_evaluation_world(world)
    build_people_world(world)
    return world


# --- Expectations ----------------------------------------------------------------------------

Status = int | dict[str, int]
"""A status for every signed-in role, or per role with "*" for the others."""


@dataclass(frozen=True)
class Ctx:
    role: str
    method: str
    htmx: bool


def _pick(status: Status, role: str) -> int:
    if isinstance(status, int):
        return status
    return status.get(role, status["*"])


@dataclass
class Rule:
    """What a signed-in role gets; signed-out roles follow PUBLIC (login redirect otherwise)."""

    get: Status = 405
    post: Status = 405
    htmx_get: Status | None = None
    htmx_post: Status | None = None

    def __call__(self, ctx: Ctx) -> int:
        if ctx.method == "GET":
            status = self.htmx_get if ctx.htmx and self.htmx_get is not None else self.get
        else:
            status = self.htmx_post if ctx.htmx and self.htmx_post is not None else self.post
        return _pick(status, ctx.role)


Check = Callable[[HttpResponse, Ctx, World], list[str]]


@dataclass
class Case:
    """One concrete URL of a pattern (e.g. the published or the hidden example)."""

    label: str
    expect: Rule
    kwargs: Callable[[World], dict[str, Any]] = lambda w: {}
    query: str = ""
    data: Callable[[World], dict[str, Any]] = lambda w: {}
    check: Check | None = None


def _mods_only(get: int = 200, post: int = 302, htmx_post: int | None = None) -> Rule:
    return Rule(
        get={"manager": get, "*": 403},
        post={"manager": post, "*": 403},
        htmx_post=None if htmx_post is None else {"manager": htmx_post, "*": 403},
    )


def _hidden_for_members(**manager: int) -> Rule:
    """Hidden content: 404 for every member; the manager gets the statuses given."""
    get = manager.get("get", 405)
    post = manager.get("post", 405)
    return Rule(
        get={"manager": get, "*": 404} if get != 405 else 405,
        post={"manager": post, "*": 404} if post != 405 else 405,
        htmx_post=({"manager": manager["htmx_post"], "*": 404} if "htmx_post" in manager else None),
    )


def _no_moderation_panel(response: HttpResponse, ctx: Ctx, world: World) -> list[str]:
    shown = b'id="moderation-panel"' in response.content
    if ctx.role == "manager" and not shown:
        return ["the manager does not see the moderation figures"]
    if ctx.role != "manager" and shown:
        return [f"{ctx.role} sees the moderators' figures"]
    return []


def _example_data(title: str) -> Callable[[World], dict[str, Any]]:
    def data(world: World) -> dict[str, Any]:
        return {
            "title": title,
            "behaviour": world.behaviour.pk,
            "recognised_organisations": [world.client_org.pk],
            "happened_on": "2026-01-10",
            "what_happened": "Iemand nam de storing op zich en belde iedereen terug.",
            "partnership_impact": "",
        }

    return data


ANY_MEMBER_PAGE = Rule(get=200, post=405)
# Moderation views refuse non-moderators before looking anything up (so ids reveal nothing).
MODERATION_OF_MISSING = Rule(get={"manager": 404, "*": 403}, post={"manager": 404, "*": 403})


def _example(w: World) -> dict[str, Any]:
    return {"pk": w.example.pk}


def _hidden_example(w: World) -> dict[str, Any]:
    return {"pk": w.hidden_example.pk}


def _comment(w: World) -> dict[str, Any]:
    return {"pk": w.comment.pk}


def _hidden_comment(w: World) -> dict[str, Any]:
    return {"pk": w.hidden_comment.pk}


def _missing(w: World) -> dict[str, Any]:
    return {"pk": 999_999}


def _reason(w: World) -> dict[str, Any]:
    return {"reason": "Dit hoort hier niet."}


def _body(w: World) -> dict[str, Any]:
    return {"body": "Een nieuwe gedachte."}


def _csv_cases() -> list[Case]:
    cases = [
        Case(
            f"csv {table}",
            Rule(get={"manager": 200, "*": 404} if table in dashboards.MODERATOR_TABLES else 200),
            kwargs=lambda w, table=table: {"table": table},  # type: ignore[misc]
        )
        for table in dashboards.CSV_TABLES
    ]
    cases.append(Case("csv unknown", Rule(get=404), kwargs=lambda w: {"table": "nonsense"}))
    return cases


def _panel_cases() -> list[Case]:
    cases = []
    for panel in dashboards.PANELS:
        if panel == "moderation":
            rule = Rule(get={"manager": 302, "*": 403}, htmx_get={"manager": 200, "*": 403})
            check = None
        else:
            # Without HTMX a panel link goes to the dashboard at that panel.
            rule = Rule(get=302, htmx_get=200)
            check = None
        cases.append(
            Case(
                f"panel {panel}",
                rule,
                kwargs=lambda w, panel=panel: {"panel": panel},  # type: ignore[misc]
                check=check,
            )
        )
    cases.append(Case("panel unknown", Rule(get=404), kwargs=lambda w: {"panel": "nonsense"}))
    return cases


EXPECTATIONS: dict[str, list[Case]] = {
    # --- examples ---
    "examples:browse": [
        Case("list", ANY_MEMBER_PAGE),
        Case("search", ANY_MEMBER_PAGE, query="q=zq81x"),
        Case("bad filter", Rule(get=400, htmx_get=422), query="behaviour=no-such-behaviour"),
    ],
    "examples:new": [
        Case(
            "share",
            Rule(get=200, post=302, htmx_post=200),  # HTMX: HX-Redirect to the new example
            data=_example_data("Een nieuw voorbeeld"),
        ),
        Case("invalid", Rule(get=200, post=422), data=lambda w: {"title": ""}),
    ],
    "examples:detail": [
        Case("published", ANY_MEMBER_PAGE, kwargs=_example),
        Case("hidden", _hidden_for_members(get=200), kwargs=_hidden_example),
        Case("missing", Rule(get=404), kwargs=_missing),
    ],
    "examples:edit": [
        Case(
            "own",
            Rule(
                get={"author": 200, "*": 403},
                post={"author": 302, "*": 403},
                htmx_post={"author": 200, "*": 403},
            ),
            kwargs=_example,
            data=_example_data("Een betere titel"),
        ),
        # The manager may see a hidden example but not rewrite someone else's words.
        Case(
            "hidden",
            _hidden_for_members(get=403, post=403),
            kwargs=_hidden_example,
            data=_example_data("Overschreven"),
        ),
        Case("missing", Rule(get=404, post=404), kwargs=_missing),
    ],
    "examples:add_comment": [
        Case("published", Rule(post=302, htmx_post=200), kwargs=_example, data=_body),
        Case(
            "hidden",
            _hidden_for_members(post=302, htmx_post=200),
            kwargs=_hidden_example,
            data=_body,
        ),
        Case("missing", Rule(post=404), kwargs=_missing, data=_body),
    ],
    "examples:inspiring": [
        # Authors cannot mark their own example as inspiring.
        Case(
            "published",
            Rule(post={"author": 403, "*": 302}, htmx_post={"author": 403, "*": 200}),
            kwargs=_example,
        ),
        Case("hidden", _hidden_for_members(post=302, htmx_post=200), kwargs=_hidden_example),
        Case("missing", Rule(post=404), kwargs=_missing),
    ],
    "examples:report_example": [
        # Reporting your own words makes no sense (403); a report by HTMX is answered in place.
        Case(
            "published",
            Rule(
                get={"author": 403, "*": 200},
                post={"author": 403, "*": 302},
                htmx_post={"author": 403, "*": 200},
            ),
            kwargs=_example,
            data=_reason,
        ),
        Case(
            "hidden",
            _hidden_for_members(get=200, post=302, htmx_post=200),
            kwargs=_hidden_example,
            data=_reason,
        ),
        Case("missing", Rule(get=404, post=404), kwargs=_missing, data=_reason),
    ],
    "examples:hide_example": [
        Case("published", _mods_only(), kwargs=_example, data=_reason),
        Case("hidden", _mods_only(), kwargs=_hidden_example, data=_reason),
        Case(
            "missing",
            Rule(get={"manager": 404, "*": 403}, post={"manager": 404, "*": 403}),
            kwargs=_missing,
        ),
    ],
    "examples:restore_example": [
        # Restoring a visible example just goes back to it.
        Case("published", _mods_only(get=302), kwargs=_example, data=_reason),
        Case("hidden", _mods_only(), kwargs=_hidden_example, data=_reason),
        Case(
            "missing",
            Rule(get={"manager": 404, "*": 403}, post={"manager": 404, "*": 403}),
            kwargs=_missing,
        ),
    ],
    "examples:edit_comment": [
        Case(
            "own",
            Rule(
                get={"author": 200, "*": 403},
                post={"author": 302, "*": 403},
                htmx_post={"author": 200, "*": 403},
            ),
            kwargs=_comment,
            data=_body,
        ),
        Case("hidden", _hidden_for_members(get=403, post=403), kwargs=_hidden_comment, data=_body),
        Case("missing", Rule(get=404, post=404), kwargs=_missing, data=_body),
    ],
    "examples:report_comment": [
        Case(
            "published",
            Rule(
                get={"author": 403, "*": 200},
                post={"author": 403, "*": 302},
                htmx_post={"author": 403, "*": 200},
            ),
            kwargs=_comment,
            data=_reason,
        ),
        Case(
            "hidden",
            _hidden_for_members(get=200, post=302, htmx_post=200),
            kwargs=_hidden_comment,
            data=_reason,
        ),
        Case("missing", Rule(get=404, post=404), kwargs=_missing, data=_reason),
    ],
    "examples:hide_comment": [
        Case("published", _mods_only(), kwargs=_comment, data=_reason),
        Case(
            "missing",
            Rule(get={"manager": 404, "*": 403}, post={"manager": 404, "*": 403}),
            kwargs=_missing,
        ),
    ],
    "examples:restore_comment": [
        Case("published", _mods_only(get=302), kwargs=_comment, data=_reason),
        Case("hidden", _mods_only(), kwargs=_hidden_comment, data=_reason),
        Case(
            "missing",
            Rule(get={"manager": 404, "*": 403}, post={"manager": 404, "*": 403}),
            kwargs=_missing,
        ),
    ],
    "examples:moderation": [Case("queue", Rule(get={"manager": 200, "*": 403}))],
    "examples:resolve_report": [
        Case(
            "open",
            Rule(post={"manager": 302, "*": 403}, htmx_post={"manager": 200, "*": 403}),
            kwargs=lambda w: {"pk": w.report.pk},
            data=lambda w: {"outcome": "no_action", "note": "Niets aan de hand."},
        ),
        Case(
            "missing",
            Rule(post={"manager": 404, "*": 403}),
            kwargs=_missing,
            data=lambda w: {"outcome": "no_action", "note": "Niets aan de hand."},
        ),
    ],
    # --- notifications ---
    "notifications:list": [Case("list", ANY_MEMBER_PAGE)],
    # Without HTMX the bell is a link to the notifications page.
    "notifications:bell": [Case("bell", Rule(get=302, htmx_get=200))],
    "notifications:read_all": [Case("all", Rule(post=302, htmx_post=200))],
    "notifications:open": [
        # Only its recipient can open (and so mark) a notification; for others it is not there.
        Case(
            "own",
            Rule(get={"author": 302, "*": 404}),
            kwargs=lambda w: {"pk": w.notification.pk},
        ),
        Case("missing", Rule(get=404), kwargs=_missing),
    ],
    "notifications:read": [
        Case(
            "own",
            Rule(post={"author": 302, "*": 404}, htmx_post={"author": 200, "*": 404}),
            kwargs=lambda w: {"pk": w.notification.pk},
        ),
        Case("missing", Rule(post=404), kwargs=_missing),
    ],
    "notifications:thread": [
        Case(
            "published",
            Rule(get=200, post=302, htmx_post=200),
            kwargs=_example,
            data=lambda w: {"action": "mute"},
        ),
        Case(
            "hidden",
            _hidden_for_members(get=200, post=302, htmx_post=200),
            kwargs=_hidden_example,
            data=lambda w: {"action": "follow"},
        ),
        Case(
            "bad action",
            Rule(get=200, post=400),
            kwargs=_example,
            data=lambda w: {"action": "nonsense"},
        ),
        Case("missing", Rule(get=404, post=404), kwargs=_missing),
    ],
    "notifications:preferences": [
        Case(
            "save",
            Rule(get=200, post=302),
            data=lambda w: {
                category: "weekly"
                for category in [
                    "mentions",
                    "moderation",
                    "comments",
                    "recognitions",
                    "follows",
                    "reactions",
                    "managers",
                    "attention",
                ]
            },
        ),
        Case("invalid", Rule(get=200, post=422), data=lambda w: {"mentions": "hourly"}),
    ],
    "notifications:mention_suggestions": [
        Case("name", ANY_MEMBER_PAGE, query="q=Piet"),
        Case("nothing", ANY_MEMBER_PAGE),
    ],
    "notifications:unsubscribe": [
        Case(
            "signed",
            Rule(get=200, post=200),
            kwargs=lambda w: {
                "token": mail.unsubscribe_token(w.users["client_member"], ["reactions"])
            },
        ),
        Case("forged", Rule(get=400, post=400), kwargs=lambda w: {"token": "not-a-token"}),
    ],
    "notifications:resubmit_example": [
        # Only the author of a hidden item resubmits it; a published one needs no review.
        Case("published", Rule(get=403, post=403), kwargs=_example, data=_body),
        Case(
            "hidden",
            _hidden_for_members(get=403, post=403),
            kwargs=_hidden_example,
            data=_body,
        ),
        Case("missing", Rule(get=404, post=404), kwargs=_missing),
    ],
    "notifications:resubmit_comment": [
        Case("published", Rule(get=403, post=403), kwargs=_comment, data=_body),
        Case(
            "hidden",
            _hidden_for_members(get=403, post=403),
            kwargs=_hidden_comment,
            data=_body,
        ),
        Case("missing", Rule(get=404, post=404), kwargs=_missing),
    ],
    "notifications:review_queue": [Case("queue", Rule(get={"manager": 200, "*": 403}))],
    "notifications:decide_review": [
        Case(
            "open",
            Rule(post={"manager": 302, "*": 403}),
            kwargs=lambda w: {"pk": w.review.pk},
            data=lambda w: {"decision": "restore", "reason": "Aangepast, dus weer zichtbaar."},
        ),
        Case(
            "invalid",
            Rule(post={"manager": 422, "*": 403}),
            kwargs=lambda w: {"pk": w.review.pk},
            data=lambda w: {"decision": "restore"},
        ),
        Case("missing", Rule(post={"manager": 404, "*": 403}), kwargs=_missing),
    ],
    "notifications:resolve_item": [
        Case(
            "open",
            Rule(post={"manager": 302, "*": 403}),
            kwargs=lambda w: {"pk": w.report.pk},
            data=lambda w: {"outcome": "no_action", "note": "Niets aan de hand."},
        ),
        Case("missing", Rule(post={"manager": 404, "*": 403}), kwargs=_missing),
    ],
    "notifications:follow_behaviour": [
        Case(
            "behaviour",
            Rule(get=200, post=302, htmx_post=200),
            kwargs=lambda w: {"slug": w.behaviour.slug},
            data=lambda w: {"action": "follow"},
        ),
        Case("missing", Rule(get=404, post=404), kwargs=lambda w: {"slug": "nonsense"}),
    ],
    "notifications:follow_organisation": [
        Case(
            "organisation",
            Rule(get=200, post=302, htmx_post=200),
            kwargs=lambda w: {"slug": w.other_org.slug},
            data=lambda w: {"action": "follow"},
        ),
        Case(
            "bad action",
            Rule(get=200, post=400),
            kwargs=lambda w: {"slug": w.other_org.slug},
            data=lambda w: {"action": "shout"},
        ),
        Case("missing", Rule(get=404, post=404), kwargs=lambda w: {"slug": "nonsense"}),
    ],
    # --- behaviours and dashboards ---
    "behaviours:list": [Case("list", ANY_MEMBER_PAGE)],
    "behaviours:detail": [
        Case("behaviour", ANY_MEMBER_PAGE, kwargs=lambda w: {"slug": w.behaviour.slug}),
        Case("missing", Rule(get=404), kwargs=lambda w: {"slug": "nonsense"}),
    ],
    "behaviours:overview": [Case("overview", ANY_MEMBER_PAGE)],
    "behaviours:dashboard": [
        Case("default", ANY_MEMBER_PAGE, check=_no_moderation_panel),
        Case("year", ANY_MEMBER_PAGE, query="period=365", check=_no_moderation_panel),
        Case("bad filter", Rule(get=400, htmx_get=422), query="period=nonsense"),
    ],
    "behaviours:review": [Case("review", ANY_MEMBER_PAGE, query="period=365")],
    "behaviours:dashboard_csv": _csv_cases(),
    "behaviours:dashboard_panel": _panel_cases(),
    # --- partnership ---
    "partnership:about": [Case("about", ANY_MEMBER_PAGE)],
    "partnership:organisations": [Case("list", ANY_MEMBER_PAGE)],
    "partnership:organisation": [
        Case("client", ANY_MEMBER_PAGE, kwargs=lambda w: {"slug": w.client_org.slug}),
        Case("hidden author's", ANY_MEMBER_PAGE, kwargs=lambda w: {"slug": w.other_org.slug}),
        Case("missing", Rule(get=404), kwargs=lambda w: {"slug": "nonsense"}),
    ],
    "partnership:member": [
        Case("author", ANY_MEMBER_PAGE, kwargs=lambda w: {"pk": w.users["author"].pk}),
        Case("hidden author", ANY_MEMBER_PAGE, kwargs=lambda w: {"pk": w.other.pk}),
        Case("missing", Rule(get=404), kwargs=_missing),
    ],
    "partnership:set_language": [
        Case(
            "switch",
            Rule(post=302),
            data=lambda w: {"language": "en", "next": "/"},
        )
    ],
    "health": [Case("health", ANY_MEMBER_PAGE)],
    # The benchmark's constant page exists only with BENCH_ENDPOINTS on (off by default).
    "bench_constant": [Case("off", Rule(get=404, post=405))],
}
EXPECTATIONS.update(evaluation_expectations(Case, Rule))
EXPECTATIONS.update(people_expectations(Case, Rule))
EXPECTATIONS.update(accounts_expectations(Case, Rule))
for _name, _cases in sso_expectations(Case, Rule).items():
    EXPECTATIONS[_name] = EXPECTATIONS[_name] + _cases


# --- Walking the resolver ----------------------------------------------------------------------


def url_names() -> Iterator[tuple[str, str]]:
    """(name, route) of every URL pattern except the admin's and static files."""

    def walk(patterns: list[Any], prefix: str, namespace: str) -> Iterator[tuple[str, str]]:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if route.startswith(("admin/", "static/", "media/")):
                continue
            if isinstance(pattern, URLResolver):
                ns = pattern.namespace
                inner = f"{namespace}:{ns}" if namespace and ns else ns or namespace
                yield from walk(pattern.url_patterns, route, inner or "")
            elif isinstance(pattern, URLPattern):
                name = pattern.name or route
                yield (f"{namespace}:{name}" if namespace else name), route

    return walk(get_resolver().url_patterns, "", "")


def test_every_url_pattern_has_an_expectation() -> None:
    missing = [
        f"no expectation for url name {name} ({route})"
        for name, route in url_names()
        if name not in EXPECTATIONS
    ]
    assert not missing, "\n".join(missing)
    stale = set(EXPECTATIONS) - {name for name, _ in url_names()}
    assert not stale, f"expectations for URL names that no longer exist: {sorted(stale)}"


# --- Requests --------------------------------------------------------------------------------


class Rollback(Exception):
    pass


@dataclass
class Session:
    """A client for one role with a known CSRF token; every request is rolled back."""

    role: str
    client: Client
    token: str
    cookies: SimpleCookie = field(default_factory=SimpleCookie)

    @classmethod
    def start(cls, role: str, world: World) -> Session:
        client = Client(enforce_csrf_checks=True)
        if role != "anonymous":
            client.force_login(world.users[role])
        token = get_random_string(32)
        client.cookies[settings.CSRF_COOKIE_NAME] = token
        session = cls(role, client, token)
        session.cookies = _copy(client.cookies)
        return session

    def request(
        self, method: str, url: str, *, htmx: bool, data: dict[str, Any], token: bool
    ) -> HttpResponse:
        headers = {"HX-Request": "true"} if htmx else {}
        payload = dict(data)
        if method == "POST" and token:
            payload["csrfmiddlewaretoken"] = self.token
        try:
            with transaction.atomic():
                if method == "GET":
                    response = self.client.get(url, headers=headers)
                else:
                    response = self.client.post(url, payload, headers=headers)
                raise Rollback
        except Rollback:
            pass
        finally:
            # A logout or a language switch must not carry over to the next request.
            self.client.cookies = _copy(self.cookies)
        return response


def _copy(cookies: SimpleCookie) -> SimpleCookie:
    copy: SimpleCookie = SimpleCookie()
    for key, morsel in cookies.items():
        copy[key] = morsel.value
    return copy


def _url(name: str, case: Case, world: World) -> str:
    url = reverse(name, kwargs=case.kwargs(world))
    return f"{url}?{case.query}" if case.query else url


def _expected(name: str, case: Case, ctx: Ctx) -> int:
    if ctx.role in SIGNED_OUT and name not in PUBLIC:
        return 302  # to the login page
    role = "anonymous" if ctx.role in SIGNED_OUT else ctx.role
    return case.expect(Ctx(role, ctx.method, ctx.htmx))


def _problems(
    name: str, case: Case, ctx: Ctx, response: HttpResponse, expected: int, world: World
) -> list[str]:
    where = f"{ctx.role:14} {ctx.method:4} {'htmx' if ctx.htmx else 'page'} {name} [{case.label}]"
    found = []
    if response.status_code >= 500:
        found.append(f"{where}: server error {response.status_code}")
    elif response.status_code != expected:
        found.append(f"{where}: expected {expected}, got {response.status_code}")
    elif expected == 302 and ctx.role in SIGNED_OUT and name not in PUBLIC:
        location = response.headers.get("Location", "")
        if not location.startswith(reverse("account_login") + "?next="):
            found.append(f"{where}: redirects to {location!r}, not to the login page")
    elif (
        expected == 200
        and ctx.method == "GET"
        and ctx.role not in SIGNED_OUT
        and case.check is not None
    ):
        found += [f"{where}: {problem}" for problem in case.check(response, ctx, world)]
    return found


def run_matrix(role: str, world: World) -> tuple[list[str], int]:
    session = Session.start(role, world)
    problems: list[str] = []
    requests = 0
    for name, cases in EXPECTATIONS.items():
        for index, case in enumerate(cases):
            url = _url(name, case, world)
            for htmx in (False, True):
                for method in ("GET", "POST"):
                    ctx = Ctx(role, method, htmx)
                    data = case.data(world) if method == "POST" else {}
                    if method == "POST" and index == 0 and name not in CSRF_EXEMPT:
                        # Without a token every POST is refused, whoever sends it, wherever.
                        response = session.request("POST", url, htmx=htmx, data=data, token=False)
                        requests += 1
                        if response.status_code != 403:
                            problems.append(
                                f"{role:14} POST {'htmx' if htmx else 'page'} {name} "
                                f"[{case.label}] without CSRF token: got {response.status_code}"
                            )
                        elif not htmx and "403_csrf.html" not in {
                            t.name for t in response.templates
                        }:
                            problems.append(
                                f"{role:14} POST page {name} without CSRF token: a 403, "
                                "but not the CSRF failure page"
                            )
                    response = session.request(method, url, htmx=htmx, data=data, token=True)
                    requests += 1
                    expected = _expected(name, case, ctx)
                    problems += _problems(name, case, ctx, response, expected, world)
    return problems, requests


@pytest.fixture
def world(db: None, oidc_idp: LocalProvider) -> World:
    cache.clear()
    built = build_world()
    build_sso_world(built, oidc_idp)
    return built


@pytest.mark.parametrize("role", ROLES)
def test_access_matrix(role: str, world: World) -> None:
    problems, requests = run_matrix(role, world)
    assert requests > 100
    assert not problems, f"{len(problems)} mismatches for {role}:\n" + "\n".join(problems)


def test_the_world_is_as_the_matrix_assumes(world: World) -> None:
    assert world.hidden_example.visibility == Visibility.HIDDEN
    assert world.hidden_comment.visibility == Visibility.HIDDEN
    assert world.report.status == Report.Status.OPEN
    assert not world.users["staff"].has_perm("examples.moderate_content")
    assert world.users["manager"].has_perm("examples.moderate_content")
    # The hidden comment is not in the example's count.
    world.example.refresh_from_db()
    assert world.example.comment_count == 1


# --- Hidden content leaks nowhere ------------------------------------------------------------

# Per-request values: CSP nonces, (masked) CSRF tokens and hidden one-time form keys.
_VOLATILE = re.compile(
    rb'(nonce|type="hidden" name="[^"]*" value|x-csrftoken)(="|": ")[^"]*"', re.IGNORECASE
)


# Zipped workbooks cannot be searched as text (and carry their time of writing); their cells
# are checked by tests/evaluations/test_concerns_and_parking.py.
BINARY_DOWNLOADS = {"evaluations:pack_xlsx"}


def _member_get_urls(world: World) -> list[str]:
    """Every URL of the table a member may GET (200), plus a search for the hidden title."""
    urls = []
    for name, cases in EXPECTATIONS.items():
        if name in BINARY_DOWNLOADS:
            continue
        for case in cases:
            if _expected(name, case, Ctx("client_member", "GET", True)) == 200 or (
                _expected(name, case, Ctx("client_member", "GET", False)) == 200
            ):
                urls.append(_url(name, case, world))
    search = reverse("examples:browse")
    urls += [
        f"{search}?q=zq81x",
        f"{search}?q=Verborgen",
        f"{search}?q=kq27w",
        f"{search}?sort=discussed",
        f"{search}?sort=inspiring",
        f"{search}?organisation={world.other_org.slug}",
        f"{search}?behaviour={world.behaviour.slug}",
    ]
    return urls


@pytest.mark.parametrize("role", MEMBERS)
def test_hidden_content_is_absent_for_members_everywhere(role: str, world: World) -> None:
    client = Client()
    client.force_login(world.users[role])
    leaks = []
    secrets = [HIDDEN_TITLE, "zq81x", HIDDEN_COMMENT, "kq27w", HIDDEN_REASON]
    for url in _member_get_urls(world):
        for headers in ({}, {"HX-Request": "true"}):
            response = client.get(url, headers=headers)
            if response.status_code != 200:
                continue
            text = response.content.decode()
            leaks += [
                f"{url} ({'htmx' if headers else 'page'}) shows {secret!r}"
                for secret in secrets
                if secret in text
                and not (secret == "zq81x" and "q=zq81x" in url)
                and not (secret == "kq27w" and "q=kq27w" in url)
            ]
    assert not leaks, "\n".join(leaks)


def test_the_manager_does_find_hidden_content(world: World) -> None:
    """The leak test would pass trivially if the secrets were never rendered at all."""
    client = Client()
    client.force_login(world.users["manager"])
    page = client.get(reverse("examples:browse") + "?q=zq81x").content.decode()
    assert HIDDEN_TITLE in page
    detail = client.get(world.example.get_absolute_url()).content.decode()
    assert HIDDEN_COMMENT in detail


def _normalised(content: bytes) -> bytes:
    return _VOLATILE.sub(lambda match: match.group(1) + match.group(2) + b'"', content)


def test_hidden_content_changes_no_figure_a_member_sees(db: None) -> None:
    """Every page, fragment and CSV a member sees is the same with or without hidden content.

    Counts on lists, dashboards and downloads would otherwise give away that something hidden
    exists (and how much of it).
    """
    cache.clear()
    world = build_world()
    member = world.users["client_member"]
    client = Client()
    client.force_login(member)
    urls = [u for u in _member_get_urls(world) if "q=" not in u]

    def snapshot() -> dict[tuple[str, bool], bytes]:
        pages = {}
        for url in urls:
            for htmx in (False, True):
                response = client.get(url, headers={"HX-Request": "true"} if htmx else {})
                pages[(url, htmx)] = _normalised(response.content)
        return pages

    before = snapshot()
    # More hidden content from several members, in every place a count could pick it up.
    extra = world.other
    for n in range(3):
        example = make_example(
            extra,
            behaviour=world.behaviour,
            title=f"Nog iets verborgens {n}",
            recognised=[world.client_org, world.partner_org],
            happened_on=date(2026, 1, 10),
        )
        make_comment(example, world.users["partner_member"], "Reactie op iets verborgens")
        services.toggle_reaction(example=example, member=world.users["partner_member"])
        services.hide_content(item=example, moderator=world.users["manager"], reason="Weg")
        hidden = make_comment(world.example, extra, "Nog een verborgen reactie")
        services.hide_content(item=hidden, moderator=world.users["manager"], reason="Weg")
    after = snapshot()
    changed = [
        f"{url} ({'htmx' if htmx else 'page'})"
        for (url, htmx), content in before.items()
        if after[(url, htmx)] != content
    ]
    assert not changed, "hidden content changes what a member sees on:\n" + "\n".join(changed)


# --- Extra fields posted to a form change nothing they shouldn't ----------------------------


def _extra_fields(world: World) -> dict[str, Any]:
    """Everything a hand-made POST could try to smuggle in next to a form's own fields."""
    return {
        "author": world.other.pk,
        "author_id": world.other.pk,
        "author_organisation": world.other_org.pk,
        "organisation": world.other_org.pk,
        "example": world.hidden_example.pk,
        "reporter": world.other.pk,
        "member": world.other.pk,
        "visibility": "hidden",
        "status": "resolved",
        "comment_count": 99,
        "reaction_count": 99,
        "moderated_by": world.users["manager"].pk,
        "moderation_reason": "smuggled",
        "created_at": "2001-01-01T00:00:00",
        "is_staff": "on",
        "is_superuser": "on",
        "is_active": "on",
        "preferred_language": "xx",
        "groups": 1,
        "pk": 1,
        "id": 1,
    }


def _signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _account(user: User) -> tuple[Any, ...]:
    """What no form of the examples app may change about the member who posts it."""
    user = User.objects.get(pk=user.pk)
    groups = sorted(user.groups.values_list("pk", flat=True))
    fields = (user.is_staff, user.is_superuser, user.is_active, user.organisation_id)
    return (*fields, user.preferred_language, groups)


def test_extra_fields_do_not_change_a_new_example(world: World) -> None:
    poster = world.users["client_member"]
    account = _account(poster)
    data = {**_extra_fields(world), **_example_data("Gewoon een voorbeeld")(world)}
    response = _signed_in(poster).post(reverse("examples:new"), data)
    assert response.status_code == 302
    example = Example.objects.get(title="Gewoon een voorbeeld")
    assert example.author == poster
    assert example.author_organisation == world.client_org
    assert example.visibility == Visibility.PUBLISHED
    assert (example.comment_count, example.reaction_count) == (0, 0)
    assert example.moderated_by is None
    assert example.moderation_reason == ""
    assert example.created_at.year >= 2026
    assert list(example.recognised_organisations.all()) == [world.client_org]
    assert _account(poster) == account


def test_extra_fields_do_not_change_an_edited_example(world: World) -> None:
    author = world.users["author"]
    account = _account(author)
    example = world.example
    data = {**_extra_fields(world), **_example_data("Nieuwe titel")(world)}
    response = _signed_in(author).post(reverse("examples:edit", args=[example.pk]), data)
    assert response.status_code == 302
    example.refresh_from_db()
    assert example.title == "Nieuwe titel"
    assert example.author == author
    assert example.author_organisation == world.partner_org
    assert example.visibility == Visibility.PUBLISHED
    assert (example.comment_count, example.reaction_count) == (1, 0)
    assert example.moderated_by is None
    assert _account(author) == account


def test_extra_fields_do_not_change_a_new_comment(world: World) -> None:
    poster = world.users["partner_member"]
    account = _account(poster)
    data = {**_extra_fields(world), "body": "Een gewone reactie"}
    url = reverse("examples:add_comment", args=[world.example.pk])
    assert _signed_in(poster).post(url, data).status_code == 302
    comment = Comment.objects.get(body="Een gewone reactie")
    assert comment.author == poster
    assert comment.example == world.example
    assert comment.visibility == Visibility.PUBLISHED
    assert comment.moderated_by is None
    world.example.refresh_from_db()
    assert world.example.comment_count == 2
    world.hidden_example.refresh_from_db()
    assert world.hidden_example.comment_count == 0
    assert _account(poster) == account


def test_extra_fields_do_not_change_an_edited_comment(world: World) -> None:
    author = world.users["author"]
    account = _account(author)
    data = {**_extra_fields(world), "body": "Aangepast"}
    url = reverse("examples:edit_comment", args=[world.comment.pk])
    assert _signed_in(author).post(url, data).status_code == 302
    comment = Comment.objects.get(pk=world.comment.pk)
    assert comment.body == "Aangepast"
    assert (comment.author, comment.example) == (author, world.example)
    assert comment.visibility == Visibility.PUBLISHED
    assert comment.moderated_by is None
    assert _account(author) == account


def test_extra_fields_do_not_change_a_report(world: World) -> None:
    reporter = world.users["client_member"]
    account = _account(reporter)
    data = {**_extra_fields(world), "reason": "Klopt niet", "comment": world.comment.pk}
    url = reverse("examples:report_example", args=[world.example.pk])
    assert _signed_in(reporter).post(url, data).status_code == 302
    report = Report.objects.get(reporter=reporter)
    assert report.example == world.example
    assert report.comment is None
    assert report.status == Report.Status.OPEN
    assert report.resolved_by is None
    world.example.refresh_from_db()
    assert world.example.visibility == Visibility.PUBLISHED
    assert _account(reporter) == account


def test_extra_fields_do_not_change_a_language_switch(world: World) -> None:
    member = world.users["partner_member"]
    client = _signed_in(member)
    data = {**_extra_fields(world), "language": "en", "next": "/"}
    assert client.post(reverse("partnership:set_language"), data).status_code == 302
    member.refresh_from_db()
    assert member.preferred_language == "en"
    assert not (member.is_staff or member.is_superuser)
    assert member.organisation == world.partner_org
    # An unknown language, however it is sent, is refused and changes nothing.
    data = {**_extra_fields(world), "language": "xx", "next": "/"}
    assert client.post(reverse("partnership:set_language"), data).status_code == 302
    member.refresh_from_db()
    assert member.preferred_language == "en"


@pytest.mark.parametrize("kind", ["example", "comment"])
def test_extra_fields_do_not_change_hiding_and_restoring(world: World, kind: str) -> None:
    manager = world.users["manager"]
    account = _account(manager)
    client = _signed_in(manager)
    item: Example | Comment = world.example if kind == "example" else world.comment
    data = {**_extra_fields(world), "reason": "Even weg", "visibility": "published"}
    response = client.post(reverse(f"examples:hide_{kind}", args=[item.pk]), data)
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.visibility == Visibility.HIDDEN
    assert item.moderated_by == manager
    assert item.moderation_reason == "Even weg"
    assert item.author == world.users["author"]
    data = {**_extra_fields(world), "reason": "Terug", "visibility": "hidden"}
    response = client.post(reverse(f"examples:restore_{kind}", args=[item.pk]), data)
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.visibility == Visibility.PUBLISHED
    assert item.moderated_by == manager
    assert item.author == world.users["author"]
    world.example.refresh_from_db()
    assert (world.example.comment_count, world.example.reaction_count) == (1, 0)
    assert _account(manager) == account
