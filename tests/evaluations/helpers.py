"""Data for the evaluation cycle's tests, made through its services."""

from __future__ import annotations

from datetime import date
from typing import Any

from evaluations import services
from evaluations.models import Concern, Evaluation, Outcome
from partnership.models import Organisation, User


def make_outcome(by: User, owners: list[Organisation], **extra: Any) -> Outcome:
    return services.create_outcome(
        title=extra.pop("title", "Incidents solved together within a day"),
        success=extra.pop("success", "90% of P1 incidents closed within 24 hours."),
        owners=owners,
        status=extra.pop("status", Outcome.Status.ON_TRACK),
        note=extra.pop("note", "Agreed at the kick-off."),
        by=by,
    )


def make_evaluation(by: User, organisations: list[Organisation], **extra: Any) -> Evaluation:
    return services.schedule_evaluation(
        held_on=extra.pop("held_on", date(2026, 4, 10)),
        period_start=extra.pop("period_start", date(2026, 1, 1)),
        period_end=extra.pop("period_end", date(2026, 3, 31)),
        organisations=organisations,
        by=by,
    )


def make_concern(author: User, organisations: list[Organisation], **extra: Any) -> Concern:
    return services.raise_concern(
        author=author,
        organisations=organisations,
        what_happened=extra.pop("what_happened", "Changes land without notice on Fridays."),
        wish=extra.pop("wish", "Announce changes a week ahead."),
    )
