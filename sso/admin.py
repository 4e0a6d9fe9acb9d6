"""Partnership managers configure an organisation's identity provider in the Django admin."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from sso.models import IdentityProvider

if TYPE_CHECKING:
    from django.contrib.admin.options import _FieldsetSpec
    from django.http import HttpRequest


class IdentityProviderForm(forms.ModelForm[IdentityProvider]):
    server_url = forms.URLField(
        label=_("issuer URL"),
        max_length=500,
        assume_scheme="https",
        help_text=IdentityProvider._meta.get_field("server_url").help_text,
    )
    # Never shown again once saved; left empty on the change page, the saved secret stays.
    client_secret = forms.CharField(
        label=_("client secret"),
        required=False,
        max_length=500,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=_("Leave empty to keep the secret that is saved."),
    )

    class Meta:
        model = IdentityProvider
        fields = (
            "organisation",
            "name",
            "server_url",
            "client_id",
            "client_secret",
            "trust_email",
            "enabled",
        )

    def clean_client_secret(self) -> str:
        secret: str = self.cleaned_data.get("client_secret", "")
        if secret:
            return secret
        if self.instance.pk:
            return self.instance.client_secret
        raise forms.ValidationError(_("Enter the client secret the provider gave you."))


def callback_url(request: HttpRequest, provider_id: str) -> str:
    """The redirect URI to register at the provider for this organisation."""
    path = reverse("openid_connect_callback", kwargs={"provider_id": provider_id})
    return request.build_absolute_uri(path)


@admin.register(IdentityProvider)
class IdentityProviderAdmin(admin.ModelAdmin[IdentityProvider]):
    form = IdentityProviderForm
    list_display = ("name", "organisation", "server_url", "enabled")
    list_select_related = ("organisation",)
    list_filter = ("enabled",)
    search_fields = ("name", "organisation__name", "server_url")

    def get_fieldsets(
        self, request: HttpRequest, obj: IdentityProvider | None = None
    ) -> _FieldsetSpec:
        if obj is None:
            example = callback_url(request, "org-SLUG")
            where = format_html(
                "{} <code>{}</code>",
                _("At the provider, register this redirect URI (SLUG is the organisation's slug):"),
                example,
            )
            first: tuple[str, ...] = ("organisation", "name")
        else:
            where = format_html(
                "{} <code>{}</code>",
                _("At the provider, register this redirect URI:"),
                callback_url(request, obj.provider_id),
            )
            first = ("organisation", "name", "provider_id")
        return [
            (None, {"fields": first, "description": where}),
            (
                _("The provider"),
                {"fields": ("server_url", "client_id", "client_secret", "trust_email", "enabled")},
            ),
        ]

    def get_readonly_fields(
        self, request: HttpRequest, obj: IdentityProvider | None = None
    ) -> tuple[str, ...]:
        # The provider ID (in the registered redirect URI) follows from the organisation.
        return ("organisation", "provider_id") if obj is not None else ()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Switched off with "enabled", never deleted: linked accounts refer to it.
        return False
