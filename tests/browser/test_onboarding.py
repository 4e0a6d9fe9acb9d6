"""An organisation admin onboards fifty colleagues with one upload and one confirmation; one of
them reads the invitation from a real SMTP server, sets a password and lands on the welcome."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from behaviours.models import Behaviour
from partnership.models import Organisation, User
from people.models import Invitation
from tests.browser.conftest import PASSWORD, fill_login_form
from tests.factories import make_member, totp_code
from tests.people.conftest import link_token
from tests.worker import run_worker

pytestmark = pytest.mark.browser


def sign_in_with_totp(page: Page, user: User) -> None:
    """Password, then the authenticator app's code: organisation admins must use MFA."""
    page.goto(reverse("account_login"))
    fill_login_form(page, user.email, PASSWORD)
    page.locator('input[name="code"]').fill(totp_code())
    page.locator('input[name="code"]').press("Enter")
    expect(page).to_have_url(re.compile(r"/$"))


def test_an_admin_onboards_fifty_people_and_one_of_them_joins(
    page: Page,
    partner_org: Organisation,
    browser_behaviour: Behaviour,
    smtp_server,
    tmp_path: Path,
) -> None:
    admin = make_member(
        partner_org,
        name="Ada Admin",
        email="ada@datacenter.example",
        password=PASSWORD,
        is_organisation_admin=True,
    )
    rows = [f"mens{n}@datacenter.example;Mens {n};Monteur;nl" for n in range(50)]
    csv_file = tmp_path / "mensen.csv"
    csv_file.write_bytes(("\ufeffe-mail;naam;functie;taal\r\n" + "\r\n".join(rows)).encode())

    sign_in_with_totp(page, admin)
    page.goto(partner_org.get_absolute_url())
    page.locator("#people-link").click()
    expect(page).to_have_url(re.compile(r"/people/$"))
    page.locator('input[type="file"][name="file"]').set_input_files(str(csv_file))
    page.get_by_role("button", name="Toon het voorbeeld").click()

    # The preview: every row, nothing sent yet.
    expect(page.locator('#import-preview tr[data-outcome="new"]')).to_have_count(50)
    assert Invitation.objects.count() == 0
    page.get_by_role("button", name="Verstuur 50 uitnodigingen").click()
    expect(page.locator("#messages")).to_contain_text("50 uitnodigingen zijn onderweg")
    expect(page.locator("#invitations tbody tr")).to_have_count(50)

    run_worker()  # the task worker `make run` starts beside the web server
    assert len(smtp_server.messages) == 50
    message = next(m for m in smtp_server.messages if m["To"] == "mens7@datacenter.example")
    text = message.get_body(preferencelist=("plain",)).get_content()
    token = link_token(text)

    page.context.clear_cookies()  # the invitee, in their own browser
    page.goto(f"/invitations/{token}/")
    expect(page.get_by_role("heading", name="Welkom, Mens 7")).to_be_visible()
    page.locator("#id_password1").fill("kabel-lantaarn-vijver-42")
    page.locator("#id_password2").fill("kabel-lantaarn-vijver-42")
    page.get_by_role("button", name="Meedoen").click()

    expect(page).to_have_url(re.compile(r"/welcome/$"))
    expect(page.locator(".welcome")).to_be_visible()
    expect(page.locator("#welcome-behaviours")).to_contain_text("Eigenaarschap")
    expect(page.get_by_role("button", name="Deel je eerste voorbeeld")).to_be_visible()
    member = User.objects.get(email="mens7@datacenter.example")
    assert member.organisation == partner_org and member.job_title == "Monteur"
