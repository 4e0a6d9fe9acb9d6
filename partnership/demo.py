"""The demo accounts `manage.py seed_demo` creates; with DEBUG on the login page lists them."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

DEMO_PASSWORD = "partnership-demo-2026"  # noqa: S105  (published on purpose: demo accounts only)

ADMIN_EMAIL = "admin@partnership.example"
MANAGER_EMAIL = "marieke.devries@energienoord.example"
CLIENT_MEMBER_EMAIL = "jeroen.bakker@energienoord.example"
PARTNER_MEMBER_EMAIL = "sanne.jansen@datacentrumpartners.example"
PARTNER_ADMIN_EMAIL = "mark.vandijk@datacentrumpartners.example"


@dataclass(frozen=True)
class DemoLogin:
    role: str | Promise
    email: str


DEMO_LOGINS = [
    DemoLogin(_("partnership manager"), MANAGER_EMAIL),
    DemoLogin(_("client member"), CLIENT_MEMBER_EMAIL),
    DemoLogin(_("partner member"), PARTNER_MEMBER_EMAIL),
    DemoLogin(_("organisation admin of a partner"), PARTNER_ADMIN_EMAIL),
    DemoLogin(_("admin (superuser)"), ADMIN_EMAIL),
]
