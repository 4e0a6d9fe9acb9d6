"""Writes on an organisation's people: invitations, acceptance, imports, roles, deactivation.

Every change is recorded in the append-only audit trail (AuditEntry) in the same transaction.
Mail is never sent here: the invitation mail is a task queued after the commit
(people/tasks.py), which makes the link's token.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partnership.access import holds_moderator_role, is_moderator
from partnership.models import Organisation, OrganisationDomain, User
from partnership.services import deactivate_members
from people.csvimport import Row, classify, rows_from_draft
from people.models import AuditEntry, ImportDraft, Invitation, hash_token
from people.tasks import send_invitation


class Refused(Exception):
    """The change cannot be made; `message` says why, to the admin who asked."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvitationUnavailable(Exception):
    """The invitation cannot be accepted (used, revoked, expired, or the address has joined)."""


def record(
    *,
    organisation: Organisation,
    actor: User | None,
    action: str,
    subject: User | None = None,
    label: str = "",
    detail: str = "",
) -> AuditEntry:
    """Add one line to the organisation's audit trail."""
    return AuditEntry.objects.create(
        organisation=organisation,
        actor=actor,
        action=action,
        subject=subject,
        subject_label=label or (subject.email if subject else ""),
        detail=detail[:500],
    )


def lapse_expired_elsewhere(*, email: str, organisation: Organisation) -> None:
    """Close another organisation's expired invitation of this address, so it can be invited.

    One open invitation per address is the database's rule; an expired link must not hold an
    address forever. The other organisation's trail says what happened.
    """
    expired = (
        Invitation.objects.open()
        .select_for_update()
        .filter(email=email, expires_at__lte=timezone.now())
        .exclude(organisation=organisation)
    )
    for invitation in expired:
        invitation.status = Invitation.Status.REVOKED
        invitation.save(update_fields=["status"])
        record(
            organisation=invitation.organisation,
            actor=None,
            action=AuditEntry.Action.REVOKED,
            label=invitation.email,
            detail=_("expired, and the address was invited by another organisation"),
        )


def _queue_mail(invitation: Invitation) -> None:
    transaction.on_commit(partial(send_invitation.enqueue, invitation_id=invitation.pk))


def find_invitation(token: str) -> Invitation | None:
    """The invitation a link's token belongs to, whatever its state; None for an unknown one."""
    if not token or len(token) > 100:
        return None
    return (
        Invitation.objects.select_related("organisation", "invited_by")
        .filter(token_hash=hash_token(token))
        .first()
    )


def pending_invitation(*, email: str, organisation: Organisation) -> Invitation | None:
    """The invitation of this address to this organisation that can still be accepted.

    For single sign-on: a first SSO sign-in with this verified address accepts it
    (`accept_invitation(invitation, password=None)`).
    """
    return (
        Invitation.objects.pending()
        .filter(email=email.strip().lower(), organisation=organisation)
        .exclude(token_hash="")
        .first()
    )


def address_outcome(*, email: str, organisation: Organisation) -> str:
    """What inviting this address to `organisation` would do: see csvimport.OUTCOMES."""
    row = Row(line=0, email=email.strip().lower(), name="x", job_title="", language="nl")
    (row,) = classify([row], organisation)
    return row.outcome


@transaction.atomic
def invite(
    *,
    organisation: Organisation,
    email: str,
    display_name: str,
    job_title: str = "",
    language: str = "nl",
    invited_by: User,
) -> Invitation:
    """Invite one person; Refused (nothing written) when the address cannot be invited.

    Only the organisation's own admins and managers hear that an address is already theirs;
    for an address with an account or an invitation elsewhere the answer does not say why.
    """
    email = email.strip().lower()
    outcome = address_outcome(email=email, organisation=organisation)
    if outcome == "member":
        raise Refused(
            _("%(email)s is already a member of %(organisation)s.")
            % {"email": email, "organisation": organisation.name}
        )
    if outcome == "invited":
        raise Refused(
            _("%(email)s has a pending invitation already: resend it below.") % {"email": email}
        )
    if outcome == "other_domain":
        raise Refused(
            _("%(email)s is an address at another organisation's domain.") % {"email": email}
        )
    if outcome != "new":
        raise Refused(_("%(email)s cannot be invited.") % {"email": email})
    invitation = Invitation(
        organisation=organisation,
        email=email,
        display_name=display_name.strip(),
        job_title=job_title.strip(),
        language=language,
        invited_by=invited_by,
    )
    # The one-open-invitation-per-address constraint is the database's to check, race-free.
    invitation.full_clean(validate_constraints=False)
    lapse_expired_elsewhere(email=email, organisation=organisation)
    try:
        with transaction.atomic():
            invitation.save()
    except IntegrityError as error:  # invited elsewhere a moment ago
        raise Refused(_("%(email)s cannot be invited.") % {"email": email}) from error
    record(
        organisation=organisation, actor=invited_by, action=AuditEntry.Action.INVITED, label=email
    )
    _queue_mail(invitation)
    return invitation


