from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def ensure_moderator_group(**kwargs: Any) -> None:
    """Keep the partnership managers' group and its permissions in place after every migrate."""
    from django.contrib.auth.models import Group, Permission

    from partnership.models import MODERATOR_GROUP

    group, _created = Group.objects.get_or_create(name=MODERATOR_GROUP)
    wanted = Permission.objects.filter(
        content_type__app_label__in=["examples", "behaviours", "partnership"],
    ).exclude(codename__startswith="delete_")
    group.permissions.add(*wanted)


class PartnershipConfig(AppConfig):
    name = "partnership"
    verbose_name = _("Partnership")

    def ready(self) -> None:
        # Not tied to one sender: the examples app's permissions exist only after its own
        # post_migrate, so the group is topped up after every app's.
        post_migrate.connect(ensure_moderator_group, dispatch_uid="ensure_moderator_group")

        from partnership import language, sessions
        from partnership import logging as security_logging

        security_logging.connect_signal_handlers()
        sessions.connect_signal_handlers()
        language.connect_signal_handlers()
