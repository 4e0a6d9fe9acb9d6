"""Writes of the evaluation cycle: each one transaction, validated before it is saved."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from behaviours.models import FiguresVersion
from evaluations.models import (
    Action,
    Concern,
    Decision,
    Evaluation,
    EvaluationNote,
    Outcome,
    OutcomeStatusChange,
    ParkedItem,
    PartnerProfile,
)
from evaluations.pack import build_pack
from examples.models import Comment, Example

if TYPE_CHECKING:
    from partnership.models import Organisation, User


# --- Outcomes ---------------------------------------------------------------------------------


@transaction.atomic
def create_outcome(
    *, title: str, success: str, owners: Iterable[Organisation], status: str, note: str, by: User
) -> Outcome:
    """A new agreed outcome, with its first dated status in the history."""
    outcome = Outcome(title=title, success=success, status=status)
    outcome.full_clean()
    outcome.save()
    outcome.owners.set(owners)
    change = OutcomeStatusChange(outcome=outcome, status=status, note=note, changed_by=by)
    change.full_clean()
    change.save()
    # The browse filter offers the outcomes: its cached form is keyed by the structure version.
    FiguresVersion.bump("structure")
    return outcome


@transaction.atomic
def edit_outcome(
    *,
    outcome: Outcome,
    title: str,
    success: str,
    owners: Iterable[Organisation],
    status: str,
    note: str,
    by: User,
) -> Outcome:
    """Change an outcome; a change of status is recorded with its dated note."""
    locked = Outcome.objects.select_for_update().get(pk=outcome.pk)
    status_changed = locked.status != status
    locked.title, locked.success, locked.status = title, success, status
    locked.full_clean()
    locked.save()
    locked.owners.set(owners)
    FiguresVersion.bump("structure")
    if status_changed or note:
        change = OutcomeStatusChange(outcome=locked, status=status, note=note, changed_by=by)
        change.full_clean()
        change.save()
    return locked


# --- Parking ----------------------------------------------------------------------------------


@transaction.atomic
def park_item(*, item: Example | Comment | Concern, question: str, by: User) -> ParkedItem:
    """Put an example, comment or concern on the next evaluation's agenda with a question."""
    parked = ParkedItem(question=question, parked_by=by)
    if isinstance(item, Example):
        parked.example = item
    elif isinstance(item, Comment):
        parked.comment = item
    else:
        parked.concern = item
        if item.status in (Concern.Status.OPEN, Concern.Status.IN_DISCUSSION):
            Concern.objects.filter(pk=item.pk).update(
                status=Concern.Status.PARKED, updated_at=timezone.now()
            )
    parked.full_clean()
    parked.save()
    return parked


# --- Evaluation moments -----------------------------------------------------------------------


@transaction.atomic
def schedule_evaluation(
    *,
    held_on: date,
    period_start: date,
    period_end: date,
    organisations: Iterable[Organisation],
    by: User,
) -> Evaluation:
    evaluation = Evaluation(
        held_on=held_on, period_start=period_start, period_end=period_end, created_by=by
    )
    evaluation.full_clean()
    evaluation.save()
    evaluation.organisations.set(organisations)
    return evaluation


def _open_for_changes(evaluation: Evaluation) -> Evaluation:
    """The evaluation, locked; a closed one refuses changes (a correction is a dated note)."""
    locked = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    if locked.is_closed:
        raise ValidationError(
            _("This evaluation is closed; add a dated note instead."), code="closed"
        )
    return locked


@transaction.atomic
def record_summary(*, evaluation: Evaluation, summary: str) -> Evaluation:
    locked = _open_for_changes(evaluation)
    locked.summary = summary
    locked.full_clean()
    locked.save(update_fields=["summary"])
    return locked


@transaction.atomic
def add_decision(*, evaluation: Evaluation, text: str) -> Decision:
    locked = _open_for_changes(evaluation)
    decision = Decision(evaluation=locked, text=text)
    decision.full_clean()
    decision.save()
    return decision


@transaction.atomic
def add_action(
    *,
    evaluation: Evaluation,
    what: str,
    organisation: Organisation,
    due_on: date,
    person: User | None = None,
) -> Action:
    locked = _open_for_changes(evaluation)
    action = Action(
        evaluation=locked, what=what, organisation=organisation, person=person, due_on=due_on
    )
    action.full_clean()
    action.save()
    return action


@transaction.atomic
def set_action_status(*, action: Action, status: str, on: date | None = None) -> Action:
    """Open, done (dated, so the history can tell whether it was on time) or dropped."""
    locked = Action.objects.select_for_update().get(pk=action.pk)
    locked.status = status
    locked.done_on = (on or timezone.localdate()) if status == Action.Status.DONE else None
    locked.full_clean()
    locked.save()
    return locked


@transaction.atomic
def close_evaluation(*, evaluation: Evaluation) -> Evaluation:
    """Freeze the pack as the meeting saw it; the parked items waiting are now discussed.

    The snapshot is what the pack shows from now on, so later edits, hides or new examples
    never rewrite it. There is no way back: a correction is a dated note.
    """
    locked = _open_for_changes(evaluation)
    locked.snapshot = build_pack(locked)
    locked.status = Evaluation.Status.CLOSED
    locked.closed_at = timezone.now()
    locked.full_clean()
    locked.save()
    ParkedItem.objects.waiting().filter(parked_at__lte=locked.closed_at).update(evaluation=locked)
    return locked


@transaction.atomic
def add_evaluation_note(*, evaluation: Evaluation, body: str, by: User) -> EvaluationNote:
    note = EvaluationNote(evaluation=evaluation, body=body, author=by)
    note.full_clean()
    note.save()
    return note


# --- Concerns ---------------------------------------------------------------------------------


@transaction.atomic
def raise_concern(
    *, author: User, organisations: Iterable[Organisation], what_happened: str, wish: str
) -> Concern:
    """A concern about how organisations work together; nobody is notified of it."""
    concern = Concern(author=author, what_happened=what_happened, wish=wish)
    concern.full_clean()
    concern.save()
    concern.organisations.set(organisations)
    return concern


@transaction.atomic
def update_concern(*, concern: Concern, status: str, resolution_note: str) -> Concern:
    locked = Concern.objects.select_for_update().get(pk=concern.pk)
    locked.status = status
    locked.resolution_note = resolution_note
    locked.full_clean()
    locked.save()
    return locked


# --- Partner profiles -------------------------------------------------------------------------


@transaction.atomic
def save_profile(*, organisation: Organisation, by: User, **fields: Any) -> PartnerProfile:
    """A new dated version of the organisation's profile; earlier versions stay."""
    profile = PartnerProfile(organisation=organisation, edited_by=by, **fields)
    profile.full_clean()
    profile.save()
    return profile
