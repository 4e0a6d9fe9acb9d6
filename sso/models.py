"""An organisation's own OpenID Connect identity provider (for instance its Entra ID tenant).

A partnership manager configures it in the Django admin. The platform hands it to
django-allauth's `openid_connect` provider as an app that lives only in memory
(`IdentityProvider.as_social_app`, listed by `sso.adapter`): this row is the one place the
configuration is kept, so nothing can drift out of sync. Which organisation a sign-in belongs
to is read from this row (through the app's `provider_id`), never from what the provider
claims.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from allauth.socialaccount.models import SocialApp
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from partnership.models import Organisation

# allauth's provider class every organisation's app uses.
OPENID_CONNECT = "openid_connect"
# Hosts where a plain-http issuer is allowed: a provider on the same machine (tests, demos).
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}


def provider_id_for(organisation: Organisation) -> str:
    """The allauth provider id of an organisation's identity provider: part of its callback URL."""
    return f"org-{organisation.slug}"[:60]


class IdentityProviderQuerySet(models.QuerySet["IdentityProvider"]):
    def enabled(self) -> IdentityProviderQuerySet:
        """Switched on, for an organisation that is still part of the partnership."""
        return self.filter(enabled=True, organisation__active=True)

    def origins(self) -> list[str]:
        """The scheme and host of each issuer (where the sign-in forms' redirects lead)."""
        found = set()
        for url in self.values_list("server_url", flat=True):
            parts = urlsplit(url)
            found.add(f"{parts.scheme}://{parts.netloc}")
        return sorted(found)

    def for_email(self, email: str) -> IdentityProvider | None:
        """The enabled provider of the organisation that verified this address's domain."""
        domain = email.strip().lower().rpartition("@")[2]
        if not domain:
            return None
        return (
            self.enabled()
            .filter(organisation__domains__domain=domain)
            .select_related("organisation")
            .first()
        )


class IdentityProvider(models.Model):
    organisation = models.OneToOneField(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="identity_provider",
    )
    name = models.CharField(
        _("name on the sign-in button"),
        max_length=120,
        help_text=_("For example: Energie Noord (Microsoft Entra ID)"),
    )
    server_url = models.URLField(
        _("issuer URL"),
        max_length=500,
        help_text=_(
            "The provider's issuer; its /.well-known/openid-configuration is read from there. "
            "Microsoft Entra ID: https://login.microsoftonline.com/TENANT-ID/v2.0"
        ),
    )
    client_id = models.CharField(_("client ID"), max_length=255)
    client_secret = models.CharField(_("client secret"), max_length=500)
    trust_email = models.BooleanField(
        _("the provider's addresses are verified"),
        default=False,
        help_text=_(
            "Accept the e-mail claim when the provider sends no email_verified claim, as "
            "Microsoft Entra ID does. Only for an issuer of the organisation's own tenant "
            "(never a multi-tenant one): its administrators decide the addresses."
        ),
    )
    enabled = models.BooleanField(
        _("enabled"),
        default=True,
        help_text=_(
            "Switched off, the organisation's people sign in with a password again (they can "
            "ask for a new one on the sign-in page)."
        ),
    )
    # Part of the redirect URI registered at the provider: fixed once created.
    provider_id = models.SlugField(_("provider ID"), max_length=60, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = IdentityProviderQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("identity provider")
        verbose_name_plural = _("identity providers")

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.provider_id:
            self.provider_id = provider_id_for(self.organisation)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        self.server_url = self.server_url.strip().rstrip("/")
        parts = urlsplit(self.server_url)
        if parts.scheme != "https" and parts.hostname not in LOOPBACK_HOSTS:
            raise ValidationError({"server_url": _("The issuer URL must start with https://.")})
        if parts.query or parts.fragment:
            raise ValidationError(
                {"server_url": _("The issuer URL has no query string or fragment.")}
            )

    def as_social_app(self) -> SocialApp:
        """The allauth app for this provider, never saved: this row is its only record."""
        return SocialApp(
            provider=OPENID_CONNECT,
            provider_id=self.provider_id,
            name=self.name,
            client_id=self.client_id,
            secret=self.client_secret,
            settings={
                "server_url": self.server_url,
                # Only the e-mail step of the sign-in page leads to it, never a list of buttons.
                "hidden": True,
                "oauth_pkce_enabled": True,
            },
        )
