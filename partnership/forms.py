from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class LanguageForm(forms.Form):
    """The language switch: only the languages the platform is translated into."""

    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
