from __future__ import annotations

from typing import Any

from allauth.account.forms import ResetPasswordForm
from django import forms
from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from partnership.accounts import request_password_reset
from partnership.models import User


class LanguageForm(forms.Form):
    """The language switch: only the languages the platform is translated into."""

    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)


class PasswordResetRequestForm(ResetPasswordForm):  # type: ignore[misc]  # allauth ships no types
    """allauth's reset request, without looking the address up: the worker does that.

    So an address with an account and one without cost the request the same work (an insert
    into the task queue), and the answer gives nothing away.
    """

    def clean_email(self) -> str:
        self.users: list[User] = []
        return str(self.cleaned_data["email"]).strip().lower()

    def save(self, request: HttpRequest, **kwargs: Any) -> str:
        email = str(self.cleaned_data["email"])
        request_password_reset(request, email=email)
        return email


class ProfileForm(forms.ModelForm[User]):
    """What a member keeps up to date about themselves."""

    class Meta:
        model = User
        fields = ["display_name", "job_title", "preferred_language"]
