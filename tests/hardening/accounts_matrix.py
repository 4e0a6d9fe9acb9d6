"""The accounts' rows of the access matrix (tests/hardening/test_access_matrix.py): allauth.

Sign-in, password reset and change, MFA, the member's sessions and profile, and the identity
provider pages. Signed-out visitors reach only the pages in PUBLIC; every other one sends them
to sign in. A signed-in member who opens the sign-in page is sent on (302).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tests.hardening.test_access_matrix import Case, World

PUBLIC = {
    "account_login",
    "account_logout",
    "account_inactive",
    "account_signup",
    "account_reset_password",
    "account_reset_password_done",
    "account_reset_password_from_key",
    "account_reset_password_from_key_done",
    "account_confirm_email",
    "account_email_verification_sent",
    "account_confirm_login_code",
    "mfa_authenticate",
    "socialaccount_login_cancelled",
    "socialaccount_login_error",
    "socialaccount_signup",
    "openid_connect_login",
    "openid_connect_callback",
}


def expectations(case: type[Case], rule: Any) -> dict[str, list[Case]]:
    """The rows, built with the matrix's own Case and Rule classes."""
    page = rule(get=200, post=405)
    form = rule(get=200, post=200)  # an empty or wrong post re-renders the form
    for_anonymous = rule(get={"anonymous": 200, "*": 302}, post={"anonymous": 200, "*": 302})
    signed_out_only = rule(get={"anonymous": 302, "*": 302}, post={"anonymous": 302, "*": 302})
    no_provider = rule(get=404, post=404)
    # Managers and organisation admins have enrolled in MFA (as they must); the others have not.
    # allauth asks for the password again (a redirect) before showing or changing a factor,
    # and has nothing to show (404) about a factor the member does not have.
    enrolled = ("manager", "partner_admin", "other_admin")

    def per_factor(enrolled_status: int, others: int) -> dict[str, int]:
        return {**dict.fromkeys(enrolled, enrolled_status), "*": others}

    factor_page = rule(get=per_factor(302, 404), post=per_factor(302, 404))

    def wrong_login(w: World) -> dict[str, Any]:
        return {"login": "nobody@example.test", "password": "wrong-password"}

    def bad_link(w: World) -> dict[str, Any]:
        return {"uidb36": "1", "key": "bad-token"}

    def provider(w: World) -> dict[str, Any]:
        return {"provider_id": "no-such-provider"}

    return {
        "account_login": [case("login", for_anonymous, data=wrong_login)],
        # Signed out, there is nothing to sign out of: on to the sign-in page.
        "account_logout": [case("logout", rule(get={"anonymous": 302, "*": 200}, post=302))],
        "account_inactive": [case("inactive", page)],
        "account_signup": [case("closed", for_anonymous)],
        "account_reauthenticate": [case("reauthenticate", form)],
        "account_request_reauthentication_code": [case("code", signed_out_only)],
        "account_confirm_reauthentication_code": [case("code", signed_out_only)],
        "account_email": [case("email", no_provider)],
        "account_email_verification_sent": [case("sent", page)],
        "account_change_password": [case("change", form)],
        "account_set_password": [case("set", signed_out_only)],
        "account_reset_password": [
            case("reset", rule(get=200, post=302), data=lambda w: {"email": "nobody@example.test"})
        ],
        "account_confirm_login_code": [case("code", signed_out_only)],
        "account_confirm_email": [
            case("bad key", rule(get=200, post=404), kwargs=lambda w: {"key": "bad-key"})
        ],
        "account_reset_password_from_key_done": [case("done", page)],
        # A broken link says so with a 400, whatever the method.
        "account_reset_password_from_key": [
            case("bad link", rule(get=400, post=400), kwargs=bad_link)
        ],
        "account_reset_password_done": [case("done", page)],
        "mfa_index": [case("index", page)],
        "mfa_authenticate": [case("no login in progress", signed_out_only)],
        "mfa_reauthenticate": [
            case("reauthenticate", rule(get=per_factor(200, 302), post=per_factor(200, 302)))
        ],
        # Enrolled: on to turning it off (which asks for the password first).
        "mfa_activate_totp": [case("activate", rule(get=302, post=302))],
        "mfa_deactivate_totp": [case("deactivate", factor_page)],
        "mfa_view_recovery_codes": [case("view", rule(get=per_factor(302, 404), post=405))],
        "mfa_generate_recovery_codes": [case("generate", rule(get=302, post=302))],
        "mfa_download_recovery_codes": [case("download", factor_page)],
        "socialaccount_login_cancelled": [case("cancelled", page)],
        # Only reached from a failed provider sign-in: otherwise back to sign in, or a 401.
        "socialaccount_login_error": [
            case(
                "error",
                rule(get={"anonymous": 302, "*": 401}, post={"anonymous": 302, "*": 405}),
            )
        ],
        "socialaccount_signup": [case("no signup in progress", signed_out_only)],
        "socialaccount_connections": [case("connections", form)],
        "openid_connect_login": [case("unknown provider", no_provider, kwargs=provider)],
        "openid_connect_callback": [case("unknown provider", no_provider, kwargs=provider)],
        "usersessions_list": [case("sessions", rule(get=200, post=302))],
        "partnership:profile": [
            case(
                "profile",
                rule(get=200, post=302),
                data=lambda w: {
                    "display_name": "Nieuwe naam",
                    "job_title": "Teamleider",
                    "preferred_language": "nl",
                },
            )
        ],
    }
