"""Invitations, bulk-import drafts and the audit trail of an organisation's people.

A separate app above `partnership`: the user and organisation models stay the foundation every
app reads, while the workflows that change who belongs to an organisation (and the record of
who changed it) live here, beside the pages organisation admins use.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partnership.models import Organisation, User


def hash_token(token: str) -> str:
    """What is stored of a link's token: its SHA-256, so a database leak opens no account."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def new_token() -> tuple[str, str]:
    """A fresh (token, hash): the token goes in the mail, only the hash is kept."""
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def pending(self) -> InvitationQuerySet:
        """Pending and not yet expired: the ones a link can still be accepted for."""
        return self.filter(status=Invitation.Status.PENDING).exclude(expires_at__lte=timezone.now())

    def open(self) -> InvitationQuerySet:
        """Pending, expired or not: what an admin may resend or revoke."""
        return self.filter(status=Invitation.Status.PENDING)

    def for_people_page(self) -> InvitationQuerySet:
        return self.select_related("invited_by").order_by("-created_at", "-pk")


class Invitation(models.Model):
    """An invitation to join one organisation, sent by an admin or asked for by the person.

    The link's token is stored hashed (`token_hash`); the worker that mails the link makes a
    new token each time it sends, so only the newest mail's link works. Expired is not stored:
    a pending invitation past `expires_at` is expired.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        ACCEPTED = "accepted", _("accepted")
        REVOKED = "revoked", _("revoked")

    class Kind(models.TextChoices):
        INVITATION = "invitation", _("invitation")
        SELF_SIGNUP = "self_signup", _("self sign-up")

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="invitations",
    )
    email = models.EmailField(_("email address"))
    display_name = models.CharField(_("name"), max_length=120)
    job_title = models.CharField(_("job title"), max_length=120, blank=True)
    language = models.CharField(
        _("language"), max_length=2, choices=User.Language.choices, default=User.Language.DUTCH
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.INVITATION)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    # Empty until the first mail is sent: nothing can be accepted before that.
    token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    invited_by = models.ForeignKey(
        User,
        verbose_name=_("invited by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    send_count = models.PositiveIntegerField(_("mails sent"), default=0)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    member = models.ForeignKey(
        User,
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            # One open invitation per address on the whole platform: an address joins one
            # organisation, and a second admin's invitation cannot race the first.
            models.UniqueConstraint(
                fields=["email"],
                condition=models.Q(status="pending"),
                name="people_one_open_invitation_per_address",
            ),
            models.UniqueConstraint(
                fields=["token_hash"],
                condition=~models.Q(token_hash=""),
                name="people_unique_token_hash",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    @property
    def is_expired(self) -> bool:
        return bool(self.expires_at and self.expires_at <= timezone.now())

    @property
    def state(self) -> str:
        """pending, accepted, revoked or expired: what the people page and the link say."""
        if self.status == self.Status.PENDING and self.is_expired:
            return "expired"
        return str(self.status)

    @property
    def can_be_accepted(self) -> bool:
        return self.status == self.Status.PENDING and bool(self.token_hash) and not self.is_expired

    def issue_token(self) -> str:
        """A new link (the previous one stops working), valid for INVITATION_EXPIRY_DAYS."""
        token, self.token_hash = new_token()
        now = timezone.now()
        self.sent_at = now
        self.expires_at = now + timedelta(days=settings.INVITATION_EXPIRY_DAYS)
        self.send_count += 1
        return token


class ImportDraft(models.Model):
    """A checked CSV upload waiting for the admin's confirmation; used at most once.

    The preview is kept here, not in the form, so the confirmation sends exactly what the admin
    saw and cannot be edited on the way; `key` is random, and only its uploader may use it.
    """

    key = models.CharField(max_length=64, unique=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    file_name = models.CharField(max_length=255, blank=True)
    rows = models.JSONField(default=list)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("import preview")
        verbose_name_plural = _("import previews")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.organisation})"


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def for_people_page(self) -> AuditEntryQuerySet:
        return self.select_related("actor").order_by("-created_at", "-pk")

    def update(self, **kwargs: Any) -> int:
        raise TypeError("The audit trail is append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError("The audit trail is append-only.")


class AuditEntry(models.Model):
    """One change to an organisation's people: who did what to whom, and when. Append-only."""

    class Action(models.TextChoices):
        INVITED = "invited", _("invited")
        RESENT = "resent", _("sent the invitation again")
        REVOKED = "revoked", _("revoked the invitation")
        ACCEPTED = "accepted", _("accepted the invitation")
        SIGNUP_REQUESTED = "signup_requested", _("asked to join (self sign-up)")
        IMPORTED = "imported", _("imported a list")
        DEACTIVATED = "deactivated", _("deactivated")
        REACTIVATED = "reactivated", _("reactivated")
        ADMIN_APPOINTED = "admin_appointed", _("made organisation admin")
        ADMIN_REMOVED = "admin_removed", _("removed as organisation admin")
        DESCRIPTION_EDITED = "description_edited", _("edited the description")
        LEFT_PARTNERSHIP = "left_partnership", _("took the organisation out of the partnership")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="people_audit"
    )
    actor = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    action = models.CharField(max_length=24, choices=Action.choices)
    subject = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    # The address or name the action concerned, as it was then (an invitee has no account).
    subject_label = models.CharField(max_length=254, blank=True)
    detail = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("people audit entry")
        verbose_name_plural = _("people audit trail")
        indexes = [models.Index(fields=["organisation", "-created_at"], name="people_audit_org")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.subject_label}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise TypeError("The audit trail is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise TypeError("The audit trail is append-only.")
