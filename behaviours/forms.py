from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from behaviours.dashboards import PERIOD_PRESETS, SITE_TZ, DashboardFilters, Period
from behaviours.models import Behaviour
from partnership.models import Organisation

DEFAULT_PERIOD = "90"


def _last_days(days: int) -> str:
    return gettext("Last %(days)d days") % {"days": days}


# Formatting a lazy string at import would fix its language for every member; translate per request.
_last_days_lazy = lazy(_last_days, str)
# Ten years of weekly buckets is already more than a chart can show; a longer range is a typo.
MAX_CUSTOM_DAYS = 3660
EARLIEST_DAY = date(2000, 1, 1)


class DashboardFilterForm(forms.Form):
    """The dashboard filters, all in the query string so a view can be shared and bookmarked."""

    period = forms.ChoiceField(
        label=_("Period"),
        required=False,
        choices=[
            *((str(days), _last_days_lazy(days)) for days in PERIOD_PRESETS),
            ("custom", _("Custom range")),
        ],
    )
    date_from = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    date_to = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.active(),
        to_field_name="slug",
        required=False,
        empty_label=_("All organisations"),
    )
    behaviour = forms.ModelChoiceField(
        label=_("Behaviour"),
        queryset=Behaviour.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All behaviours"),
    )

    def active_filter_labels(self) -> list[str]:
        """The filters in use, in words, for the collapsed filters' summary on a phone."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        period = dict(self.fields["period"].choices).get(data.get("period", ""))  # type: ignore[attr-defined]
        labels = [str(period)] if period and data.get("period") != "custom" else []
        labels += [str(data[name]) for name in ("organisation", "behaviour") if data.get(name)]
        return labels

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        # Show the period actually used when the URL names none, so the form matches the page.
        if data is not None and not data.get("period"):
            data = data.copy()
            has_dates = data.get("date_from") or data.get("date_to")
            data["period"] = "custom" if has_dates else DEFAULT_PERIOD
        super().__init__(data, **kwargs)

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        period = cleaned.get("period")
        date_from: date | None = cleaned.get("date_from")
        date_to: date | None = cleaned.get("date_to")
        if period == "custom":
            if date_from is None and "date_from" not in self.errors:
                self.add_error("date_from", _("Choose the first day of the range."))
            if date_to is None and "date_to" not in self.errors:
                self.add_error("date_to", _("Choose the last day of the range."))
            if date_from and date_to:
                if date_from > date_to:
                    self.add_error("date_to", _("The last day must not come before the first."))
                elif (date_to - date_from).days + 1 > MAX_CUSTOM_DAYS:
                    self.add_error("date_to", _("Choose a range of at most ten years."))
                elif date_from < EARLIEST_DAY:
                    self.add_error("date_from", _("Choose a first day in this century."))
                elif date_to > timezone.localdate(timezone=SITE_TZ) + timedelta(days=366):
                    self.add_error("date_to", _("Choose a last day within the next year."))
        return cleaned

    def filters(self) -> DashboardFilters:
        """The validated filters; call only after is_valid()."""
        data = self.cleaned_data
        if data["period"] == "custom":
            period = Period(data["date_from"], data["date_to"])
        else:
            period = Period.last_days(int(data["period"]))
        return DashboardFilters(period, data.get("organisation"), data.get("behaviour"))
