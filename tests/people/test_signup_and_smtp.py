"""Self sign-up by domain, and the invitation through a real SMTP server."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from partnership.models import OrganisationDomain, User
from people import services
from people.models import AuditEntry, Invitation
from tests.people.conftest import link_token, send_queued_mail
from tests.worker import run_worker

pytestmark = pytest.mark.django_db

GOOD_PASSWORD = "kabel-lantaarn-vijver-42"
SAME_ANSWER = "hebben we er een link naartoe gestuurd"


@pytest.fixture
def open_partner(partner_org):
    partner_org.self_signup = True
    partner_org.save(update_fields=["self_signup"])
    OrganisationDomain.objects.create(organisation=partner_org, domain="datacenter.example")
    return partner_org


def _join(client: Client, email: str, name: str = "Sam Zelf"):
    return client.post(reverse("people:join"), {"email": email, "display_name": name})


def test_a_person_at_a_signup_domain_confirms_by_mail_and_joins(client, open_partner):
    response = _join(client, "Sam@Datacenter.example")
    assert response.status_code == 200 and SAME_ANSWER in response.content.decode()
    (message,) = send_queued_mail()
    invitation = Invitation.objects.get()
    assert (invitation.kind, invitation.invited_by) == ("self_signup", None)
    url = reverse("people:accept", args=[link_token(message.body)])
    response = client.post(url, {"password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD})
    assert response.status_code == 302
    user = User.objects.get(email="sam@datacenter.example")
    assert user.organisation == open_partner and user.display_name == "Sam Zelf"
    assert AuditEntry.objects.filter(action="signup_requested", actor=None).exists()


@pytest.mark.parametrize("case", ["no_signup", "unknown_domain", "has_account"])
def test_the_answer_is_the_same_and_nothing_is_sent_otherwise(
    client, open_partner, partner_member, other_partner_org, case
):
    if case == "no_signup":
        OrganisationDomain.objects.create(organisation=other_partner_org, domain="belnet.example")
        email = "iemand@belnet.example"
    elif case == "unknown_domain":
        email = "iemand@nergens.example"
    else:
        partner_member.email = "piet@datacenter.example"
        partner_member.save(update_fields=["email"])
        email = partner_member.email
    response = _join(client, email)
    assert response.status_code == 200 and SAME_ANSWER in response.content.decode()
    assert send_queued_mail() == []
    assert Invitation.objects.count() == 0


def test_sign_up_is_throttled(client, settings, open_partner):
    settings.SIGNUP_REQUESTS_PER_ADDRESS = 2
    for n in range(2):
        assert _join(client, f"p{n}@datacenter.example").status_code == 200
    assert _join(client, "p9@datacenter.example").status_code == 429


def test_one_address_gets_at_most_three_mails_however_often_it_is_asked(client, open_partner):
    for _ in range(5):
        _join(client, "sam@datacenter.example")
        run_worker()
    assert len(send_queued_mail()) == 3


def test_the_invitation_travels_through_a_real_smtp_server_and_is_accepted(
    smtp_server, client, partner_admin, behaviour
):
    services.invite(
        organisation=partner_admin.organisation,
        email="nina@datacenter.example",
        display_name="Nina Nieuw",
        language="en",
        invited_by=partner_admin,
    )
    run_worker()
    (message,) = smtp_server.messages
    assert message["To"] == "nina@datacenter.example"
    assert "invited" in message["Subject"].lower()
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert 'lang="en"' in html and "Ada Admin invites you" in text
    url = reverse("people:accept", args=[link_token(text)])
    response = client.post(
        url, {"password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("people:welcome")
    assert "Share your first example" in response.content.decode()  # in her language
    assert response.context["user"].email == "nina@datacenter.example"


def test_a_verified_address_at_a_signup_domain_joins_at_once_for_single_sign_on(open_partner):
    user = services.join_by_domain(email="Sso@Datacenter.example", display_name="Sanne Sso")
    assert (user.email, user.organisation) == ("sso@datacenter.example", open_partner)
    assert not user.has_usable_password()
    with pytest.raises(services.InvitationUnavailable):
        services.join_by_domain(email="sso@datacenter.example", display_name="Twice")
    with pytest.raises(services.InvitationUnavailable):
        services.join_by_domain(email="iemand@nergens.example", display_name="Nobody")
