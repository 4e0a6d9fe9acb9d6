from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class EmailStepForm(forms.Form):
    """The sign-in page's first step: the address decides between password and provider."""

    # Named like allauth's login field, so the password step and axes read the same name.
    login = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
