"""An agreed outcome's title is shown on the pages of the examples contributing to it, whose
head is a cached fragment keyed by the "structure" version (examples/caching.py): renaming or
removing an outcome moves that version, as renaming a member or an organisation does."""

from __future__ import annotations

from functools import partial

from django.db.models.signals import post_delete, post_save

from behaviours.signals import bump_figures_version
from evaluations.models import Outcome

_bump_structure = partial(bump_figures_version, "structure")
post_save.connect(
    _bump_structure, sender=Outcome, weak=False, dispatch_uid="outcome-structure-save"
)
post_delete.connect(
    _bump_structure, sender=Outcome, weak=False, dispatch_uid="outcome-structure-delete"
)
