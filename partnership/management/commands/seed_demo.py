"""Load a realistic demo partnership: `python manage.py seed_demo` (safe to repeat).

A client (Energie Noord) and three partners, thirty members, about 150 examples over the last
fourteen months with comments, reactions, a few open reports and two hidden examples. The shape
is chosen so every dashboard has something to say:

- behaviours are skewed (ownership most, giving feedback least);
- recognition flows both ways between the client and Datacentrum Partners and TeleConnect,
  but only one way between the client and Werkplek Diensten (the client recognises them, they
  never recognise the client): the one one-way pair;
- TeleConnect has been quiet: no examples, comments or reactions in the last QUIET_DAYS days,
  and nobody recognised them in that time either, so no second one-way pair appears;
- more examples in recent months, as a platform that is catching on.

Everything is created through `examples.services` like in the app, then the timestamps are
moved into the past with bulk updates. Idempotent: organisations and accounts are keyed by slug
and email, and the content is only generated when none of the demo members has posted yet, in
one transaction, from a fixed random seed. The organisations, people, story templates and other
wording are in seed_demo.json beside this file; this module holds only the logic.
"""

from __future__ import annotations

import json
import random
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone, translation

from behaviours.dashboards import rollups
from behaviours.models import Behaviour
from examples import services
from examples.models import Comment, Example, ModerationAction, Reaction, Report
from partnership.demo import (
    ADMIN_EMAIL,
    DEMO_LOGINS,
    DEMO_PASSWORD,
    MANAGER_EMAIL,
    PARTNER_ADMIN_EMAIL,
)
from partnership.models import MODERATOR_GROUP, Organisation, OrganisationDomain, ServiceArea, User

SEED = 20261125
DAYS_BACK = 425  # about fourteen months
QUIET_DAYS = 91  # TeleConnect's silence: thirteen weeks

CLIENT = "energie-noord"
DATACENTRE = "datacentrum-partners"
TELECOM = "teleconnect"
WORKPLACE = "werkplek-diensten"
QUIET_PARTNER = TELECOM

# The literal data (organisations, members, the weights behind the dashboards' shape, the
# story templates, comments and reasons) is in seed_demo.json beside this file; the keys below
# name what the logic uses. The slugs above are the ones the file uses.
DATA = json.loads(Path(__file__).with_name("seed_demo.json").read_text(encoding="utf-8"))

# Organisations: slug, name, role, e-mail domain, description.
ORGANISATIONS: list[dict[str, str]] = DATA["organisations"]
# Per organisation: (display name, job title, preferred language); the first client member is
# the manager.
MEMBERS: dict[str, list[tuple[str, str, str]]] = {
    slug: [(name, title, language) for name, title, language in people]
    for slug, people in DATA["members"].items()
}
BEHAVIOUR_WEIGHTS: dict[str, int] = DATA["behaviour_weights"]
AUTHOR_ORG_WEIGHTS: dict[str, int] = DATA["author_org_weights"]
# Who recognises whom: the author's organisation -> possible sets of recognised organisations,
# with their weights. The client <-> Datacentrum Partners and TeleConnect, Datacentrum Partners
# <-> TeleConnect and Werkplek Diensten go both ways; Werkplek Diensten never recognises the
# client.
RECOGNITION: dict[str, list[tuple[tuple[str, ...], int]]] = {
    org: [(tuple(recognised), weight) for recognised, weight in options]
    for org, options in DATA["recognition"].items()
}
# The service areas each organisation's work touches, for examples that name one.
AREAS_OF: dict[str, list[str]] = DATA["areas_of"]
# Dutch and English wording: the things in each service area, the sites and the weekdays.
THINGS: dict[str, list[tuple[str, str]]] = {
    area: [(nl, en) for nl, en in things] for area, things in DATA["things"].items()
}
SITES: list[tuple[str, str]] = [(nl, en) for nl, en in DATA["sites"]]
WEEKDAYS: list[tuple[str, str]] = [(nl, en) for nl, en in DATA["weekdays"]]


@dataclass(frozen=True)
class Template:
    behaviour: str
    nl: tuple[str, str, str]  # title, what happened, what it did for the partnership
    en: tuple[str, str, str]
    # Whose colleague the story is about: "client", "partner" or "any" organisation.
    who: str = "any"


