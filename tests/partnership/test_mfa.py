"""MFA (allauth.mfa, TOTP): optional for members, required for managers and organisation admins."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from partnership.mfa import ENROLMENT_URL_NAMES
from tests.factories import TOTP_SECRET, make_member, totp_code
from tests.hardening.test_access_matrix import EXPECTATIONS, PUBLIC, build_world
from tests.worker import run_worker

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"


def _password_step(client: Client, member, address: str = "10.2.2.2"):
    return client.post(
        reverse("account_login"),
        {"login": member.email, "password": PASSWORD},
        REMOTE_ADDR=address,
    )


def _enrol(client: Client) -> str:
    """Open enrolment, read the secret the page shows, answer with the app's code."""
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = page.context["form"].secret
    assert secret in page.content.decode()  # shown to type into an app without a camera
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302
    return str(secret)


def _reauthenticate(client: Client) -> None:
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302


def test_an_unenrolled_manager_is_sent_to_enrolment_from_every_page_of_the_matrix():
    world = build_world()
    manager = world.users["manager"]
    Authenticator.objects.filter(user=manager).delete()
    client = Client()
    client.force_login(manager)
    enrolment = reverse("mfa_activate_totp")
    checked = 0
    for name, cases in EXPECTATIONS.items():
        if name in PUBLIC or name in ENROLMENT_URL_NAMES:
            continue
        for case in cases:
            url = reverse(name, kwargs=case.kwargs(world))
            response = client.get(url)
            assert response.status_code == 302, (name, response.status_code)
            assert response["Location"] == enrolment, (name, response["Location"])
            checked += 1
    assert checked > 80
    # An HTMX request is told to go there too, instead of swapping in a redirect.
    response = client.get(reverse("examples:browse"), headers={"HX-Request": "true"})
    assert response["HX-Redirect"] == enrolment


@pytest.mark.parametrize("role", ["manager", "organisation admin"])
def test_after_enrolling_they_can_go_on(client, client_org, role):
    extra = {"manager": True} if role == "manager" else {"is_organisation_admin": True}
    member = make_member(client_org, mfa=False, **extra)
    assert _password_step(client, member)["Location"] == reverse("examples:browse")
    page = client.get(reverse("examples:browse"), follow=True)
    assert page.redirect_chain[-1][0] == reverse("mfa_activate_totp")
    with translation.override("nl"):
        notice = translation.gettext(
            "Partnership managers and organisation admins sign in with a second step. "
            "Set up your authenticator app to continue."
        )
    assert notice in page.content.decode()

    _enrol(client)

    assert client.get(reverse("examples:browse")).status_code == 200
    assert Authenticator.objects.filter(user=member, type=Authenticator.Type.TOTP).exists()
    # The notice that MFA was turned on goes out through the task queue.
    assert mail.outbox == []
    run_worker()
    assert [message.to for message in mail.outbox] == [[member.email]]


def test_an_unenrolled_manager_can_still_sign_out_and_switch_language(client, client_org):
    manager = make_member(client_org, manager=True, mfa=False)
    client.force_login(manager)
    response = client.post(
        reverse("partnership:set_language"), {"language": "en", "next": "/accounts/2fa/"}
    )
    assert response.status_code == 302
    assert client.get(reverse("mfa_index")).status_code == 200
    assert client.post(reverse("account_logout")).status_code == 302
    assert client.get(reverse("examples:browse"))["Location"].startswith(reverse("account_login"))


def test_a_member_does_not_have_to_enrol(login, client_member):
    assert login(client_member).get(reverse("examples:browse")).status_code == 200


def test_a_member_may_enrol_and_then_signs_in_with_a_code(client, client_member):
    _password_step(client, client_member)
    secret = _enrol(client)
    client.post(reverse("account_logout"))

    response = _password_step(client, client_member)
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session  # the password alone is not enough
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert response["Location"] == reverse("examples:browse")
    assert client.get(reverse("examples:browse")).status_code == 200


