from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "evaluations"
    verbose_name = _("Evaluation cycle")

    def ready(self) -> None:
        # Importing the module connects its receivers (evaluations/receivers.py).
        from evaluations import receivers  # noqa: F401
