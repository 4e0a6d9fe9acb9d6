"""The people page: who sees it, what admins and managers can do there, and its cost."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from partnership.models import MODERATOR_GROUP
from people import services
from people.models import AuditEntry, Invitation
from tests.factories import make_example, make_member

pytestmark = pytest.mark.django_db


def people_url(organisation) -> str:
    return reverse("people:people", args=[organisation.slug])


def change_url(member, change: str) -> str:
    return reverse("people:change_member", args=[member.organisation.slug, member.pk, change])


def test_the_organisations_admin_and_managers_see_the_people_page(
    login, partner_admin, partner_member, manager
):
    for user in (partner_admin, manager):
        page = login(user).get(people_url(partner_admin.organisation))
        assert page.status_code == 200
        assert partner_member.email in page.content.decode()


@pytest.mark.parametrize("role", ["partner_member", "client_admin", "other_admin"])
def test_nobody_else_sees_a_partners_people(request, login, partner_org, other_partner_org, role):
    if role == "other_admin":
        user = make_member(other_partner_org, is_organisation_admin=True)
    else:
        user = request.getfixturevalue(role)
    assert login(user).get(people_url(partner_org)).status_code == 403


def test_a_partners_admin_has_no_power_over_the_clients_people(
    login, partner_admin, client_member, client_admin
):
    client = login(partner_admin)
    assert client.get(people_url(client_member.organisation)).status_code == 403
    response = client.post(change_url(client_member, "deactivate"))
    assert response.status_code == 403
    # Through their own organisation's URL, another organisation's member is not there at all.
    own = reverse(
        "people:change_member",
        args=[partner_admin.organisation.slug, client_member.pk, "deactivate"],
    )
    assert client.post(own).status_code == 404
    client_member.refresh_from_db()
    assert client_member.is_active


def test_the_organisation_page_links_to_people_only_for_those_who_may_use_it(
    login, partner_admin, partner_member, client_admin
):
    url = reverse("partnership:organisation", args=[partner_admin.organisation.slug])
    assert 'id="people-link"' in login(partner_admin).get(url).content.decode()
    assert 'id="people-link"' not in login(partner_member).get(url).content.decode()
    assert 'id="people-link"' not in login(client_admin).get(url).content.decode()


def test_deactivating_ends_sessions_keeps_their_words_and_is_recorded(partner_admin, author):
    example = make_example(author)
    theirs = Client()
    theirs.force_login(author)
    assert Session.objects.count() == 1
    admin = Client()
    admin.force_login(partner_admin)
    response = admin.post(change_url(author, "deactivate"))
    assert response.status_code == 302
    author.refresh_from_db()
    assert not author.is_active
    assert theirs.get(reverse("examples:browse")).status_code == 302  # signed out
    example.refresh_from_db()
    assert example.author == author
    entry = AuditEntry.objects.get(action="deactivated")
    assert (entry.actor, entry.subject) == (partner_admin, author)
    page = admin.get(people_url(author.organisation)).content.decode()
    assert "gedeactiveerd" in page

    assert admin.post(change_url(author, "reactivate")).status_code == 302
    author.refresh_from_db()
    assert author.is_active


def test_admins_appoint_and_remove_other_admins(login, partner_admin, partner_member):
    client = login(partner_admin)
    client.post(change_url(partner_member, "appoint"))
    partner_member.refresh_from_db()
    assert partner_member.is_organisation_admin
    client.post(change_url(partner_member, "remove_admin"))
    partner_member.refresh_from_db()
    assert not partner_member.is_organisation_admin
    assert list(AuditEntry.objects.order_by("pk").values_list("action", flat=True)) == [
        "admin_appointed",
        "admin_removed",
    ]


def test_an_admin_cannot_remove_themselves_or_touch_a_manager(login, client_admin, manager):
    client = login(client_admin)
    response = client.post(change_url(client_admin, "remove_admin"), follow=True)
    assert "Je eigen account kun je hier niet wijzigen." in response.content.decode()
    client_admin.refresh_from_db()
    assert client_admin.is_organisation_admin
    response = client.post(change_url(manager, "deactivate"), follow=True)
    assert "Alleen een partnershipmanager" in response.content.decode()
    manager.refresh_from_db()
    assert manager.is_active


def test_an_unknown_change_is_404(login, partner_admin, partner_member):
    assert login(partner_admin).post(change_url(partner_member, "promote")).status_code == 404


def test_admins_edit_the_description_and_it_is_recorded(login, partner_admin):
    client = login(partner_admin)
    url = reverse("people:description", args=[partner_admin.organisation.slug])
    assert client.post(url, {"description": "Wij beheren rekencentra."}).status_code == 302
    partner_admin.organisation.refresh_from_db()
    assert partner_admin.organisation.description == "Wij beheren rekencentra."
    assert client.post(url, {"description": "x" * 3000}).status_code == 422
    assert AuditEntry.objects.filter(action="description_edited").count() == 1


def test_resend_and_revoke_from_the_page(login, partner_admin):
    invitation = services.invite(
        organisation=partner_admin.organisation,
        email="nina@datacenter.example",
        display_name="Nina",
        invited_by=partner_admin,
    )
    client = login(partner_admin)
    slug = partner_admin.organisation.slug
    page = client.get(people_url(partner_admin.organisation)).content.decode()
    assert "nina@datacenter.example" in page and "Openstaande uitnodigingen" in page
    assert client.post(reverse("people:resend", args=[slug, invitation.pk])).status_code == 302
    assert client.post(reverse("people:revoke", args=[slug, invitation.pk])).status_code == 302
    invitation.refresh_from_db()
    assert invitation.state == "revoked"
    page = client.get(people_url(partner_admin.organisation)).content.decode()
    assert "uitnodiging ingetrokken" in page  # the audit trail, on the page


def test_another_organisations_invitation_is_404(login, partner_admin, client_admin):
    invitation = services.invite(
        organisation=client_admin.organisation,
        email="x@energie.example",
        display_name="X",
        invited_by=client_admin,
    )
    url = reverse("people:revoke", args=[partner_admin.organisation.slug, invitation.pk])
    assert login(partner_admin).post(url).status_code == 404
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.PENDING


def _world(organisation, admin, size: int) -> None:
    for n in range(size):
        member = make_member(organisation)
        services.invite(
            organisation=organisation,
            email=f"invitee{n}-{size}@x.example",
            display_name=f"Invitee {n}",
            invited_by=admin,
        )
        services.set_organisation_admin(member=member, admin=n % 2 == 0, by=admin)


@pytest.mark.parametrize("size", [2, 40])
def test_the_people_page_costs_the_same_queries_for_small_and_large_organisations(
    login, partner_admin, django_assert_num_queries, size
):
    _world(partner_admin.organisation, partner_admin, size)
    client = login(partner_admin)
    client.get(people_url(partner_admin.organisation))  # warm the session and member cache
    with django_assert_num_queries(6):
        response = client.get(people_url(partner_admin.organisation))
    assert response.status_code == 200
    assert response.content.decode().count('id="invitation-') == size


def test_an_admin_cannot_reactivate_a_deactivated_manager_of_their_organisation(
    login, partner_admin, partner_org
):
    # A manager by their group alone (not staff): deactivated, they are still a manager.
    manager = make_member(partner_org)
    manager.groups.add(Group.objects.get_or_create(name=MODERATOR_GROUP)[0])
    manager.is_active = False
    manager.save(update_fields=["is_active"])

    response = login(partner_admin).post(change_url(manager, "reactivate"))

    assert response.status_code == 303  # back to the people page, with the refusal
    manager.refresh_from_db()
    assert not manager.is_active
    assert not AuditEntry.objects.filter(action="reactivated", subject=manager).exists()
