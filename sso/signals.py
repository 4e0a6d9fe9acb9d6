"""Partnership managers configure identity providers: their group gets this app's permissions."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group, Permission
from django.db.models.signals import post_migrate
from django.dispatch import receiver

from partnership.models import MODERATOR_GROUP


# After every app's post_migrate, like partnership's own receiver: the permissions of this app
# exist only once its post_migrate has run.
@receiver(post_migrate, dispatch_uid="sso.managers_configure_identity_providers")
def managers_configure_identity_providers(**kwargs: Any) -> None:
    """Partnership managers may view, add and change identity providers (never delete them)."""
    group, _created = Group.objects.get_or_create(name=MODERATOR_GROUP)
    wanted = Permission.objects.filter(content_type__app_label="sso").exclude(
        codename__startswith="delete_"
    )
    group.permissions.add(*wanted)
