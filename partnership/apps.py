from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnershipConfig(AppConfig):
    name = "partnership"
    verbose_name = _("Partnership")

    def ready(self) -> None:
        # Importing the module connects its receivers (partnership/signals.py); models and
        # auth can only be imported once the app registry is ready, hence here.
        from partnership import auth_cache, signals  # noqa: F401

        auth_cache.connect_signal_handlers()
