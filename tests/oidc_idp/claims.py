"""The claims the test identity provider hands out for a user."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User

# Members of this group have an address the provider has not verified (email_verified false).
UNVERIFIED_EMAIL_GROUP = "unverified-email"


def userinfo(claims: dict[str, Any], user: User) -> dict[str, Any]:
    """OIDC_USERINFO: standard claims from Django's user (first/last name, e-mail)."""
    claims["name"] = user.get_full_name()
    claims["given_name"] = user.first_name
    claims["family_name"] = user.last_name
    claims["email"] = user.email
    claims["email_verified"] = not user.groups.filter(name=UNVERIFIED_EMAIL_GROUP).exists()
    return claims
