"""A partnership manager gives an organisation its identity provider in the Django admin."""

from __future__ import annotations

import pytest
from django.urls import reverse

from partnership.models import OrganisationDomain
from sso.models import IdentityProvider
from tests.factories import make_organisation

pytestmark = pytest.mark.django_db

ADD = reverse("admin:sso_identityprovider_add")


def _change(provider: IdentityProvider) -> str:
    return reverse("admin:sso_identityprovider_change", args=[provider.pk])


def _form(organisation_id: int | None = None, **extra: str) -> dict[str, object]:
    data: dict[str, object] = {
        "name": "Zuidstroom (Microsoft Entra ID)",
        "server_url": "https://login.microsoftonline.com/7d1c1c4e-0000-4000-8000-000000000001/v2.0",
        "client_id": "4b0a-client",
        "client_secret": "the-secret-from-entra",
        "enabled": "on",
    }
    if organisation_id is not None:
        data["organisation"] = organisation_id
    data.update(extra)
    return data


def test_a_manager_configures_an_organisation_provider(client, login_in_english, manager):
    organisation = make_organisation("Zuidstroom", slug="zuidstroom")
    OrganisationDomain.objects.create(organisation=organisation, domain="zuidstroom.example")
    login_in_english(manager)

    add_page = client.get(ADD)
    assert add_page.status_code == 200
    assert "/accounts/oidc/org-SLUG/login/callback/" in add_page.content.decode()

    response = client.post(ADD, _form(organisation.pk))

    assert response.status_code == 302, response.content.decode()[:3000]
    provider = IdentityProvider.objects.get()
    assert provider.organisation == organisation
    assert provider.provider_id == "org-zuidstroom"
    assert provider.client_secret == "the-secret-from-entra"
    assert IdentityProvider.objects.for_email("iemand@zuidstroom.example") == provider

    change_page = client.get(_change(provider)).content.decode()
    assert "http://testserver/accounts/oidc/org-zuidstroom/login/callback/" in change_page
    assert "the-secret-from-entra" not in change_page


def test_the_secret_stays_when_the_manager_leaves_it_empty(client, login, manager):
    organisation = make_organisation("Zuidstroom", slug="zuidstroom")
    login(manager)
    client.post(ADD, _form(organisation.pk))
    provider = IdentityProvider.objects.get()

    response = client.post(_change(provider), _form(client_secret="", name="Nieuwe naam"))

    assert response.status_code == 302
    provider.refresh_from_db()
    assert provider.name == "Nieuwe naam"
    assert provider.client_secret == "the-secret-from-entra"


def test_a_plain_http_issuer_is_refused(client, login_in_english, manager):
    organisation = make_organisation("Zuidstroom", slug="zuidstroom")
    login_in_english(manager)

    response = client.post(
        ADD, _form(organisation.pk, server_url="http://login.example/tenant/v2.0")
    )

    assert response.status_code == 200
    assert "The issuer URL must start with https://." in response.content.decode()
    assert not IdentityProvider.objects.exists()


def test_a_new_provider_needs_its_secret(client, login, manager):
    organisation = make_organisation("Zuidstroom", slug="zuidstroom")
    login(manager)

    response = client.post(ADD, _form(organisation.pk, client_secret=""))

    assert response.status_code == 200
    assert not IdentityProvider.objects.exists()


def test_a_provider_is_switched_off_not_deleted(client, login, manager):
    organisation = make_organisation("Zuidstroom", slug="zuidstroom")
    login(manager)
    client.post(ADD, _form(organisation.pk))
    provider = IdentityProvider.objects.get()

    response = client.post(
        reverse("admin:sso_identityprovider_delete", args=[provider.pk]), {"post": "yes"}
    )

    assert response.status_code == 403
    assert IdentityProvider.objects.exists()


def test_members_and_organisation_admins_cannot_configure_providers(
    client, login, partner_member, partner_admin
):
    for person in (partner_member, partner_admin):
        login(person)
        response = client.get(ADD)
        assert response.status_code in {302, 403}
        client.logout()
