from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SsoConfig(AppConfig):
    name = "sso"
    verbose_name = _("Single sign-on")

    def ready(self) -> None:
        # Connects the receiver that gives partnership managers this app's permissions.
        from sso import signals  # noqa: F401
