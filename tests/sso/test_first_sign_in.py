"""A first sign-in through an organisation's identity provider, end to end.

Every test drives the real authorization-code flow: the platform's e-mail step sends the
browser (Django's test client) to the local provider, the person signs in there (requests),
and the provider's redirect back is followed on the platform, which exchanges the code at the
provider's token endpoint.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from allauth.socialaccount.models import SocialAccount
from django.urls import reverse
from django.utils import timezone

from partnership.models import Organisation, OrganisationDomain, User
from people.models import AuditEntry, Invitation
from tests.factories import make_member, make_organisation, totp_code
from tests.sso.conftest import SSO_DOMAIN, configure_provider

pytestmark = pytest.mark.django_db


def _signed_in_as(client, user: User) -> bool:
    return client.session.get("_auth_user_id") == str(user.pk)


def _invite(organisation: Organisation, email: str, name: str = "Ingrid Invited") -> Invitation:
    invitation = Invitation(organisation=organisation, email=email, display_name=name)
    invitation.issue_token()  # the mail was sent: the invitation can be accepted
    invitation.save()
    return invitation


def _refused(response, text: str) -> None:
    assert response.status_code == 403
    assert text in response.content.decode()


# --- Linked, accepted, created -----------------------------------------------------------


def test_an_invitee_signs_in_with_their_organisation_account_and_the_invitation_is_accepted(
    client, sso_org, oidc_idp, sign_in_through_provider
):
    email = f"ingrid@{SSO_DOMAIN}"
    invitation = _invite(sso_org, email)
    oidc_idp.add_user(email, name="Ingrid van Dijk")

    response = sign_in_through_provider(email)

    member = User.objects.get(email=email)
    assert response.status_code == 302
    assert response["Location"] == reverse("people:welcome")
    assert _signed_in_as(client, member)
    assert member.organisation == sso_org
    assert member.display_name == "Ingrid van Dijk"  # the provider's name claim
    assert not member.has_usable_password()
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.ACCEPTED
    assert invitation.member == member
    assert SocialAccount.objects.filter(user=member, provider="org-zuidstroom").exists()
    assert "Ingrid van Dijk" in client.get(response["Location"]).content.decode()


def test_an_existing_member_is_linked_and_signs_in_again_later(
    client, sso_org, oidc_idp, sign_in_through_provider
):
    email = f"evert@{SSO_DOMAIN}"
    member = make_member(sso_org, name="Evert Bestaand", email=email)
    oidc_idp.add_user(email, name="Evert Anders")

    first = sign_in_through_provider(email)

    assert first.status_code == 302
    assert first["Location"] == reverse("examples:browse")
    assert _signed_in_as(client, member)
    assert SocialAccount.objects.get(user=member).provider == "org-zuidstroom"
    member.refresh_from_db()
    assert member.display_name == "Evert Bestaand"  # a member's own name stays
    client.logout()

    again = sign_in_through_provider(email)

    assert again.status_code == 302
    assert _signed_in_as(client, member)
    assert SocialAccount.objects.filter(user=member).count() == 1


def test_the_address_case_does_not_matter_for_linking(
    client, sso_org, oidc_idp, sign_in_through_provider
):
    member = make_member(sso_org, email=f"casper@{SSO_DOMAIN}")
    oidc_idp.add_user(f"Casper@{SSO_DOMAIN.upper()}", name="Casper")

    sign_in_through_provider(f"Casper@{SSO_DOMAIN.upper()}")

    assert _signed_in_as(client, member)


def test_a_person_at_a_self_sign_up_domain_becomes_a_member_of_that_organisation(
    client, sso_org, oidc_idp, sign_in_through_provider
):
    sso_org.self_signup = True
    sso_org.save()
    email = f"sanne@{SSO_DOMAIN}"
    oidc_idp.add_user(email, name="Sanne Zelf")

    response = sign_in_through_provider(email)

    member = User.objects.get(email=email)
    assert response.status_code == 302
    assert response["Location"] == reverse("people:welcome")
    assert _signed_in_as(client, member)
    assert member.organisation == sso_org
    assert member.display_name == "Sanne Zelf"
    assert not member.is_organisation_admin and not member.is_staff
    # In the organisation's audit trail, for its admins.
    assert AuditEntry.objects.filter(organisation=sso_org, subject=member).exists()


def test_the_page_asked_for_is_where_a_member_lands(
    client, sso_org, oidc_idp, sign_in_through_provider
):
    email = f"nina@{SSO_DOMAIN}"
    make_member(sso_org, email=email)
    oidc_idp.add_user(email, name="Nina")

    response = sign_in_through_provider(email, next_url=reverse("notifications:list"))

    assert response["Location"] == reverse("notifications:list")


# --- Refused -----------------------------------------------------------------------------


def test_an_address_of_a_member_of_another_organisation_is_refused(
    client, sso_org, oidc_idp, sign_in_through_provider
):
    other = make_organisation("Andere Partner", slug="andere")
    email = f"olga@{SSO_DOMAIN}"
    outsider = make_member(other, email=email)
    sso_org.self_signup = True
    sso_org.save()
    oidc_idp.add_user(email, name="Olga")

    response = sign_in_through_provider(email)

    _refused(response, "Ask an admin of your organisation for an invitation.")
    assert not _signed_in_as(client, outsider)
    assert "_auth_user_id" not in client.session
    assert not SocialAccount.objects.exists()
    outsider.refresh_from_db()
    assert outsider.organisation == other


def test_an_address_outside_the_organisation_domains_is_refused(
    client, sso_org, oidc_idp, sign_in_through_provider
):
    # The provider lets this person in, but their address is another organisation's domain.
    elsewhere = make_organisation("Elders", slug="elders")
    OrganisationDomain.objects.create(organisation=elsewhere, domain="elders.example")
    make_member(elsewhere, email="eva@elders.example")
    sso_org.self_signup = True
    sso_org.save()
    oidc_idp.add_user("eva@elders.example", name="Eva")
    login_page = client.post(reverse("account_login"), {"login": f"eva@{SSO_DOMAIN}"})
    back = oidc_idp.sign_in(login_page["Location"], email="eva@elders.example")

    response = client.get(back.removeprefix("http://testserver"))

    _refused(response, "This address is not one of your organisation")
    assert "_auth_user_id" not in client.session
    assert User.objects.filter(email="eva@elders.example").get().organisation == elsewhere
    assert not SocialAccount.objects.exists()


def test_an_unverified_address_is_refused(client, sso_org, oidc_idp, sign_in_through_provider):
    email = f"ulrich@{SSO_DOMAIN}"
    member = make_member(sso_org, email=email)
    oidc_idp.add_user(email, name="Ulrich", email_verified=False)

    response = sign_in_through_provider(email)

    _refused(response, "did not confirm your address")
    assert not _signed_in_as(client, member)
    assert not SocialAccount.objects.exists()


def test_a_deactivated_member_cannot_get_in(client, sso_org, oidc_idp, sign_in_through_provider):
    email = f"dirk@{SSO_DOMAIN}"
    make_member(sso_org, email=email, is_active=False)
    oidc_idp.add_user(email, name="Dirk")

    response = sign_in_through_provider(email)

    _refused(response, "Your account has been deactivated.")
    assert "_auth_user_id" not in client.session


def test_a_linked_member_deactivated_since_cannot_get_in(
    client, sso_org, oidc_idp, sign_in_through_provider
):
    email = f"daan@{SSO_DOMAIN}"
    member = make_member(sso_org, email=email)
    oidc_idp.add_user(email, name="Daan")
    sign_in_through_provider(email)
    client.logout()
    member.is_active = False
    member.save()

    response = sign_in_through_provider(email)

    _refused(response, "Your account has been deactivated.")
    assert "_auth_user_id" not in client.session


def test_without_an_invitation_or_self_sign_up_nobody_is_created(
    client, sso_org, oidc_idp, sign_in_through_provider
):
    email = f"niemand@{SSO_DOMAIN}"
    oidc_idp.add_user(email, name="Niemand")

    response = sign_in_through_provider(email)

    _refused(response, "Ask an admin of your organisation for an invitation.")
    assert not User.objects.filter(email=email).exists()


def test_an_invitation_to_another_organisation_is_not_accepted_through_this_provider(
    client, sso_org, oidc_idp, sign_in_through_provider
):
    other = make_organisation("Andere", slug="andere-org")
    email = f"iris@{SSO_DOMAIN}"
    invitation = _invite(other, email)
    oidc_idp.add_user(email, name="Iris")

    response = sign_in_through_provider(email)

    _refused(response, "Ask an admin of your organisation for an invitation.")
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.PENDING
    assert not User.objects.filter(email=email).exists()


def test_an_expired_invitation_is_not_accepted(client, sso_org, oidc_idp, sign_in_through_provider):
    email = f"evi@{SSO_DOMAIN}"
    invitation = _invite(sso_org, email)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(1))
    oidc_idp.add_user(email, name="Evi")

    response = sign_in_through_provider(email)

    _refused(response, "Ask an admin of your organisation for an invitation.")
    assert not User.objects.filter(email=email).exists()


def test_the_organisation_comes_from_the_provider_used_not_from_the_address(
    client, sso_org, oidc_idp, sign_in_through_provider
):
    """Two organisations trust the same provider: an address at the first one's domain that
    comes back through the second one's configuration is judged by the second one's rules."""
    second = make_organisation("Tweede", slug="tweede")
    OrganisationDomain.objects.create(organisation=second, domain="tweede.example")
    second.self_signup = True
    second.save()
    configure_provider(second, oidc_idp)
    email = f"wouter@{SSO_DOMAIN}"
    oidc_idp.add_user(email, name="Wouter")
    step = client.post(reverse("account_login"), {"login": "iemand@tweede.example"})
    back = oidc_idp.sign_in(step["Location"], email=email)
    assert "/org-tweede/" in back

    response = client.get(back.removeprefix("http://testserver"))

    _refused(response, "This address is not one of your organisation")
    assert not User.objects.filter(email=email).exists()


def test_a_switched_off_provider_lets_nobody_in(
    client, sso_org, oidc_idp, sign_in_through_provider
):
    email = f"uit@{SSO_DOMAIN}"
    make_member(sso_org, email=email)
    oidc_idp.add_user(email, name="Uit")
    step = client.post(reverse("account_login"), {"login": email})
    back = oidc_idp.sign_in(step["Location"], email=email)
    sso_org.identity_provider.enabled = False
    sso_org.identity_provider.save()

    response = client.get(back.removeprefix("http://testserver"))

    assert response.status_code in {403, 404}
    assert "_auth_user_id" not in client.session


def test_the_invitation_page_offers_the_organisation_sign_in_instead_of_a_password(
    client, sso_org, oidc_idp, sign_in_through_provider
):
    email = f"ivo@{SSO_DOMAIN}"
    invitation = Invitation(organisation=sso_org, email=email, display_name="Ivo")
    token = invitation.issue_token()
    invitation.save()
    oidc_idp.add_user(email, name="Ivo Invited")

    page = client.get(reverse("people:accept", args=[token])).content.decode()

    assert 'type="password"' not in page
    link = f"{reverse('account_login')}?login=ivo%40{SSO_DOMAIN}"
    assert f'href="{link}"' in page
    assert "Sign in with Zuidstroom Energie (test provider)" in page
    assert f'value="{email}"' in client.get(link).content.decode()
    sign_in_through_provider(email)
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.ACCEPTED


def test_the_invitation_page_of_an_organisation_without_a_provider_asks_for_a_password(client, db):
    organisation = make_organisation("Zonder", slug="zonder")
    invitation = Invitation(organisation=organisation, email="z@zonder.example", display_name="Z")
    token = invitation.issue_token()
    invitation.save()

    page = client.get(reverse("people:accept", args=[token])).content.decode()

    assert 'type="password"' in page
    assert "?login=" not in page


# --- The way back fails ------------------------------------------------------------------


def test_declining_at_the_provider_signs_nobody_in(client, sso_org, oidc_idp):
    email = f"weiger@{SSO_DOMAIN}"
    make_member(sso_org, email=email)
    oidc_idp.add_user(email, name="Weiger")
    step = client.post(reverse("account_login"), {"login": email})

    back = oidc_idp.sign_in(step["Location"], email=email, consent=False)
    response = client.get(back.removeprefix("http://testserver"))

    assert "error=access_denied" in back
    assert response.status_code == 200
    assert "You did not finish signing in" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_way_back_used_twice_is_refused_the_second_time(
    client, sso_org, oidc_idp, sign_in_through_provider
):
    email = f"twee@{SSO_DOMAIN}"
    member = make_member(sso_org, email=email)
    oidc_idp.add_user(email, name="Twee")
    step = client.post(reverse("account_login"), {"login": email})
    back = oidc_idp.sign_in(step["Location"], email=email).removeprefix("http://testserver")
    assert client.get(back).status_code == 302
    client.logout()

    again = client.get(back)

    assert again.status_code == 400
    assert "Please start again." in again.content.decode()
    assert not _signed_in_as(client, member)


def test_a_way_back_without_code_or_state_is_refused(client, sso_org):
    callback = reverse("openid_connect_callback", kwargs={"provider_id": "org-zuidstroom"})

    response = client.get(callback)

    assert response.status_code == 400
    assert "_auth_user_id" not in client.session


def test_an_admin_who_signs_in_through_the_provider_can_enrol_in_mfa(
    client, sso_org, oidc_idp, sign_in_through_provider
):
    """No password to confirm: the provider's sign-in just now is proof enough for enrolment."""
    email = f"anna@{SSO_DOMAIN}"
    admin = make_member(sso_org, email=email, is_organisation_admin=True, mfa=False)
    admin.set_unusable_password()
    admin.save()
    oidc_idp.add_user(email, name="Anna Admin")

    sign_in_through_provider(email)
    assert _signed_in_as(client, admin)
    response = client.get(reverse("examples:browse"))
    assert response["Location"] == reverse("mfa_activate_totp")

    page = client.get(reverse("mfa_activate_totp"))

    assert page.status_code == 200
    code = totp_code(page.context["form"].secret)
    assert client.post(reverse("mfa_activate_totp"), {"code": code}).status_code == 302
    assert client.get(reverse("examples:browse")).status_code == 200