# Placeholders: {colleague} and {other} (a person and the organisation recognised), {author_org},
# {thing} (from the service area), {site}, {weekday}, {n}, {hours}, {weeks}.
TEMPLATES = [
    Template(
        behaviour=template["behaviour"],
        nl=(template["nl"][0], template["nl"][1], template["nl"][2]),
        en=(template["en"][0], template["en"][1], template["en"][2]),
        who=template["who"],
    )
    for template in DATA["templates"]
]
# Comment bodies per language ({colleague}, {site}).
COMMENTS: dict[str, list[str]] = DATA["comments"]
REPORT_REASONS: list[str] = DATA["report_reasons"]
HIDE_REASONS: list[str] = DATA["hide_reasons"]


@dataclass(frozen=True)
class Plan:
    """One example to create: who posts it, about which behaviour, recognising whom, when."""

    author: User
    behaviour: str
    recognised: tuple[str, ...]
    days_ago: int


class Command(BaseCommand):
    help = "Load the demo partnership (organisations, members, examples); safe to repeat."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run with DEBUG off too (a demo server). The accounts share a published password.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "seed_demo creates accounts, including a superuser, with a published password. "
                "Run it with DEBUG=1, or pass --force on a demo server."
            )
        started = time.monotonic()
        with transaction.atomic():
            organisations = self.ensure_organisations()
            members = self.ensure_members(organisations)
            demo_emails = [m.email for people in members.values() for m in people]
            if Example.objects.filter(author__email__in=demo_emails).exists():
                self.stdout.write("Demo content is already there; nothing changed.")
            else:
                self.create_content(organisations, members)
                # Backdating sends no signals: sum the dashboards' daily rollups once it is in.
                transaction.on_commit(rollups.rebuild)
        self.print_summary(time.monotonic() - started)

    # Organisations and people -----------------------------------------------------------------

    def ensure_organisations(self) -> dict[str, Organisation]:
        organisations = {}
        for data in ORGANISATIONS:
            organisations[data["slug"]], _ = Organisation.objects.get_or_create(
                slug=data["slug"],
                defaults={
                    "name": data["name"],
                    "role": data["role"],
                    "description": data["description"],
                },
            )
        return organisations

    def ensure_members(self, organisations: dict[str, Organisation]) -> dict[str, list[User]]:
        # One hash for every demo account: hashing thirty passwords with Argon2 takes seconds.
        password = make_password(DEMO_PASSWORD)
        joined = timezone.now() - timedelta(days=DAYS_BACK + 30)
        members: dict[str, list[User]] = {}
        for data in ORGANISATIONS:
            slug = data["slug"]
            members[slug] = []
            for name, job_title, language in MEMBERS[slug]:
                user, _ = User.objects.get_or_create(
                    email=_email(name, data["domain"]),
                    defaults={
                        "display_name": name,
                        "organisation": organisations[slug],
                        "job_title": job_title,
                        "preferred_language": language,
                        "password": password,
                        "date_joined": joined,
                    },
                )
                members[slug].append(user)
        # Each organisation's own domain is verified; the partner's admin onboards its people.
        for data in ORGANISATIONS:
            OrganisationDomain.objects.get_or_create(
                domain=data["domain"], defaults={"organisation": organisations[data["slug"]]}
            )
        User.objects.filter(email=PARTNER_ADMIN_EMAIL).update(is_organisation_admin=True)
        group, _ = Group.objects.get_or_create(name=MODERATOR_GROUP)
        manager = User.objects.get(email=MANAGER_EMAIL)
        if not manager.is_staff:
            manager.is_staff = True
            manager.save(update_fields=["is_staff"])
        manager.groups.add(group)
        if not User.objects.filter(email=ADMIN_EMAIL).exists():
            User.objects.create_superuser(
                ADMIN_EMAIL, None, display_name="Platformbeheer", date_joined=joined
            )
            User.objects.filter(email=ADMIN_EMAIL).update(password=password)
        return members

    # Content ----------------------------------------------------------------------------------

    def create_content(
        self, organisations: dict[str, Organisation], members: dict[str, list[User]]
    ) -> None:
        rng = random.Random(SEED)
        now = timezone.now()
        behaviours = {b.slug: b for b in Behaviour.objects.filter(slug__in=BEHAVIOUR_WEIGHTS)}
        missing = set(BEHAVIOUR_WEIGHTS) - set(behaviours)
        if missing:
            raise CommandError(
                f"Behaviours missing ({', '.join(sorted(missing))}); run `manage.py migrate`."
            )
        areas = {a.slug: a for a in ServiceArea.objects.all()}
        manager = User.objects.get(email=MANAGER_EMAIL)
        everyone = [m for people in members.values() for m in people]
        # A few enthusiasts write most, and the last two of every organisation only read and
        # react: realistic participation, so the dashboard's contributor figures mean something.
        author_weights = {
            m.pk: (0 if i >= len(people) - 2 else 6 if i < 2 else 3 if i < 5 else 1)
            for people in members.values()
            for i, m in enumerate(people)
        }
        self.author_weights = author_weights

        plans = self.plan_examples(rng, members, author_weights)
        created: list[tuple[Example, datetime]] = []
        for plan in plans:
            example = self.post(rng, plan, organisations, members, behaviours, areas)
            created.append((example, _moment(rng, now, plan.days_ago)))
        created.sort(key=lambda pair: pair[1])

        comments: list[tuple[Comment, datetime]] = []
        reactions: list[tuple[int, int, datetime]] = []
        for example, posted_at in created:
            comments += self.discuss(rng, example, posted_at, now, everyone, members)
            reactions += self.react(rng, example, posted_at, now, everyone)

        self.backdate(created, comments, reactions)
        self.moderate(rng, created, comments, now, manager, members)

    def plan_examples(
        self,
        rng: random.Random,
        members: dict[str, list[User]],
        author_weights: dict[int, int],
    ) -> list[Plan]:
        plans: list[Plan] = []

        def add(org: str, recognised: tuple[str, ...], days_ago: int, behaviour: str) -> None:
            people = members[org]
            author = rng.choices(people, weights=[author_weights[p.pk] for p in people])[0]
            plans.append(Plan(author, behaviour, recognised, days_ago))

        # Anchors: every recognition direction shows up in the last month (TeleConnect's before
        # its silence), so each period filter shows the same one-way pair.
        for org, options in RECOGNITION.items():
            for recognised, _weight in options:
                quiet = org == QUIET_PARTNER or QUIET_PARTNER in recognised
                days_ago = rng.randint(QUIET_DAYS + 5, 200) if quiet else rng.randint(1, 25)
                add(org, recognised, days_ago, _weighted(rng, BEHAVIOUR_WEIGHTS))

        while len(plans) < 150:
            org = _weighted(rng, AUTHOR_ORG_WEIGHTS)
            recognised = rng.choices(
                [r for r, _ in RECOGNITION[org]], weights=[w for _, w in RECOGNITION[org]]
            )[0]
            # Skewed towards recent months: the platform is catching on.
            days_ago = int(DAYS_BACK * rng.random() ** 1.4)
            quiet = org == QUIET_PARTNER or QUIET_PARTNER in recognised
            if quiet and days_ago < QUIET_DAYS:
                continue
            add(org, recognised, days_ago, _weighted(rng, BEHAVIOUR_WEIGHTS))
        return plans

    def post(
        self,
        rng: random.Random,
        plan: Plan,
        organisations: dict[str, Organisation],
        members: dict[str, list[User]],
        behaviours: dict[str, Behaviour],
        areas: dict[str, ServiceArea],
    ) -> Example:
        author_org = plan.author.organisation
        assert author_org is not None
        # The organisation the story is about, and one of its people as the colleague named.
        other_slug = next(
            (slug for slug in plan.recognised if slug != author_org.slug), plan.recognised[0]
        )
        other = organisations[other_slug]
        colleague = rng.choice([m for m in members[other_slug] if m.pk != plan.author.pk])
        partner_slug = other_slug if other_slug != CLIENT else author_org.slug
        area_slug = rng.choice(AREAS_OF[partner_slug])
        who = "client" if other.role == Organisation.Role.CLIENT else "partner"
        template = rng.choice(
            [t for t in TEMPLATES if t.behaviour == plan.behaviour and t.who in (who, "any")]
        )
        english = plan.author.preferred_language == "en"
        thing = rng.choice(THINGS[area_slug])[1 if english else 0]
        site = rng.choice(SITES)[1 if english else 0]
        weekday = rng.choice(WEEKDAYS)[1 if english else 0]
        values = {
            "colleague": colleague.display_name.split()[0],
            "other": other.name,
            "author_org": author_org.name,
            "thing": thing,
            "site": site,
            "weekday": weekday,
            "n": rng.randint(3, 40),
            "hours": rng.randint(2, 6),
            "weeks": rng.randint(2, 8),
        }
        title, story, impact = template.en if english else template.nl
        happened_on = timezone.localdate() - timedelta(days=plan.days_ago + rng.randint(0, 6))
        return services.post_example(
            author=plan.author,
            title=_capitalise(title.format(**values)),
            what_happened=story.format(**values),
            partnership_impact=impact.format(**values) if rng.random() < 0.8 else "",
            behaviour=behaviours[plan.behaviour],
            happened_on=happened_on,
            recognised_organisations=[organisations[slug] for slug in plan.recognised],
            # Most examples name the service area; some are about the collaboration in general.
            service_area=areas.get(area_slug) if rng.random() < 0.85 else None,
        )

    def discuss(
        self,
        rng: random.Random,
        example: Example,
        posted_at: datetime,
        now: datetime,
        everyone: list[User],
        members: dict[str, list[User]],
    ) -> list[tuple[Comment, datetime]]:
        quiet_until = now - timedelta(days=QUIET_DAYS)
        quiet_members = {m.pk for m in members[QUIET_PARTNER]}
        result = []
        count = rng.choices(range(7), weights=[22, 20, 18, 14, 11, 8, 7])[0]
        at = posted_at
        for _ in range(count):
            at = min(at + timedelta(hours=rng.randint(1, 72)), now - timedelta(minutes=5))
            others = [m for m in everyone if m.pk != example.author_id]
            commenter = rng.choices(others, weights=[self.author_weights[m.pk] for m in others])[0]
            if commenter.pk in quiet_members and at >= quiet_until:
                continue
            language = commenter.preferred_language
            body = rng.choice(COMMENTS[language]).format(
                colleague=example.author.display_name.split()[0],
                site=rng.choice(SITES)[1 if language == "en" else 0],
            )
            comment = services.post_comment(example=example, author=commenter, body=body)
            result.append((comment, at))
        return result

    def react(
        self,
        rng: random.Random,
        example: Example,
        posted_at: datetime,
        now: datetime,
        everyone: list[User],
    ) -> list[tuple[int, int, datetime]]:
        quiet_until = now - timedelta(days=QUIET_DAYS)
        count = min(int(rng.expovariate(1 / 4)), 14)
        result = []
        # sample() picks distinct members, so the one-reaction-per-member rule holds.
        for member in rng.sample([m for m in everyone if m.pk != example.author_id], count):
            at = min(posted_at + timedelta(hours=rng.randint(1, 240)), now - timedelta(minutes=5))
            org = member.organisation
            if org is not None and org.slug == QUIET_PARTNER and at >= quiet_until:
                continue
            services.toggle_reaction(example=example, member=member)
            result.append((example.pk, member.pk, at))
        return result

    def backdate(
        self,
        created: list[tuple[Example, datetime]],
        comments: list[tuple[Comment, datetime]],
        reactions: list[tuple[int, int, datetime]],
    ) -> None:
        """Move everything into the past so the dashboards show fourteen months of history."""
        examples = []
        for example, at in created:
            example.created_at = example.updated_at = at
            examples.append(example)
        Example.objects.bulk_update(examples, ["created_at", "updated_at"], batch_size=200)
        for comment, at in comments:
            comment.created_at = comment.updated_at = at
        Comment.objects.bulk_update(
            [c for c, _ in comments], ["created_at", "updated_at"], batch_size=200
        )
        by_key = {(e, m): at for e, m, at in reactions}
        rows = list(Reaction.objects.filter(example__in=[e for e, _ in created]))
        for row in rows:
            row.created_at = by_key[(row.example_id, row.member_id)]
        Reaction.objects.bulk_update(rows, ["created_at"], batch_size=200)

    def moderate(
        self,
        rng: random.Random,
        created: list[tuple[Example, datetime]],
        comments: list[tuple[Comment, datetime]],
        now: datetime,
        manager: User,
        members: dict[str, list[User]],
    ) -> None:
        """Two hidden examples (one after a report) and a few open reports for the queue."""
        quiet = {m.pk for m in members[QUIET_PARTNER]}
        reporters = [
            m
            for slug, people in members.items()
            if slug != QUIET_PARTNER
            for m in people
            if m.pk != manager.pk
        ]
        # Hide only client examples about Datacentrum Partners: there are plenty, so no
        # recognition direction or organisation's activity depends on them.
        candidates = [
            (example, at)
            for example, at in created
            if example.author_organisation.slug == CLIENT
            and 30 < (now - at).days < 200
            and [o.slug for o in example.recognised_organisations.all()] == [DATACENTRE]
        ]
        (first, first_at), (second, second_at) = rng.sample(candidates, 2)

        reporter = rng.choice([r for r in reporters if r.pk != first.author_id])
        report = services.report_content(reporter=reporter, item=first, reason=REPORT_REASONS[0])
        services.resolve_report(
            report=report,
            moderator=manager,
            outcome=Report.Outcome.HIDDEN,
            note=HIDE_REASONS[0],
        )
        self.move(first, report, at=first_at + timedelta(days=2))
        services.hide_content(item=second, moderator=manager, reason=HIDE_REASONS[1])
        self.move(second, None, at=second_at + timedelta(days=1))

        # Open reports, recent, on items from different people, one report per item.
        recent_examples = [
            e for e, at in created if (now - at).days < 60 and e.pk not in (first.pk, second.pk)
        ]
        recent_comments = [
            c
            for c, at in comments
            if (now - at).days < 45
            and c.author_id not in quiet
            and c.example_id not in (first.pk, second.pk)
        ]
        targets: list[Any] = [*rng.sample(recent_examples, 2), *rng.sample(recent_comments, 2)]
        for item, reason in zip(targets, REPORT_REASONS, strict=True):
            reporter = rng.choice([r for r in reporters if r.pk != item.author_id])
            report = services.report_content(reporter=reporter, reason=reason, item=item)
            Report.objects.filter(pk=report.pk).update(
                created_at=min(item.created_at + timedelta(days=1), now)
            )

    def move(self, example: Example, report: Report | None, *, at: datetime) -> None:
        """Date a moderation step shortly after the example instead of today."""
        Example.objects.filter(pk=example.pk).update(moderated_at=at)
        ModerationAction.objects.filter(example=example).update(created_at=at)
        if report is not None:
            Report.objects.filter(pk=report.pk).update(
                created_at=at - timedelta(hours=20), resolved_at=at
            )

    # Output -----------------------------------------------------------------------------------

    def print_summary(self, seconds: float) -> None:
        write = self.stdout.write
        write(
            self.style.SUCCESS(
                f"Demo partnership ({seconds:.1f}s): "
                f"{Organisation.objects.count()} organisations, "
                f"{User.objects.filter(organisation__isnull=False).count()} members, "
                f"{Example.objects.count()} examples, {Comment.objects.count()} comments, "
                f"{Reaction.objects.count()} reactions, {Report.objects.open().count()} open "
                "reports."
            )
        )
        write("")
        write(f"Demo logins (password for every account: {DEMO_PASSWORD}):")
        with translation.override("en"):
            for login in DEMO_LOGINS:
                write(f"  {login.role!s:<20} {login.email}")


def _email(name: str, domain: str) -> str:
    first, *rest = name.lower().split()
    return f"{first}.{''.join(rest)}@{domain}"


def _weighted(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _moment(rng: random.Random, now: datetime, days_ago: int) -> datetime:
    """A moment in office hours (Amsterdam time) `days_ago` days back, never in the future."""
    local = timezone.localtime(now) - timedelta(days=days_ago)
    at = local.replace(hour=rng.randint(8, 17), minute=rng.randint(0, 59), second=0, microsecond=0)
    return min(at, now - timedelta(minutes=30))
