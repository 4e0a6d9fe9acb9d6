from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BehavioursConfig(AppConfig):
    name = "behaviours"
    verbose_name = _("Behaviours")

    def ready(self) -> None:
        from behaviours import signals

        signals.connect()
