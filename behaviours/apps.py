from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BehavioursConfig(AppConfig):
    name = "behaviours"
    verbose_name = _("Behaviours")

    def import_models(self) -> None:
        super().import_models()
        # The dashboards' daily rollups live beside the code that keeps and reads them.
        import_module("behaviours.dashboards.rollups")

    def ready(self) -> None:
        from behaviours import signals
        from behaviours.dashboards import upkeep

        signals.connect()
        upkeep.connect()
