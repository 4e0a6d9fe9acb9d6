"""`manage.py seed_demo`: a demo partnership rich enough for every page and dashboard."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Count, F, Q
from django.test import override_settings
from django.utils import timezone

from examples.models import Comment, Example, ModerationAction, Reaction, Report, Visibility
from partnership import demo as demo_accounts
from partnership.access import is_moderator
from partnership.management.commands import seed_demo
from partnership.models import MODERATOR_GROUP, Organisation, User

MODELS = [Organisation, User, Group, Example, Comment, Reaction, Report, ModerationAction]


def _counts() -> dict[str, int]:
    counts = {model.__name__: model.objects.count() for model in MODELS}
    counts["hidden"] = Example.objects.filter(visibility=Visibility.HIDDEN).count()
    counts["recognitions"] = Example.recognised_organisations.through.objects.count()
    return counts


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Any:
    """Seed once for the module (it takes seconds), inside a transaction rolled back at the end."""
    # Module-scoped, so the per-test MD5 hasher from conftest is not in force yet.
    fast_hasher = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
    )
    with fast_hasher, django_db_blocker.unblock(), transaction.atomic():
        first_out, second_out = StringIO(), StringIO()
        call_command("seed_demo", force=True, stdout=first_out)
        after_first = _counts()
        call_command("seed_demo", force=True, stdout=second_out)
        yield {
            "first": after_first,
            "second": _counts(),
            "output": first_out.getvalue(),
            "second_output": second_out.getvalue(),
        }
        transaction.set_rollback(True)


def _recognition_pairs(since_days: int | None = None) -> set[tuple[str, str]]:
    """(author's organisation, recognised organisation) for published examples, self excluded."""
    rows = Example.recognised_organisations.through.objects.filter(
        example__visibility=Visibility.PUBLISHED
    )
    if since_days is not None:
        rows = rows.filter(example__created_at__gte=timezone.now() - timedelta(days=since_days))
    return {
        (author, recognised)
        for author, recognised in rows.values_list(
            "example__author_organisation__slug", "organisation__slug"
        )
        if author != recognised
    }


def test_it_refuses_to_run_without_debug_unless_forced(db: None, settings: Any) -> None:
    # First in the module, before the module-wide demo data exists.
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo", stdout=StringIO())
    assert not User.objects.filter(email=seed_demo.ADMIN_EMAIL).exists()
    assert not Example.objects.exists()


def test_every_story_and_name_in_the_data_file_fits_the_command() -> None:
    # seed_demo.json is edited by hand: a placeholder the command does not fill, or an
    # organisation it does not create, would break the demo for whoever runs it next.
    values = dict.fromkeys(
        ["colleague", "other", "author_org", "thing", "site", "weekday", "n", "hours", "weeks"], "x"
    )
    for template in seed_demo.TEMPLATES:
        assert template.behaviour in seed_demo.BEHAVIOUR_WEIGHTS
        assert template.who in ("client", "partner", "any")
        for text in (*template.nl, *template.en):
            text.format(**values)
    for bodies in seed_demo.COMMENTS.values():
        for body in bodies:
            body.format(colleague="x", site="x")
    slugs = {organisation["slug"] for organisation in seed_demo.ORGANISATIONS}
    named = {*seed_demo.MEMBERS, *seed_demo.AUTHOR_ORG_WEIGHTS, *seed_demo.AREAS_OF}
    named |= {
        slug for options in seed_demo.RECOGNITION.values() for set_, _ in options for slug in set_
    }
    assert named <= slugs and set(seed_demo.RECOGNITION) <= slugs


def test_running_it_twice_changes_nothing(demo: Any, db: None) -> None:
    assert demo["first"] == demo["second"]
    assert "nothing changed" in demo["second_output"]


def test_it_creates_a_client_three_partners_and_about_thirty_members(demo: Any, db: None) -> None:
    roles = dict(Organisation.objects.values_list("slug", "role"))
    assert roles == {
        "energie-noord": "client",
        "datacentrum-partners": "partner",
        "teleconnect": "partner",
        "werkplek-diensten": "partner",
    }
    sizes = dict(Organisation.objects.annotate(n=Count("members")).values_list("slug", "n"))
    assert sizes == {
        "energie-noord": 12,
        "datacentrum-partners": 8,
        "teleconnect": 6,
        "werkplek-diensten": 6,
    }
    assert User.objects.filter(is_superuser=True, email=seed_demo.ADMIN_EMAIL).exists()


def test_the_manager_moderates_and_the_members_do_not(demo: Any, db: None) -> None:
    manager = User.objects.get(email=seed_demo.MANAGER_EMAIL)
    assert manager.is_staff
    assert manager.groups.filter(name=MODERATOR_GROUP).exists()
    assert is_moderator(manager)
    assert not is_moderator(User.objects.get(email=demo_accounts.CLIENT_MEMBER_EMAIL))
    assert not is_moderator(User.objects.get(email=demo_accounts.PARTNER_MEMBER_EMAIL))


def test_it_prints_the_password_and_the_demo_logins(demo: Any, db: None) -> None:
    output = demo["output"]
    assert seed_demo.DEMO_PASSWORD in output
    for email in (
        seed_demo.MANAGER_EMAIL,
        demo_accounts.CLIENT_MEMBER_EMAIL,
        demo_accounts.PARTNER_MEMBER_EMAIL,
        seed_demo.ADMIN_EMAIL,
    ):
        assert email in output
        assert User.objects.get(email=email).check_password(seed_demo.DEMO_PASSWORD)


def test_examples_are_many_skewed_across_behaviours_and_in_both_languages(
    demo: Any, db: None
) -> None:
    assert 140 <= Example.objects.count() <= 170
    per_behaviour = dict(
        Example.objects.values_list("behaviour__slug")
        .annotate(n=Count("pk"))
        .values_list("behaviour__slug", "n")
    )
    assert per_behaviour["ownership"] == max(per_behaviour.values())
    assert per_behaviour["feedback"] == min(per_behaviour.values())
    english = Example.objects.filter(author__preferred_language="en").count()
    assert 0 < english < Example.objects.count() / 2
    # Realistic titles, not "Example 17": the templates vary with places, systems and people.
    assert Example.objects.values("title").distinct().count() > 100


def test_the_history_spans_about_fourteen_months(demo: Any, db: None) -> None:
    now = timezone.now()
    oldest = Example.objects.order_by("created_at").first()
    newest = Example.objects.order_by("-created_at").first()
    assert oldest is not None and newest is not None
    assert timedelta(days=365) < now - oldest.created_at < timedelta(days=460)
    assert now - newest.created_at < timedelta(days=14)
    assert Example.objects.filter(happened_on__gt=timezone.localdate()).count() == 0
    months = {e.created_at.strftime("%Y-%m") for e in Example.objects.only("created_at")}
    assert len(months) >= 13


def test_exactly_one_pair_recognises_only_one_way(demo: Any, db: None) -> None:
    for period in (None, 365, 90, 30):
        pairs = _recognition_pairs(period)
        one_way = {(a, b) for a, b in pairs if (b, a) not in pairs}
        assert one_way == {("energie-noord", "werkplek-diensten")}, period
    # The client and the other partners recognise each other both ways.
    everything = _recognition_pairs()
    for partner in ("datacentrum-partners", "teleconnect"):
        assert ("energie-noord", partner) in everything
        assert (partner, "energie-noord") in everything


def test_one_partner_has_been_quiet_for_the_last_ten_weeks(demo: Any, db: None) -> None:
    since = timezone.now() - timedelta(weeks=10)
    quiet = Organisation.objects.get(slug="teleconnect")
    assert Example.objects.filter(author_organisation=quiet).exists()
    assert not Example.objects.filter(author_organisation=quiet, created_at__gte=since).exists()
    assert not Comment.objects.filter(author__organisation=quiet, created_at__gte=since).exists()
    for slug in ("energie-noord", "datacentrum-partners", "werkplek-diensten"):
        assert Example.objects.filter(
            author_organisation__slug=slug, created_at__gte=since
        ).exists(), slug


def test_hidden_examples_carry_a_reason_and_a_moderation_record(demo: Any, db: None) -> None:
    hidden = list(Example.objects.filter(visibility=Visibility.HIDDEN))
    assert 1 <= len(hidden) <= 3
    for example in hidden:
        assert example.moderation_reason
        assert example.moderated_by is not None
        assert example.moderated_at is not None and example.moderated_at > example.created_at
        assert ModerationAction.objects.filter(
            example=example, action=ModerationAction.Action.HIDE, reason=example.moderation_reason
        ).exists()


def test_there_are_a_few_open_reports_and_discussion(demo: Any, db: None) -> None:
    assert 2 <= Report.objects.open().count() <= 6
    assert Comment.objects.count() > Example.objects.count()
    per_example = Example.objects.annotate(n=Count("comments")).values_list("n", flat=True)
    assert max(per_example) <= 6
    assert Reaction.objects.count() > 100


def test_the_counters_match_the_comments_and_reactions(demo: Any, db: None) -> None:
    mismatched = Example.objects.annotate(
        comments_n=Count(
            "comments", filter=Q(comments__visibility=Visibility.PUBLISHED), distinct=True
        ),
        reactions_n=Count("reactions", distinct=True),
    ).exclude(comment_count=F("comments_n"), reaction_count=F("reactions_n"))
    assert not mismatched.exists()


def test_everything_happened_in_order(demo: Any, db: None) -> None:
    assert not Comment.objects.filter(created_at__lt=F("example__created_at")).exists()
    assert not Reaction.objects.filter(created_at__lt=F("example__created_at")).exists()
    assert not Example.objects.filter(created_at__gt=timezone.now()).exists()


def test_some_members_of_every_organisation_only_read(demo: Any, db: None) -> None:
    """Not everyone writes: the dashboard's contributors-against-members figure means something."""
    from examples.models import Comment, Example

    for organisation in Organisation.objects.all():
        members = set(organisation.members.values_list("pk", flat=True))
        writers = set(
            Example.objects.filter(author__in=members).values_list("author", flat=True)
        ) | set(Comment.objects.filter(author__in=members).values_list("author", flat=True))
        assert 0 < len(writers) <= len(members) - 2, organisation.name


def test_the_partners_demo_admin_manages_its_people_and_the_domains_are_verified(
    demo: Any, db: None
) -> None:
    admin = User.objects.get(email=demo_accounts.PARTNER_ADMIN_EMAIL)
    assert admin.is_organisation_admin and admin.organisation is not None
    assert admin.organisation.domains.filter(domain="datacentrumpartners.example").exists()
    # Only that one member of the demo is an organisation admin.
    assert list(User.objects.filter(is_organisation_admin=True)) == [admin]