def _lock_open(invitation: Invitation) -> Invitation:
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if locked.status != Invitation.Status.PENDING:
        raise Refused(_("This invitation is no longer pending."))
    return locked


@transaction.atomic
def resend_invitation(*, invitation: Invitation, by: User) -> Invitation:
    """Mail a new link (the old one stops working) with a new expiry."""
    invitation = _lock_open(invitation)
    if User.objects.filter(email=invitation.email).exists():
        raise Refused(_("%(email)s cannot be invited.") % {"email": invitation.email})
    record(
        organisation=invitation.organisation,
        actor=by,
        action=AuditEntry.Action.RESENT,
        label=invitation.email,
    )
    _queue_mail(invitation)
    return invitation


@transaction.atomic
def revoke_invitation(*, invitation: Invitation, by: User) -> Invitation:
    invitation = _lock_open(invitation)
    invitation.status = Invitation.Status.REVOKED
    invitation.save(update_fields=["status"])
    record(
        organisation=invitation.organisation,
        actor=by,
        action=AuditEntry.Action.REVOKED,
        label=invitation.email,
    )
    return invitation


@transaction.atomic
def accept_invitation(invitation: Invitation, *, password: str | None) -> User:
    """Create the invitee's account in the invitation's organisation and close the invitation.

    `password` None makes an account without a password (signed in through the organisation's
    identity provider). Raises InvitationUnavailable when the invitation was used, revoked or
    expired meanwhile, or the address has an account; checked under a lock, so one invitation
    makes one account however many tabs submit it.
    """
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .get(pk=invitation.pk)
    )
    if not invitation.can_be_accepted or not invitation.organisation.active:
        raise InvitationUnavailable
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise InvitationUnavailable
    user = User.objects.create_user(
        email=invitation.email,
        password=password,
        display_name=invitation.display_name or invitation.email.split("@")[0],
        organisation=invitation.organisation,
        job_title=invitation.job_title,
        preferred_language=invitation.language,
    )
    invitation.status = Invitation.Status.ACCEPTED
    invitation.accepted_at = timezone.now()
    invitation.member = user
    # The hash stays, so the used link says "used" (410) rather than "unknown" (404).
    invitation.save(update_fields=["status", "accepted_at", "member"])
    record(
        organisation=invitation.organisation,
        actor=user,
        action=AuditEntry.Action.ACCEPTED,
        subject=user,
    )
    return user


def signup_organisation(email: str) -> Organisation | None:
    """The active organisation that lets this address join on its own, if any."""
    domain = email.strip().lower().rpartition("@")[2]
    found = (
        OrganisationDomain.objects.select_related("organisation")
        .filter(domain=domain, organisation__self_signup=True, organisation__active=True)
        .first()
    )
    return found.organisation if found else None


@transaction.atomic
def join_by_domain(*, email: str, display_name: str, language: str = "nl") -> User:
    """An account, at once, for a verified address at a self-sign-up domain (no password).

    For single sign-on: the identity provider has verified the address, so no mail is needed.
    Raises InvitationUnavailable when no active organisation allows sign-up for the address's
    domain or the address has an account; the organisation comes from the verified domain,
    never from anything the person sends.
    """
    email = email.strip().lower()
    organisation = signup_organisation(email)
    if organisation is None or User.objects.filter(email__iexact=email).exists():
        raise InvitationUnavailable
    user = User.objects.create_user(
        email=email,
        password=None,
        display_name=display_name.strip()[:120] or email.split("@")[0],
        organisation=organisation,
        preferred_language=language if language in dict(settings.LANGUAGES) else "nl",
    )
    record(
        organisation=organisation,
        actor=user,
        action=AuditEntry.Action.ACCEPTED,
        subject=user,
        detail=_("self sign-up"),
    )
    return user


@transaction.atomic
def request_to_join(*, email: str, display_name: str, language: str) -> Invitation | None:
    """A self sign-up: an invitation without an inviter, mailed to the address to confirm it.

    Returns None (and does nothing) unless the address's domain belongs to an organisation
    that allows self sign-up and the address has no account; the visitor is told the same in
    every case. An open invitation to the same organisation is mailed again.
    """
    email = email.strip().lower()
    organisation = signup_organisation(email)
    if organisation is None or User.objects.filter(email__iexact=email).exists():
        return None
    invitation = Invitation.objects.open().filter(email=email).first()
    if invitation is not None:
        if invitation.organisation_id != organisation.pk:
            return None
    else:
        invitation = Invitation(
            organisation=organisation,
            email=email,
            display_name=display_name.strip()[:120],
            language=language if language in dict(settings.LANGUAGES) else "nl",
            kind=Invitation.Kind.SELF_SIGNUP,
        )
        invitation.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                invitation.save()
        except IntegrityError:
            return None
    record(
        organisation=organisation,
        actor=None,
        action=AuditEntry.Action.SIGNUP_REQUESTED,
        label=email,
    )
    _queue_mail(invitation)
    return invitation


