from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from notifications.mentions import check_mention_limit
from notifications.models import Category, Frequency


class PreferencesForm(forms.Form):
    """One frequency per category; the managers' categories only for partnership managers.

    The attention summary is one weekly mail or none: an opt-in, so it offers only those two.
    """

    def __init__(self, *args: Any, categories: Sequence[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for category in categories:
            self.fields[category] = forms.ChoiceField(
                label=Category(category).label, choices=Frequency.choices
            )
        if Category.ATTENTION in self.fields:
            self.fields[Category.ATTENTION] = forms.ChoiceField(
                label=Category.ATTENTION.label,
                choices=[
                    (Frequency.WEEKLY, _("Every Monday")),
                    (Frequency.NEVER, Frequency.NEVER.label),
                ],
                help_text=_(
                    "Silent organisations, behaviour gaps and one-way recognition from the "
                    "dashboards, only about organisations large enough for their figures to be "
                    "shown; not sent in a week when nothing asks for attention."
                ),
            )


NOTE = forms.CharField(
    label=_("What did you change? (for the partnership managers)"),
    required=False,
    max_length=2000,
    widget=forms.Textarea(attrs={"rows": 3}),
)


class ResubmitExampleForm(forms.Form):
    title = forms.CharField(label=_("title"), max_length=200)
    what_happened = forms.CharField(
        label=_("what happened and what someone did"), max_length=20000, widget=forms.Textarea
    )
    partnership_impact = forms.CharField(
        label=_("what it did for the partnership"),
        max_length=10000,
        required=False,
        widget=forms.Textarea,
    )
    note = NOTE

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        try:
            check_mention_limit(
                cleaned.get("what_happened", ""), cleaned.get("partnership_impact", "")
            )
        except forms.ValidationError as error:
            self.add_error("what_happened", error)
        return cleaned


class ResubmitCommentForm(forms.Form):
    body = forms.CharField(
        label=_("comment"),
        max_length=5000,
        widget=forms.Textarea,
        validators=[check_mention_limit],
    )
    note = NOTE


class DecideReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("restore", _("Restore")), ("keep", _("Keep hidden"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason (the author reads it)"), max_length=2000, widget=forms.Textarea
    )


class ResolveItemForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[("hidden", _("Hide it")), ("no_action", _("No action needed"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Note"), max_length=2000, widget=forms.Textarea)
