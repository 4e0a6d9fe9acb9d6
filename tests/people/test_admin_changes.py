"""What a partnership manager changes in the Django admin lands in the organisation's trail."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from examples.models import Example
from partnership.models import Organisation, User
from people.models import AuditEntry
from tests.factories import make_example, make_member

pytestmark = pytest.mark.django_db


def _change_url(member: User) -> str:
    return reverse("admin:partnership_user_change", args=[member.pk])


def _change_data(member: User, **changes: Any) -> dict[str, Any]:
    data = {
        "email": member.email,
        "display_name": member.display_name,
        "organisation": member.organisation_id,
        "job_title": member.job_title,
        "preferred_language": member.preferred_language,
        "is_active": "on" if member.is_active else "",
        "is_organisation_admin": "on" if member.is_organisation_admin else "",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "10:00:00",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value != ""}


def test_appointing_and_deactivating_in_the_admin_is_recorded_with_who_did_it(
    login, manager, partner_member, partner_admin
):
    client = login(manager)
    response = client.post(
        _change_url(partner_member), _change_data(partner_member, is_organisation_admin="on")
    )
    assert response.status_code == 302, response.content
    partner_member.refresh_from_db()
    assert partner_member.is_organisation_admin
    response = client.post(
        _change_url(partner_member),
        _change_data(partner_member, is_active="", is_organisation_admin="on"),
    )
    assert response.status_code == 302
    trail = AuditEntry.objects.filter(organisation=partner_member.organisation, actor=manager)
    assert list(trail.order_by("pk").values_list("action", "subject")) == [
        (AuditEntry.Action.ADMIN_APPOINTED, partner_member.pk),
        (AuditEntry.Action.DEACTIVATED, partner_member.pk),
    ]
    # The partner's own admin sees it on the people page.
    page = login(partner_admin).get(
        reverse("people:people", args=[partner_member.organisation.slug])
    )
    assert partner_member.display_name in page.content.decode()
    assert "Django admin" in page.content.decode()


def test_the_admins_deactivate_action_is_recorded(login, manager, partner_member):
    login(manager).post(
        reverse("admin:partnership_user_changelist"),
        {"action": "deactivate_members", "_selected_action": [partner_member.pk]},
    )
    assert AuditEntry.objects.filter(
        action=AuditEntry.Action.DEACTIVATED, subject=partner_member, actor=manager
    ).exists()


def test_an_organisation_that_leaves_keeps_its_words_and_its_people_are_signed_out(
    login, manager, partner_org: Organisation, behaviour
):
    members = [make_member(partner_org) for _ in range(3)]
    example = make_example(members[0], behaviour=behaviour)
    signed_in = Client()
    signed_in.force_login(members[1])
    assert Session.objects.count() == 1
    response = login(manager).post(
        reverse("admin:partnership_organisation_changelist"),
        {"action": "leave_partnership", "_selected_action": [partner_org.pk]},
    )
    assert response.status_code == 302
    partner_org.refresh_from_db()
    assert not partner_org.active
    assert not User.objects.filter(organisation=partner_org, is_active=True).exists()
    # Their sessions ended; what they wrote stays, visible as before.
    assert signed_in.get(reverse("examples:browse")).status_code == 302
    assert Example.objects.filter(pk=example.pk, visibility=example.visibility).exists()
    entry = AuditEntry.objects.get(action=AuditEntry.Action.LEFT_PARTNERSHIP)
    assert entry.organisation == partner_org and entry.actor == manager
    assert entry.detail.startswith("3 ")
