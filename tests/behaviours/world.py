"""A small, fixed partnership whose dashboard figures are worked out by hand in the tests.

"Now" is 2026-04-02 12:00 in Amsterdam. The period under test is 1–28 March 2026 (four weeks;
the previous period is 1–28 February). Privacy floor: 3 members.

Behaviours: ownership and transparency (the other agreed behaviours are retired here).
Service areas: datacentre and telephony.

Organisations (active members):
  C  Energie Noord (client)   c1 c2 c3 c4 manager  = 5 (+1 inactive member, not counted)
  Q  Belnet Telecom           q1 q2 q3             = 3  silent since 11 February
  P  DataCenter Partners      p1 p2 p3             = 3
  S  Tiny Consult             s1 s2                = 2  under the privacy floor

Examples (author → recognised, behaviour, created in Amsterdam time):
  E1  c1 → P     ownership     2026-03-01 00:30  (28 Feb in UTC: must count in March)
  E2  p1 → C     ownership     2026-03-02 00:30  (a Monday; still Sunday in UTC: week of 2 March)
  E3  c2 → P     transparency  2026-03-10 10:00  datacentre
  E4  c3 → Q     ownership     2026-03-11 10:00  (C → Q with nothing back: one-way)
  E5  p2 → P     transparency  2026-03-17 10:00  (own organisation: not a pair)
  E6  s1 → C     ownership     2026-03-18 10:00  (the small organisation)
  E7  p1 → C     transparency  2026-03-20 10:00  datacentre, HIDDEN on 21 March: never counts
  E8  c1 → P     ownership     2026-02-28 23:30  (previous period)
  E9  q1 → C     transparency  2026-02-10 10:00  (previous period)
  E10 p3 → C, P  ownership     2026-03-25 10:00
  E11 c1 → P     ownership     2026-04-01 00:30  (31 March in UTC: April, outside a March range)
E1 has service area datacentre, E2 telephony.

Comments: c4 on E3 (12 March), p2 on E2 (5 March), q2 on E9 (11 February), manager on the
hidden E7 (21 March, does not count) and a hidden comment by the manager on E3 (22 March).
Reactions: E3 by p1 and q1, E1 by p2, E7 (hidden) by c1, c2, c3. One open report (q3 on E3).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import time_machine

from behaviours.models import Behaviour
from examples import services
from examples.models import Comment, Example
from partnership.models import Organisation, ServiceArea, User
from tests.factories import (
    make_behaviour,
    make_comment,
    make_example,
    make_member,
    make_organisation,
    make_service_area,
)

AMS = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2026, 4, 2, 12, 0, tzinfo=AMS)
MARCH = {"period": "custom", "date_from": "2026-03-01", "date_to": "2026-03-28"}
YEAR = {"period": "custom", "date_from": "2025-04-01", "date_to": "2026-03-31"}


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=AMS)


@dataclass
class World:
    C: Organisation
    Q: Organisation
    P: Organisation
    S: Organisation
    ownership: Behaviour
    transparency: Behaviour
    members: dict[str, User]
    examples: dict[str, Example]

    @property
    def manager(self) -> User:
        return self.members["manager"]

    @property
    def member(self) -> User:
        return self.members["c1"]


def post(
    author: User, behaviour: Behaviour, recognised: list[Organisation], when: str, **extra
) -> Example:
    # Posted at that moment, so the dashboards' rollups count it as the platform would.
    with time_machine.travel(at(when), tick=False):
        return make_example(author, behaviour=behaviour, recognised=recognised, **extra)


def comment(example: Example, author: User, when: str) -> Comment:
    with time_machine.travel(at(when), tick=False):
        return make_comment(example, author)


def build_world() -> World:
    C = make_organisation("Energie Noord", role="client", slug="energie-noord")
    Q = make_organisation("Belnet Telecom", slug="belnet-telecom")
    P = make_organisation("DataCenter Partners", slug="datacenter-partners")
    S = make_organisation("Tiny Consult", slug="tiny-consult")
    ownership = make_behaviour("ownership", name_nl="Eigenaarschap", name_en="Ownership")
    transparency = make_behaviour("transparency", name_nl="Transparantie", name_en="Transparency")
    datacentre = make_service_area("datacentre")
    telephony = make_service_area("telephony")
    # The data migrations' other behaviours are retired and other areas unused: a smaller world.
    Behaviour.objects.exclude(pk__in=[ownership.pk, transparency.pk]).update(active=False)
    ServiceArea.objects.exclude(pk__in=[datacentre.pk, telephony.pk]).update(active=False)
    m: dict[str, User] = {}
    for key, org in [
        ("c1", C), ("c2", C), ("c3", C), ("c4", C),
        ("q1", Q), ("q2", Q), ("q3", Q),
        ("p1", P), ("p2", P), ("p3", P),
        ("s1", S), ("s2", S),
    ]:  # fmt: skip
        m[key] = make_member(org, name=key.upper(), preferred_language="en")
    m["manager"] = make_member(C, name="Manager", manager=True, preferred_language="en")
    m["inactive"] = make_member(C, name="Inactive", is_active=False)
    e: dict[str, Example] = {}
    e["E1"] = post(m["c1"], ownership, [P], "2026-03-01T00:30", service_area=datacentre)
    e["E2"] = post(m["p1"], ownership, [C], "2026-03-02T00:30", service_area=telephony)
    e["E3"] = post(m["c2"], transparency, [P], "2026-03-10T10:00", service_area=datacentre)
    e["E4"] = post(m["c3"], ownership, [Q], "2026-03-11T10:00")
    e["E5"] = post(m["p2"], transparency, [P], "2026-03-17T10:00")
    e["E6"] = post(m["s1"], ownership, [C], "2026-03-18T10:00")
    e["E7"] = post(
        m["p1"], transparency, [C], "2026-03-20T10:00", service_area=datacentre,
        title="Hidden story that must never count",
    )  # fmt: skip
    e["E8"] = post(m["c1"], ownership, [P], "2026-02-28T23:30")
    e["E9"] = post(m["q1"], transparency, [C], "2026-02-10T10:00")
    e["E10"] = post(m["p3"], ownership, [C, P], "2026-03-25T10:00")
    e["E11"] = post(m["c1"], ownership, [P], "2026-04-01T00:30")

    comment(e["E3"], m["c4"], "2026-03-12T09:00")
    comment(e["E2"], m["p2"], "2026-03-05T09:00")
    comment(e["E9"], m["q2"], "2026-02-11T09:00")
    comment(e["E7"], m["manager"], "2026-03-21T09:00")
    hidden_comment = comment(e["E3"], m["manager"], "2026-03-22T09:00")

    for example, who in [
        ("E3", "p1"),
        ("E3", "q1"),
        ("E1", "p2"),
        ("E7", "c1"),
        ("E7", "c2"),
        ("E7", "c3"),
    ]:
        services.toggle_reaction(example=e[example], member=m[who])
    services.report_content(reporter=m["q3"], reason="Please check", item=e["E3"])

    services.hide_content(item=e["E7"], moderator=m["manager"], reason="Off topic")
    services.hide_content(item=hidden_comment, moderator=m["manager"], reason="Rude")
    Example.objects.filter(pk=e["E7"].pk).update(moderated_at=at("2026-03-21T10:00"))
    Comment.objects.filter(pk=hidden_comment.pk).update(moderated_at=at("2026-03-22T10:00"))
    for example in e.values():
        example.refresh_from_db()
    return World(C, Q, P, S, ownership, transparency, m, e)
