from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms

from notifications.models import Category, Frequency


class PreferencesForm(forms.Form):
    """One frequency per category; the managers' category only for partnership managers."""

    def __init__(self, *args: Any, categories: Sequence[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for category in categories:
            self.fields[category] = forms.ChoiceField(
                label=Category(category).label, choices=Frequency.choices
            )
