"""Single sign-on tests run against a real OpenID Connect provider (tests/oidc_idp)."""

from __future__ import annotations

from tests.oidc_idp import oidc_idp

__all__ = ["oidc_idp"]
