from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from partnership.models import Organisation, User
from people.models import Invitation


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    display_name = forms.CharField(label=_("Name"), max_length=120)
    job_title = forms.CharField(label=_("Job title"), max_length=120, required=False)
    language = forms.ChoiceField(
        label=_("Language of the invitation"), choices=User.Language.choices, initial="nl"
    )


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Columns: e-mail, name, job title, language (nl or en), with a header line; "
            "separated by ; or , and saved as UTF-8 (Excel: “CSV UTF-8”)."
        ),
    )


class DescriptionForm(forms.ModelForm[Organisation]):
    class Meta:
        model = Organisation
        fields = ["description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class AcceptForm(forms.Form):
    """The new member's password, checked by the site's password validators."""

    password1 = forms.CharField(
        label=_("Choose a password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("The same password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, invitation: Invitation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.invitation = invitation

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        elif first:
            # Compared with the account it will be: not like the name or the address.
            future = User(email=self.invitation.email, display_name=self.invitation.display_name)
            try:
                password_validation.validate_password(first, future)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class JoinForm(forms.Form):
    email = forms.EmailField(label=_("Your work e-mail address"), max_length=254)
    display_name = forms.CharField(label=_("Your name"), max_length=120)