# --- CSV imports -------------------------------------------------------------------------


@dataclass
class ImportResult:
    invited: int
    skipped: int


@transaction.atomic
def save_import_draft(
    *, organisation: Organisation, by: User, rows: list[Row], file_name: str
) -> ImportDraft:
    """Keep a checked upload until its uploader confirms it (nothing is sent yet)."""
    return ImportDraft.objects.create(
        key=secrets.token_urlsafe(24),
        organisation=organisation,
        created_by=by,
        rows=[row.as_dict() for row in rows],
        file_name=file_name[:255],
    )


def usable_draft(*, key: str, organisation: Organisation, by: User) -> ImportDraft | None:
    """The uploader's own unconfirmed preview for this organisation, if still fresh."""
    oldest = timezone.now() - timedelta(seconds=settings.PEOPLE_IMPORT_DRAFT_SECONDS)
    return ImportDraft.objects.filter(
        key=key,
        organisation=organisation,
        created_by=by,
        used_at__isnull=True,
        created_at__gt=oldest,
    ).first()


@transaction.atomic
def import_invitations(*, draft: ImportDraft, by: User) -> ImportResult:
    """Invite the preview's new rows, checked again now; the draft is used up (no replay)."""
    claimed = ImportDraft.objects.filter(pk=draft.pk, used_at__isnull=True).update(
        used_at=timezone.now()
    )
    if not claimed:
        raise Refused(_("This list was imported already."))
    organisation = draft.organisation
    rows = classify(rows_from_draft(draft.rows), organisation)
    invited = 0
    for row in rows:
        if row.outcome != "new":
            continue
        invitation = Invitation(
            organisation=organisation,
            email=row.email,
            display_name=row.name,
            job_title=row.job_title,
            language=row.language,
            invited_by=by,
        )
        try:
            invitation.full_clean(validate_constraints=False)
            with transaction.atomic():
                lapse_expired_elsewhere(email=row.email, organisation=organisation)
                invitation.save()
        except (IntegrityError, ValidationError):
            continue  # invalid since the preview, or invited elsewhere meanwhile
        record(
            organisation=organisation,
            actor=by,
            action=AuditEntry.Action.INVITED,
            label=row.email,
            detail=draft.file_name,
        )
        _queue_mail(invitation)
        invited += 1
    record(
        organisation=organisation,
        actor=by,
        action=AuditEntry.Action.IMPORTED,
        label=draft.file_name,
        detail=_("%(invited)s invited, %(skipped)s skipped")
        % {"invited": invited, "skipped": len(rows) - invited},
    )
    return ImportResult(invited=invited, skipped=len(rows) - invited)


# --- Members and roles -------------------------------------------------------------------


def _check_may_change(member: User, by: User) -> None:
    if member.pk == by.pk:
        raise Refused(_("You cannot change your own account here."))
    # A deactivated manager is still one: an admin may not reactivate them either.
    if not is_moderator(by) and (member.is_staff or holds_moderator_role(member)):
        raise Refused(_("Only a partnership manager can change this account."))


@transaction.atomic
def deactivate_member(*, member: User, by: User) -> User:
    """Deactivate (never delete): their sessions end and everything they wrote stays."""
    _check_may_change(member, by)
    deactivate_members(members=User.objects.filter(pk=member.pk))
    member.refresh_from_db()
    assert member.organisation is not None
    record(
        organisation=member.organisation,
        actor=by,
        action=AuditEntry.Action.DEACTIVATED,
        subject=member,
    )
    return member


@transaction.atomic
def reactivate_member(*, member: User, by: User) -> User:
    _check_may_change(member, by)
    if not member.is_active:
        member.is_active = True
        member.save(update_fields=["is_active"])
    assert member.organisation is not None
    record(
        organisation=member.organisation,
        actor=by,
        action=AuditEntry.Action.REACTIVATED,
        subject=member,
    )
    return member


@transaction.atomic
def set_organisation_admin(*, member: User, admin: bool, by: User) -> User:
    """Appoint or remove an organisation admin of the member's own organisation."""
    _check_may_change(member, by)
    if not member.is_active:
        raise Refused(_("A deactivated member cannot be an organisation admin."))
    if member.is_organisation_admin != admin:
        member.is_organisation_admin = admin
        member.save(update_fields=["is_organisation_admin"])
    assert member.organisation is not None
    action = AuditEntry.Action.ADMIN_APPOINTED if admin else AuditEntry.Action.ADMIN_REMOVED
    record(organisation=member.organisation, actor=by, action=action, subject=member)
    return member


@transaction.atomic
def edit_description(*, organisation: Organisation, description: str, by: User) -> Organisation:
    organisation.description = description.strip()
    organisation.full_clean()
    organisation.save(update_fields=["description"])
    record(
        organisation=organisation,
        actor=by,
        action=AuditEntry.Action.DESCRIPTION_EDITED,
        label=organisation.name,
    )
    return organisation
