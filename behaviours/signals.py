"""Keep FiguresVersion moving with every change that can alter a dashboard figure."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save


def bump_figures_version(**kwargs: Any) -> None:
    if kwargs.get("raw"):  # loaddata: the command that loads data bumps once at the end
        return
    from behaviours.models import FiguresVersion

    FiguresVersion.bump()


def connect() -> None:
    from behaviours.models import Behaviour
    from examples.models import Comment, Example, Reaction, Report
    from partnership.models import Organisation, ServiceArea, User

    for model in (Example, Comment, Reaction, Report, User, Organisation, Behaviour, ServiceArea):
        uid = f"figures-version-{model._meta.label_lower}"
        post_save.connect(bump_figures_version, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(bump_figures_version, sender=model, dispatch_uid=f"{uid}-delete")
    m2m_changed.connect(
        bump_figures_version,
        sender=Example.recognised_organisations.through,
        dispatch_uid="figures-version-recognised",
    )
