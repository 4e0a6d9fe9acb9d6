"""The data migrations that give a fresh platform its behaviours, service areas and about text."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps as global_apps
from django.utils import translation

from behaviours.models import Behaviour
from partnership.models import AboutPartnership, ServiceArea

behaviours_migration = importlib.import_module(
    "behaviours.migrations.0002_the_four_agreed_behaviours"
)
partnership_migration = importlib.import_module(
    "partnership.migrations.0002_service_areas_and_about_text"
)

AGREED = {
    "ownership": ("Eigenaarschap", "Ownership"),
    "transparency": ("Transparantie", "Transparency"),
    "proactivity": ("Proactiviteit", "Proactivity"),
    "feedback": ("Feedback geven", "Giving feedback"),
}


def _apply_again() -> None:
    # A transactional test elsewhere may have flushed the migrated rows; applying the
    # migration's own function again also proves it is idempotent.
    behaviours_migration.create_behaviours(global_apps, None)
    partnership_migration.create_service_areas_and_about(global_apps, None)


@pytest.mark.django_db
def test_it_creates_the_four_agreed_behaviours_in_dutch_and_english() -> None:
    _apply_again()
    behaviours = {b.slug: b for b in Behaviour.objects.all()}
    assert set(AGREED) <= set(behaviours)
    for slug, (name_nl, name_en) in AGREED.items():
        behaviour = behaviours[slug]
        assert (behaviour.name_nl, behaviour.name_en) == (name_nl, name_en)
        assert behaviour.active
        for language in ("nl", "en"):
            with translation.override(language):
                assert 2 <= len(behaviour.prompt_list) <= 3
                assert all(prompt.endswith("?") for prompt in behaviour.prompt_list)
                assert behaviour.summary and behaviour.in_practice
        assert behaviour.summary_nl != behaviour.summary_en


@pytest.mark.django_db
def test_the_behaviours_come_in_the_agreed_order() -> None:
    _apply_again()
    slugs = list(Behaviour.objects.filter(slug__in=AGREED).values_list("slug", flat=True))
    assert slugs == ["ownership", "transparency", "proactivity", "feedback"]


@pytest.mark.django_db
def test_running_the_migrations_again_duplicates_nothing_and_keeps_manager_edits() -> None:
    _apply_again()
    about = AboutPartnership.current()
    assert about is not None
    about.title_nl = "Ons partnerschap, herschreven"
    about.save()
    _apply_again()
    assert Behaviour.objects.filter(slug__in=AGREED).count() == 4
    assert ServiceArea.objects.count() == 5
    assert AboutPartnership.objects.count() == 1
    assert AboutPartnership.current().title_nl == "Ons partnerschap, herschreven"  # type: ignore[union-attr]


@pytest.mark.django_db
def test_it_creates_the_service_areas_and_a_first_about_text() -> None:
    _apply_again()
    names = dict(ServiceArea.objects.values_list("slug", "name_nl"))
    assert names == {
        "datacentre": "Datacentrum",
        "telephony": "Telefonie",
        "workplace-it": "Werkplek-IT",
        "network": "Netwerk",
        "application-management": "Applicatiebeheer",
    }
    about = AboutPartnership.current()
    assert about is not None
    assert about.purpose_nl and about.purpose_en and about.outcomes_nl and about.outcomes_en


@pytest.mark.django_db
def test_both_data_migrations_are_applied_by_migrate() -> None:
    from django.db import connection
    from django.db.migrations.recorder import MigrationRecorder

    applied = MigrationRecorder(connection).applied_migrations()
    assert ("behaviours", "0002_the_four_agreed_behaviours") in applied
    assert ("partnership", "0002_service_areas_and_about_text") in applied
