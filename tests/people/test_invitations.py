"""Inviting one person, the mail the worker sends, and accepting (or not) the link."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from partnership.models import User
from people import services
from people.models import AuditEntry, Invitation, hash_token
from tests.factories import make_member
from tests.people.conftest import link_token, send_queued_mail
from tests.worker import queued

pytestmark = pytest.mark.django_db

GOOD_PASSWORD = "kabel-lantaarn-vijver-42"


def _invite(admin, email="nina@datacenter.example", language="nl", **extra):
    return services.invite(
        organisation=admin.organisation,
        email=email,
        display_name=extra.pop("display_name", "Nina Nieuw"),
        job_title=extra.pop("job_title", "Netwerkbeheerder"),
        language=language,
        invited_by=admin,
    )


def _accept_url(token: str) -> str:
    return reverse("people:accept", args=[token])


def test_an_invitation_is_mailed_by_the_worker_not_in_the_request(login, partner_admin):
    client = login(partner_admin)
    url = reverse("people:invite", args=[partner_admin.organisation.slug])
    data = {
        "email": "Nina@DataCenter.example",
        "display_name": "Nina",
        "job_title": "",
        "language": "en",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    assert mail.outbox == []  # nothing sent inside the request
    assert len(queued("people.tasks.send_invitation")) == 1
    outbox = send_queued_mail()
    assert [m.to for m in outbox] == [["nina@datacenter.example"]]
    message = outbox[0]
    assert "invites you" in message.body  # English, the invitee's language
    html = message.alternatives[0][0]
    assert 'lang="en"' in html and "/invitations/" in html
    invitation = Invitation.objects.get()
    token = link_token(message.body)
    # Only the token's hash is stored.
    assert invitation.token_hash == hash_token(token) and token not in invitation.token_hash
    assert invitation.expires_at - timezone.now() > timedelta(days=13)


def test_the_mail_is_in_dutch_for_a_dutch_invitee(partner_admin):
    _invite(partner_admin, language="nl")
    (message,) = send_queued_mail()
    assert "nodigt je uit" in message.body
    assert "Uitnodiging" in message.subject or "uitgenodigd" in message.subject


def test_accepting_creates_the_account_in_the_organisation_signs_in_and_welcomes(
    client, partner_admin, behaviour
):
    _invite(partner_admin)
    (message,) = send_queued_mail()
    url = _accept_url(link_token(message.body))
    page = client.get(url)
    assert page.status_code == 200 and "Nina Nieuw" in page.content.decode()
    response = client.post(url, {"password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("people:welcome")
    user = User.objects.get(email="nina@datacenter.example")
    assert user.organisation == partner_admin.organisation
    assert (user.display_name, user.job_title) == ("Nina Nieuw", "Netwerkbeheerder")
    assert user.check_password(GOOD_PASSWORD) and not user.is_organisation_admin
    welcome = client.get(response["Location"]).content.decode()
    assert "Deel je eerste voorbeeld" in welcome and reverse("examples:new") in welcome
    assert "Eigenaarschap" in welcome
    assert AuditEntry.objects.filter(action="accepted", subject=user).exists()
    # The link was one use.
    again = client.get(url)
    assert again.status_code == 410 and "al gebruikt" in again.content.decode()


def test_a_weak_password_is_refused_and_nothing_is_created(client, partner_admin):
    _invite(partner_admin)
    (message,) = send_queued_mail()
    url = _accept_url(link_token(message.body))
    response = client.post(url, {"password1": "12345678", "password2": "12345678"})
    assert response.status_code == 422
    assert not User.objects.filter(email="nina@datacenter.example").exists()
    response = client.post(url, {"password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD + "x"})
    assert response.status_code == 422


@pytest.mark.parametrize("state", ["expired", "revoked"])
def test_an_expired_or_revoked_link_says_so_with_410(client, partner_admin, state):
    invitation = _invite(partner_admin)
    (message,) = send_queued_mail()
    if state == "expired":
        Invitation.objects.filter(pk=invitation.pk).update(
            expires_at=timezone.now() - timedelta(minutes=1)
        )
    else:
        services.revoke_invitation(invitation=invitation, by=partner_admin)
    url = _accept_url(link_token(message.body))
    for response in (
        client.get(url),
        client.post(url, {"password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD}),
    ):
        assert response.status_code == 410
        assert "nieuwe uitnodiging" in response.content.decode()
    assert not User.objects.filter(email=invitation.email).exists()


def test_an_unknown_or_tampered_link_is_404_with_a_friendly_page(client, partner_admin):
    _invite(partner_admin)
    (message,) = send_queued_mail()
    token = link_token(message.body)
    response = client.get(_accept_url(token[:-2] + ("AA" if token[-2:] != "AA" else "BB")))
    assert response.status_code == 404
    assert "nieuwe uitnodiging" in response.content.decode()


def test_resending_mails_a_new_link_and_the_old_one_stops_working(client, partner_admin):
    invitation = _invite(partner_admin)
    (first,) = send_queued_mail()
    services.resend_invitation(invitation=invitation, by=partner_admin)
    second = send_queued_mail()[-1]
    assert client.get(_accept_url(link_token(first.body))).status_code == 404
    assert client.get(_accept_url(link_token(second.body))).status_code == 200
    assert list(AuditEntry.objects.values_list("action", flat=True).order_by("pk")) == [
        "invited",
        "resent",
    ]


def test_a_revoked_invitation_is_not_mailed_by_a_late_worker(partner_admin):
    invitation = _invite(partner_admin)
    services.revoke_invitation(invitation=invitation, by=partner_admin)
    assert send_queued_mail() == []


def test_accepting_twice_at_once_makes_one_account(partner_admin):
    invitation = _invite(partner_admin)
    send_queued_mail()
    invitation.refresh_from_db()
    services.accept_invitation(invitation, password=GOOD_PASSWORD)
    with pytest.raises(services.InvitationUnavailable):
        services.accept_invitation(invitation, password=GOOD_PASSWORD)
    assert User.objects.filter(email=invitation.email).count() == 1


def test_accepting_without_a_password_is_for_single_sign_on(partner_admin):
    invitation = _invite(partner_admin)
    send_queued_mail()
    found = services.pending_invitation(
        email="NINA@datacenter.example", organisation=partner_admin.organisation
    )
    assert found == invitation
    user = services.accept_invitation(found, password=None)
    assert not user.has_usable_password()
    assert (
        services.pending_invitation(email=invitation.email, organisation=partner_admin.organisation)
        is None
    )


def test_inviting_a_member_says_already_a_member_only_to_their_own_admin(
    login, partner_admin, partner_member, other_partner_org
):
    own = login(partner_admin).post(
        reverse("people:invite", args=[partner_admin.organisation.slug]),
        {"email": partner_member.email, "display_name": "X", "language": "nl"},
    )
    assert own.status_code == 422
    assert "al deelnemer" in own.content.decode()

    other_admin = make_member(other_partner_org, is_organisation_admin=True)
    other = Client()
    other.force_login(other_admin)
    response = other.post(
        reverse("people:invite", args=[other_partner_org.slug]),
        {"email": partner_member.email, "display_name": "X", "language": "nl"},
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert "kan niet worden uitgenodigd" in page
    assert "al deelnemer" not in page and partner_admin.organisation.name not in page
    assert Invitation.objects.count() == 0


def test_an_address_invited_elsewhere_cannot_be_invited_without_saying_why(
    partner_admin, other_partner_org
):
    _invite(partner_admin)
    other_admin = make_member(other_partner_org, is_organisation_admin=True)
    with pytest.raises(services.Refused) as refused:
        _invite(other_admin)
    assert "kan niet worden uitgenodigd" in refused.value.message


def test_an_expired_invitation_elsewhere_does_not_hold_the_address_forever(
    partner_admin, other_partner_org
):
    """An address no organisation has verified (gmail, say) can be invited again once the
    other organisation's link has expired; that organisation's trail says what happened."""
    old = _invite(partner_admin, email="nina@gmail.example")
    Invitation.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(days=1))
    other_admin = make_member(other_partner_org, is_organisation_admin=True)
    new = _invite(other_admin, email="nina@gmail.example")
    assert new.organisation == other_partner_org
    old.refresh_from_db()
    assert old.status == Invitation.Status.REVOKED
    assert AuditEntry.objects.filter(
        organisation=partner_admin.organisation,
        action=AuditEntry.Action.REVOKED,
        subject_label="nina@gmail.example",
    ).exists()
    # The other organisation's own expired invitation is still theirs to resend.
    again = _invite(partner_admin, email="late@gmail.example")
    Invitation.objects.filter(pk=again.pk).update(expires_at=timezone.now() - timedelta(days=1))
    with pytest.raises(services.Refused):
        _invite(partner_admin, email="late@gmail.example")


def test_acceptance_is_throttled_per_address(client, settings, partner_admin):
    settings.INVITATION_ATTEMPTS_PER_ADDRESS = 3
    for _ in range(3):
        assert client.get(_accept_url("no-such-token")).status_code == 404
    assert client.get(_accept_url("no-such-token")).status_code == 429


def test_the_audit_trail_is_append_only(partner_admin):
    _invite(partner_admin)
    entry = AuditEntry.objects.get()
    with pytest.raises(TypeError):
        entry.save()
    with pytest.raises(TypeError):
        entry.delete()
    with pytest.raises(TypeError):
        AuditEntry.objects.all().delete()
    with pytest.raises(TypeError):
        AuditEntry.objects.update(detail="x")


def test_a_link_for_an_address_that_has_an_account_meanwhile_says_to_sign_in(client, partner_admin):
    invitation = _invite(partner_admin)
    (message,) = send_queued_mail()
    make_member(partner_admin.organisation, email=invitation.email)  # made some other way

    url = _accept_url(link_token(message.body))
    response = client.post(url, {"password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD})

    assert response.status_code == 410
    page = response.content.decode()
    assert "Deze uitnodiging kan niet meer worden aangenomen" in page
    assert "Deze link kennen we niet" not in page
