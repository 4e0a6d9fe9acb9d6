from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = _("People and onboarding")

    def ready(self) -> None:
        from partnership.services import member_changed, organisation_left
        from people import receivers

        member_changed.connect(receivers.record_member_change, dispatch_uid="people.member")
        organisation_left.connect(receivers.record_organisation_left, dispatch_uid="people.left")
