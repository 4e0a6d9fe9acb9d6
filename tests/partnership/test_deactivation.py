"""Deactivating members in the admin ends their sessions at once."""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from django.test import Client

from tests.factories import make_member


@pytest.mark.django_db
def test_the_admin_action_deactivates_and_ends_the_members_sessions(partner_member, client):
    signed_in = Client()
    signed_in.force_login(partner_member)
    assert signed_in.get("/").status_code == 200
    superuser = make_member(is_staff=True, is_superuser=True)
    client.force_login(superuser)

    response = client.post(
        "/admin/partnership/user/",
        {"action": "deactivate_members", "_selected_action": [partner_member.pk]},
    )

    assert response.status_code == 302
    partner_member.refresh_from_db()
    assert not partner_member.is_active
    owners = [s.get_decoded().get("_auth_user_id") for s in Session.objects.all()]
    assert str(partner_member.pk) not in owners
    assert str(superuser.pk) in owners
    assert signed_in.get("/").status_code == 302


@pytest.mark.django_db
def test_the_admin_action_moves_the_figures_that_count_active_members(partner_member, client):
    from behaviours.models import FiguresVersion

    client.force_login(make_member(is_staff=True, is_superuser=True))
    before = FiguresVersion.current()["structure"]
    client.post(
        "/admin/partnership/user/",
        {"action": "deactivate_members", "_selected_action": [partner_member.pk]},
    )
    assert FiguresVersion.current()["structure"] > before
