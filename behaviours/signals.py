"""Keep FiguresVersion moving with every change that can alter a cached figure or fragment.

Each receiver only queues a bump of its kind for after the commit (FiguresVersion.
bump_after_commit): a write never waits on, or locks, the one shared row.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save

# This module is imported by BehavioursConfig.ready(), when every app's models are loaded.
from behaviours.models import Behaviour, FiguresVersion
from examples.models import Comment, Example, Reaction, Report
from partnership.models import Organisation, ServiceArea, User

# Of a member, only these fields move a figure or a cached card or comment (which show the
# name); a login saves last_login and must not throw every cached panel away.
MEMBER_FIELDS_IN_FIGURES = frozenset({"is_active", "organisation", "display_name"})


def bump_figures_version(kind: str, **kwargs: Any) -> None:
    if kwargs.get("raw"):  # loaddata: the command that loads data bumps once at the end
        return
    if kwargs.get("action", "post_").startswith("pre_"):  # m2m_changed fires before and after
        return
    update_fields = kwargs.get("update_fields")
    sender = kwargs.get("sender")
    if (
        update_fields is not None
        and sender is not None
        and sender._meta.label_lower == "partnership.user"
        and not MEMBER_FIELDS_IN_FIGURES & set(update_fields)
    ):
        return
    FiguresVersion.bump_after_commit(kind)


def connect() -> None:
    kinds = {
        Example: "examples",
        Comment: "comments",
        Reaction: "reactions",
        Report: "reports",
        User: "structure",
        Organisation: "structure",
        Behaviour: "structure",
        ServiceArea: "structure",
    }
    for model, kind in kinds.items():
        uid = f"figures-version-{model._meta.label_lower}"
        receiver = partial(bump_figures_version, kind)
        post_save.connect(receiver, sender=model, weak=False, dispatch_uid=f"{uid}-save")
        post_delete.connect(receiver, sender=model, weak=False, dispatch_uid=f"{uid}-delete")
    m2m_changed.connect(
        partial(bump_figures_version, "examples"),
        sender=Example.recognised_organisations.through,
        weak=False,
        dispatch_uid="figures-version-recognised",
    )
