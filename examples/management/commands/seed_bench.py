"""Fill the database with years of realistic data for the benchmark (bench/).

PostgreSQL is filled with COPY (a few minutes for 200,000 examples, not hours); SQLite, for a
quick local try, with bulk inserts. The shapes follow real use: ten organisations of unequal
size, 5,000 members, examples spread over five years and skewed across behaviours, on average
four comments and ten reactions per example, a few percent hidden. One example carries exactly
fifty comments so the benchmark can measure a long thread.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, models, transaction

from behaviours.dashboards import rollups
from behaviours.models import Behaviour, FiguresVersion
from examples.markdown import render_markdown
from examples.models import Comment, Example, Reaction, Visibility
from partnership.models import Organisation, User

BENCH_DOMAIN = "bench.test"
BENCH_PASSWORD = "bench-password-2026"  # noqa: S105  (benchmark accounts on loopback only)
LONG_THREAD = 50
# One word in one example of every 5,000, for the "rare word" search of the benchmark.
RARE_WORD = "zonnepaneelomvormer"

SUBJECTS_NL = [
    "storing in het datacentrum",
    "capaciteitsprobleem op de opslag",
    "migratie van de telefonie",
    "wijziging in het netwerk",
    "uitval van de werkplekken",
    "patchronde op de servers",
    "vertraging bij de servicedesk",
    "back-up die mislukte",
    "nieuwe firewallregels",
    "escalatie rond een major incident",
]
SUBJECTS_EN = [
    "outage in the datacentre",
    "storage capacity warning",
    "telephony migration",
    "network change",
    "workplace outage",
    "server patch round",
    "service desk backlog",
    "failed backup",
    "new firewall rules",
    "major incident escalation",
]
ACTIONS_NL = [
    "pakte het direct op en hield iedereen op de hoogte",
    "deelde de oorzaak openlijk in het overleg",
    "signaleerde het probleem voordat de klant het merkte",
    "gaf eerlijke feedback op het verbeterplan",
    "nam de regie over de oplossing tot het einde",
]
ACTIONS_EN = [
    "picked it up at once and kept everyone informed",
    "shared the root cause openly in the review",
    "spotted the problem before the client noticed",
    "gave honest feedback on the improvement plan",
    "owned the fix until it was done",
]
COMMENTS = [
    "Mooi voorbeeld, dit herken ik.",
    "Goed gedaan!",
    "Dit gaan wij ook proberen.",
    "Great example, thanks for sharing.",
    "This is how it should work.",
    "Wat was de reactie van de klant?",
    "Helder beschreven, dank je.",
]


class Command(BaseCommand):
    help = "Fill the database with benchmark data (bench/README.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--examples", type=int, default=200_000)
        parser.add_argument("--organisations", type=int, default=10)
        parser.add_argument("--members", type=int, default=5_000)
        parser.add_argument("--comments", type=float, default=4.0, help="average per example")
        parser.add_argument("--reactions", type=float, default=10.0, help="average per example")
        parser.add_argument("--hidden", type=float, default=0.03, help="share hidden")
        parser.add_argument("--years", type=int, default=5)
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        rng = random.Random(options["seed"])
        behaviours = list(Behaviour.objects.order_by("order", "pk"))
        if not behaviours:
            raise CommandError("No behaviours: run migrate first.")
        if Example.objects.exists():
            raise CommandError("The database already holds examples: use a fresh database.")
        with transaction.atomic():
            organisations = self._organisations(options["organisations"])
            members = self._members(rng, organisations, options["members"])
            self._examples(rng, behaviours, organisations, members, options)
            # COPY sends no signals: move the figures version so no cached panel survives.
            for kind in FiguresVersion.KINDS:
                FiguresVersion.bump_after_commit(kind)
            # Nor does it keep the dashboards' daily rollups: sum them once.
            rollups.rebuild()
        if connection.vendor == "postgresql":
            # As autovacuum would soon after a load (some machines run with it off): fresh
            # statistics, and a visibility map that lets index-only scans skip the table.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM (ANALYZE)")
        self.stdout.write(
            f"Seeded {options['examples']} examples, {options['members']} members in "
            f"{time.monotonic() - started:.1f}s. "
            f"Sign in as bench1@{BENCH_DOMAIN} / {BENCH_PASSWORD}"
        )

    def _organisations(self, count: int) -> list[Organisation]:
        organisations = []
        for n in range(1, count + 1):
            role = Organisation.Role.CLIENT if n == 1 else Organisation.Role.PARTNER
            organisation, _ = Organisation.objects.get_or_create(
                slug=f"bench-org-{n}", defaults={"name": f"Bench Organisation {n}", "role": role}
            )
            organisations.append(organisation)
        return organisations

    def _members(
        self, rng: random.Random, organisations: list[Organisation], count: int
    ) -> list[tuple[int, int]]:
        """(member id, organisation id) pairs; organisations differ in size like real ones."""
        password = make_password(BENCH_PASSWORD)
        weights = [1 / (rank + 1) for rank in range(len(organisations))]
        users = [
            User(
                email=f"bench{n}@{BENCH_DOMAIN}",
                display_name=f"Bench Member {n}",
                organisation=rng.choices(organisations, weights)[0] if n > 1 else organisations[0],
                password=password,
            )
            for n in range(1, count + 1)
        ]
        User.objects.bulk_create(users, batch_size=2000)
        return list(
            User.objects.filter(email__endswith=f"@{BENCH_DOMAIN}")
            .order_by("pk")
            .values_list("pk", "organisation_id")
        )

    def _examples(
        self,
        rng: random.Random,
        behaviours: list[Behaviour],
        organisations: list[Organisation],
        members: list[tuple[int, int]],
        options: dict[str, Any],
    ) -> None:
        total = options["examples"]
        now = datetime.now(UTC)
        span = timedelta(days=365 * options["years"]).total_seconds()
        behaviour_weights = [0.4, 0.3, 0.2, 0.1] + [0.05] * max(0, len(behaviours) - 4)
        org_ids = [org.pk for org in organisations]
        first_id = (Example.objects.aggregate(m=models.Max("pk"))["m"] or 0) + 1

        recognised: list[tuple[Any, ...]]
        examples, recognised, comments, reactions = [], [], [], []
        comment_id = (Comment.objects.aggregate(m=models.Max("pk"))["m"] or 0) + 1
        for offset in range(total):
            pk = first_id + offset
            author_id, author_org = members[rng.randrange(len(members))]
            created = now - timedelta(seconds=rng.random() * span)
            behaviour = rng.choices(behaviours, behaviour_weights[: len(behaviours)])[0]
            n_comments = (
                LONG_THREAD
                if offset == 0
                else min(round(rng.expovariate(1 / options["comments"])), 40)
            )
            n_reactions = min(round(rng.expovariate(1 / options["reactions"])), len(members))
            hidden = rng.random() < options["hidden"]
            if offset % 2:
                title = f"{rng.choice(SUBJECTS_NL).capitalize()}: iemand {rng.choice(ACTIONS_NL)}"
            else:
                title = f"{rng.choice(SUBJECTS_EN).capitalize()}: someone {rng.choice(ACTIONS_EN)}"
            story = " ".join(
                f"Bij de {rng.choice(SUBJECTS_NL)} {rng.choice(ACTIONS_NL)}. "
                f"During the {rng.choice(SUBJECTS_EN)} the team {rng.choice(ACTIONS_EN)}."
                for _ in range(3)
            )
            if offset % 5000 == 7:
                story += f" De {RARE_WORD} viel uit en werd dezelfde dag vervangen."
            shown = {author_org, rng.choice(org_ids)}
            published_comments = 0
            for c in range(n_comments):
                commenter = members[rng.randrange(len(members))][0]
                comment_hidden = rng.random() < 0.02
                published_comments += 0 if comment_hidden else 1
                comments.append(
                    (
                        comment_id,
                        pk,
                        commenter,
                        rng.choice(COMMENTS),
                        Visibility.HIDDEN if comment_hidden else Visibility.PUBLISHED,
                        "Verborgen door de benchmark" if comment_hidden else "",
                        created + timedelta(hours=c + 1),
                    )
                )
                comment_id += 1
            for index in rng.sample(range(len(members)), n_reactions):
                reactions.append((pk, members[index][0], created + timedelta(hours=2)))
            examples.append(
                (
                    pk,
                    title[:200],
                    story,
                    "",
                    # Rendered as Example.save() does; COPY skips save().
                    render_markdown(story),
                    "",
                    behaviour.pk,
                    author_id,
                    author_org,
                    created.date(),
                    Visibility.HIDDEN if hidden else Visibility.PUBLISHED,
                    "Verborgen door de benchmark" if hidden else "",
                    created,
                    created,
                    published_comments,
                    n_reactions,
                )
            )
            recognised.extend((pk, org_id) for org_id in shown)
            if len(examples) >= 20_000:
                self._flush(examples, recognised, comments, reactions)
                examples, recognised, comments, reactions = [], [], [], []
        self._flush(examples, recognised, comments, reactions)
        self._reset_sequences()

    def _flush(
        self,
        examples: list[tuple[Any, ...]],
        recognised: list[tuple[Any, ...]],
        comments: list[tuple[Any, ...]],
        reactions: list[tuple[Any, ...]],
    ) -> None:
        self._copy(
            Example,
            [
                "id",
                "title",
                "what_happened",
                "partnership_impact",
                "what_happened_html",
                "partnership_impact_html",
                "behaviour_id",
                "author_id",
                "author_organisation_id",
                "happened_on",
                "visibility",
                "moderation_reason",
                "created_at",
                "updated_at",
                "comment_count",
                "reaction_count",
            ],
            examples,
        )
        through = Example.recognised_organisations.through
        self._copy(through, ["example_id", "organisation_id"], recognised)
        self._copy(
            Comment,
            [
                "id",
                "example_id",
                "author_id",
                "body",
                "visibility",
                "moderation_reason",
                "created_at",
                "updated_at",
            ],
            ((*row, row[-1]) for row in comments),
        )
        self._copy(Reaction, ["example_id", "member_id", "created_at"], reactions)

    def _copy(
        self, model: type[models.Model], columns: Sequence[str], rows: Iterable[tuple[Any, ...]]
    ) -> None:
        table = model._meta.db_table
        quoted = ", ".join(connection.ops.quote_name(column) for column in columns)
        if connection.vendor == "postgresql":
            sql = f"COPY {table} ({quoted}) FROM STDIN"
            with connection.cursor() as cursor, cursor.copy(sql) as copy:
                for row in rows:
                    copy.write_row(row)
            return
        placeholders = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {table} ({quoted}) VALUES ({placeholders})"  # noqa: S608
        with connection.cursor() as cursor:
            for batch in _batches(rows, 5000):
                cursor.executemany(sql, batch)

    def _reset_sequences(self) -> None:
        if connection.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            for model in (Example, Comment, Reaction, Example.recognised_organisations.through):
                table = model._meta.db_table
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                    f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
                )


def _batches(rows: Iterable[tuple[Any, ...]], size: int) -> Iterator[list[tuple[Any, ...]]]:
    batch: list[tuple[Any, ...]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
