from __future__ import annotations

import pytest
from django.urls import reverse

from evaluations.models import PartnerProfile
from tests.evaluations.helpers import make_concern

pytestmark = pytest.mark.django_db

PROFILE = {
    "priorities": "Stabiele rekencentra",
    "needs": "Tijdige wijzigingsplanning",
    "can_do": "24/7 monitoring",
    "cannot_do": "Geen extra budget dit jaar",
    "strengths": "Snelle incidentafhandeling",
    "visionary": "Vera Visie",
    "project_lead": "Pim Project",
    "process_person": "Paula Proces",
}


def test_an_organisation_admin_saves_versions_and_the_page_shows_the_latest(
    login, manager, client_member, partner_org
):
    client = login(manager)
    url = reverse("evaluations:profile_edit", args=[partner_org.slug])
    assert client.post(url, PROFILE).status_code == 302
    client.post(url, {**PROFILE, "priorities": "Nieuwe prioriteit"})
    assert PartnerProfile.objects.filter(organisation=partner_org).count() == 2
    page = login(client_member).get(partner_org.get_absolute_url()).content.decode()
    assert "Nieuwe prioriteit" in page and "Stabiele rekencentra" not in page
    assert "Paula Proces" in page


def test_other_members_cannot_edit_a_profile(login, partner_member, partner_org):
    url = reverse("evaluations:profile_edit", args=[partner_org.slug])
    assert login(partner_member).post(url, PROFILE).status_code == 403
    assert not PartnerProfile.objects.exists()


def test_a_profile_without_priorities_is_refused(login, manager, partner_org):
    url = reverse("evaluations:profile_edit", args=[partner_org.slug])
    assert login(manager).post(url, {**PROFILE, "priorities": ""}).status_code == 422


def test_an_organisation_admin_keeps_their_own_profile_only(
    login, partner_admin, client_admin, partner_org, client_org
):
    """Each party speaks for itself: the partner's admin edits the partner's profile."""
    own = reverse("evaluations:profile_edit", args=[partner_org.slug])
    assert login(partner_admin).post(own, PROFILE).status_code == 302
    assert PartnerProfile.objects.filter(organisation=partner_org).count() == 1
    # Not the client's, and the client's admin not the partner's: partners are equals.
    other = reverse("evaluations:profile_edit", args=[client_org.slug])
    assert login(partner_admin).post(other, PROFILE).status_code == 403
    assert login(client_admin).post(own, PROFILE).status_code == 403
    assert PartnerProfile.objects.count() == 1


def test_an_inactive_organisation_admin_edits_nothing(login, partner_admin, partner_org):
    client = login(partner_admin)
    partner_admin.is_active = False
    partner_admin.save()
    url = reverse("evaluations:profile_edit", args=[partner_org.slug])
    assert client.post(url, PROFILE).status_code in (302, 403)
    assert not PartnerProfile.objects.exists()


def test_the_organisation_page_offers_its_admins_the_profile_and_the_concerns_naming_it(
    login, partner_admin, partner_member, client_member, partner_org, client_org, other_partner_org
):
    make_concern(client_member, [client_org, partner_org])
    make_concern(client_member, [client_org, partner_org, other_partner_org])
    make_concern(client_member, [client_org, other_partner_org])  # not about the partner
    edit = reverse("evaluations:profile_edit", args=[partner_org.slug])
    concerns = reverse("evaluations:concerns")

    own = login(partner_admin).get(partner_org.get_absolute_url()).content.decode()
    assert f'href="{edit}"' in own
    assert f'<a href="{concerns}">2 openstaande zorgen over {partner_org.name}</a>' in own
    # Not on another organisation's page, and not for an ordinary member of the partner.
    other = login(partner_admin).get(client_org.get_absolute_url()).content.decode()
    assert "/profile/" not in other and "openstaande zorg" not in other
    plain = login(partner_member).get(partner_org.get_absolute_url()).content.decode()
    assert f'href="{edit}"' not in plain and "openstaande zorg" not in plain
