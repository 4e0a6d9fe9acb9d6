"""Forms of the examples app: posting, filtering, commenting, reporting and moderating."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from examples.models import Comment, Report

# --- Discussion, reports and moderation (example detail page and moderation queue) ---

REASON_MAX_LENGTH = 2000


class CommentForm(forms.ModelForm):
    """A plain-text comment; the template escapes it and keeps its line breaks."""

    class Meta:
        model = Comment
        fields = ["body"]
        labels = {"body": _("Your comment")}
        widgets = {"body": forms.Textarea(attrs={"rows": 4})}
        error_messages = {
            "body": {
                "required": _("Write something before you post your comment."),
                "max_length": _(
                    "A comment can be at most %(limit_value)d characters (it has %(show_value)d)."
                ),
            }
        }


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("What is wrong with it?"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only partnership managers read this."),
        error_messages={"required": _("Tell the partnership managers why you report this.")},
    )


class ModerationReasonForm(forms.Form):
    """The reason a moderator gives for hiding or restoring; the author sees it."""

    reason = forms.CharField(
        label=_("Reason"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The author sees this reason."),
        error_messages={"required": _("Give a reason; the author will see it.")},
    )


class ResolveReportForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=Report.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose an outcome.")},
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("When the item is hidden, its author sees this note as the reason."),
        error_messages={"required": _("Add a short note about your decision.")},
    )
