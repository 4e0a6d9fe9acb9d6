from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _


class LanguageForm(forms.Form):
    """The language switch: only the languages the platform is translated into."""

    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)


class MemberAuthenticationForm(AuthenticationForm):
    """The login form: members sign in with their e-mail address, whatever its case."""

    def clean_username(self) -> str:
        return str(self.cleaned_data["username"]).strip().lower()


class PasswordResetRequestForm(PasswordResetForm):
    """Asks for a reset mail without looking the address up: the worker does that.

    So an address with an account and one without cost the request the same work (an insert
    into the task queue), and the answer gives nothing away.
    """

    def clean_email(self) -> str:
        return str(self.cleaned_data["email"]).strip().lower()
