"""A partnership manager without MFA is sent to enrolment, enrols, and then signs in with a code."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from partnership.models import User
from tests.browser.conftest import PASSWORD, fill_login_form
from tests.factories import make_member, totp_code


def _password_step(page: Page, user: User) -> None:
    page.goto("/accounts/login/")
    fill_login_form(page, user.email, PASSWORD)


def test_a_manager_enrols_on_first_sign_in_and_then_signs_in_with_a_code(
    transactional_db: None, page: Page, client_org
):
    manager = make_member(
        client_org,
        name="Nina Nieuw",
        email="nina@energie-noord.example",
        password=PASSWORD,
        manager=True,
        mfa=False,
    )
    _password_step(page, manager)
    # Every page sends a manager without MFA to enrolment.
    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/$"))
    page.goto("/moderation/")
    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/$"))

    # The page shows the secret for an app without a camera; the test is that app.
    secret = page.locator("#authenticator_secret").input_value()
    assert re.fullmatch(r"[A-Z2-7]{16,}", secret)
    page.locator('input[name="code"]').fill(totp_code(secret))
    page.locator('form:has(input[name="code"]) [type="submit"]').first.click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/recovery-codes/$"))
    page.goto("/moderation/")
    expect(page).to_have_url(re.compile(r"/moderation/$"))

    page.locator('form[action="/accounts/logout/"] button[type="submit"]').click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))

    # Signing in again: the password, then the code from the app.
    _password_step(page, manager)
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/$"))
    page.locator('input[name="code"]').fill("000000" if totp_code(secret) != "000000" else "111111")
    page.locator('form:has(input[name="code"]) [type="submit"]').first.click()
    expect(page.locator(".errorlist, [role=alert], ul.errorlist").first).to_be_visible()
    page.locator('input[name="code"]').fill(totp_code(secret))
    page.locator('form:has(input[name="code"]) [type="submit"]').first.click()
    expect(page).to_have_url(re.compile(r"/$"))
    page.goto("/moderation/")
    expect(page).to_have_url(re.compile(r"/moderation/$"))
