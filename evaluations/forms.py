"""Forms of the evaluation cycle."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from evaluations.models import (
    QUESTION_LIMIT,
    TEXT_LIMIT,
    Action,
    Concern,
    Evaluation,
    Outcome,
    PartnerProfile,
)
from examples.forms import OrganisationsField
from partnership.models import Organisation, User

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _organisations() -> Any:
    return Organisation.objects.active()


class OutcomeForm(forms.ModelForm[Outcome]):
    note = forms.CharField(
        label=_("Note on the status"),
        max_length=TEXT_LIMIT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Dated and kept in the outcome's history. Needed when the status changes."),
    )

    class Meta:
        model = Outcome
        fields = ["title", "success", "owners", "status"]
        field_classes = {"owners": OrganisationsField}
        widgets = {
            "owners": forms.CheckboxSelectMultiple,
            "success": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owners"].queryset = _organisations()  # type: ignore[attr-defined]
        self.fields["owners"].error_messages["required"] = _("Tick at least one organisation.")

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        status_changed = not self.instance.pk or cleaned.get("status") != self.instance.status
        if status_changed and not cleaned.get("note"):
            self.add_error("note", _("Say in a line why the outcome has this status."))
        return cleaned


class ParkForm(forms.Form):
    question = forms.CharField(
        label=_("Your question for the evaluation"),
        max_length=QUESTION_LIMIT,
        help_text=_("One line: what should the meeting talk about?"),
        error_messages={"required": _("Write the question for the meeting.")},
    )


class EvaluationForm(forms.ModelForm[Evaluation]):
    organisations = OrganisationsField(
        queryset=Organisation.objects.none(),
        label=_("Organisations taking part"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick at least one organisation.")},
    )

    class Meta:
        model = Evaluation
        fields = ["held_on", "period_start", "period_end", "organisations"]
        widgets = {"held_on": DATE, "period_start": DATE, "period_end": DATE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisations"].queryset = _organisations()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        start: date | None = cleaned.get("period_start")
        end: date | None = cleaned.get("period_end")
        if start and end and start > end:
            self.add_error("period_end", _("The period must end after it starts."))
        if start and end and (end - start).days > 3 * 366:
            self.add_error("period_start", _("Look back at most three years."))
        return cleaned


class SummaryForm(forms.Form):
    summary = forms.CharField(
        label=_("Summary of the meeting"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Write the summary first.")},
    )


class DecisionForm(forms.Form):
    text = forms.CharField(
        label=_("Decision"),
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Write the decision.")},
    )


class ActionForm(forms.ModelForm[Action]):
    class Meta:
        model = Action
        fields = ["what", "organisation", "person", "due_on"]
        widgets = {"due_on": DATE}

    def __init__(self, *args: Any, evaluation: Evaluation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = evaluation.organisations.all()  # type: ignore[attr-defined]
        self.fields["person"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            is_active=True, organisation__in=evaluation.organisations.all()
        )


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Action.Status.choices)


class NoteForm(forms.Form):
    body = forms.CharField(
        label=_("Dated note"),
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Write the note.")},
    )


class ConcernForm(forms.ModelForm[Concern]):
    class Meta:
        model = Concern
        fields = ["organisations", "what_happened", "wish"]
        field_classes = {"organisations": OrganisationsField}
        widgets = {
            "organisations": forms.CheckboxSelectMultiple,
            "what_happened": forms.Textarea(attrs={"rows": 4}),
            "wish": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "what_happened": _(
                "About how the organisations work together, not about a person. Only you, the "
                "partnership managers and the admins of the organisations you name can read it."
            )
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisations"].queryset = _organisations()  # type: ignore[attr-defined]
        self.fields["organisations"].error_messages["required"] = _(
            "Tick the organisations concerned."
        )


class ConcernStatusForm(forms.ModelForm[Concern]):
    class Meta:
        model = Concern
        fields = ["status", "resolution_note"]
        widgets = {"resolution_note": forms.Textarea(attrs={"rows": 3})}

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if cleaned.get("status") == Concern.Status.RESOLVED and not cleaned.get("resolution_note"):
            self.add_error("resolution_note", _("Say how the concern was resolved."))
        return cleaned


class ProfileForm(forms.ModelForm[PartnerProfile]):
    class Meta:
        model = PartnerProfile
        fields = [
            "priorities",
            "needs",
            "can_do",
            "cannot_do",
            "strengths",
            "visionary",
            "project_lead",
            "process_person",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in ["priorities", "needs", "can_do", "cannot_do", "strengths"]
        }