def test_a_manager_signs_in_with_a_totp_code(client, manager):
    response = _password_step(client, manager)
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get(reverse("examples:browse")).status_code == 302  # not signed in yet
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(TOTP_SECRET)})
    assert response["Location"] == reverse("examples:browse")
    assert client.get(reverse("examples:moderation")).status_code == 200


@pytest.mark.parametrize("code", ["000000", "12345", "abcdef", "", "1" * 200, "<script>"])
def test_a_wrong_totp_code_is_refused_with_a_message(client, manager, code):
    if code == totp_code(TOTP_SECRET):
        code = "999999" if code != "999999" else "888888"
    _password_step(client, manager)
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 200
    assert "code" in response.context["form"].errors
    assert client.get(reverse("examples:browse")).status_code == 302


def test_a_recovery_code_signs_in_too(client, manager):
    codes = RecoveryCodes(
        Authenticator.objects.get(user=manager, type=Authenticator.Type.RECOVERY_CODES)
    ).get_unused_codes()
    _password_step(client, manager)
    response = client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert response["Location"] == reverse("examples:browse")


def test_those_who_must_use_mfa_cannot_turn_it_off(client, manager):
    _password_step(client, manager)
    client.post(reverse("mfa_authenticate"), {"code": totp_code(TOTP_SECRET)})
    _reauthenticate(client)
    response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 200  # the form again, with allauth's refusal
    assert response.context["form"].errors
    assert Authenticator.objects.filter(user=manager, type=Authenticator.Type.TOTP).exists()


def test_a_member_who_chose_mfa_can_turn_it_off(client, client_member):
    _password_step(client, client_member)
    _enrol(client)
    # Removing a factor asks for the password again first.
    assert client.post(reverse("mfa_deactivate_totp"))["Location"].startswith(
        reverse("account_reauthenticate")
    )
    _reauthenticate(client)
    response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 302
    assert not Authenticator.objects.filter(
        user=client_member, type=Authenticator.Type.TOTP
    ).exists()


def test_an_admin_appointed_again_after_removing_their_app_must_enrol_again(client, partner_org):
    """The session's note that its admin enrolled goes when they stop being one."""
    admin = make_member(partner_org, is_organisation_admin=True)
    client.force_login(admin)
    assert client.get(reverse("examples:browse")).status_code == 200
    admin.is_organisation_admin = False
    admin.save(update_fields=["is_organisation_admin"])
    assert client.get(reverse("examples:browse")).status_code == 200
    # As a member they may remove their authenticator app; then they are appointed again.
    Authenticator.objects.filter(user=admin).delete()
    admin.is_organisation_admin = True
    admin.save(update_fields=["is_organisation_admin"])

    response = client.get(reverse("examples:browse"))

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_a_member_appointed_admin_is_sent_to_enrolment_on_their_next_request(
    login, partner_admin, partner_member
):
    member_client = Client()
    member_client.force_login(partner_member)
    assert member_client.get(reverse("examples:browse")).status_code == 200
    url = reverse(
        "people:change_member",
        args=[partner_member.organisation.slug, partner_member.pk, "appoint"],
    )
    login(partner_admin).post(url)

    response = member_client.get(reverse("examples:browse"))

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_the_admins_login_form_does_not_skip_the_second_step(client, manager):
    """The Django admin's own login page sends to the platform's sign-in (password, then TOTP)."""
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": manager.email, "password": PASSWORD},
        REMOTE_ADDR="10.9.9.9",
    )

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302
    # Through the sign-in page, the password leads to the code.
    assert _password_step(client, manager)["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session


def test_a_signed_in_manager_still_reaches_the_admin(client, manager):
    client.force_login(manager)
    assert client.get("/admin/login/?next=/admin/").status_code == 302
    assert client.get("/admin/").status_code == 200
