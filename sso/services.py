"""Who a sign-in through an organisation's identity provider is, or why it is refused.

The organisation is the one whose provider the person came back from (the configuration),
never one named by a claim. The provider must vouch for the address (`email_verified`) and the
address must be at one of that organisation's verified domains. Then, in this order:

1. a member of that organisation with that address is linked (an inactive one is refused);
2. a pending invitation to that organisation for that address is accepted (no password);
3. if the organisation allows self sign-up, a member is created in it;
4. otherwise the sign-in is refused, as it is when the address belongs to someone of another
   organisation: nobody is ever created in or linked to another organisation.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _

from partnership.models import OrganisationDomain, User
from people.services import (
    InvitationUnavailable,
    accept_invitation,
    join_by_domain,
    pending_invitation,
)
from sso.models import IdentityProvider


class Refusal(TextChoices):
    NOT_CONFIGURED = "not_configured", _("This sign-in does not belong to an organisation.")
    UNVERIFIED = "unverified", _("Your organisation's sign-in did not confirm your address.")
    OTHER_DOMAIN = "other_domain", _("This address is not one of your organisation's.")
    DEACTIVATED = "deactivated", _("Your account has been deactivated.")
    NO_ACCOUNT = "no_account", _("There is no account for you on the platform yet.")


class SignInRefused(Exception):
    def __init__(self, reason: Refusal) -> None:
        super().__init__(reason.value)
        self.reason = reason


@dataclass(frozen=True)
class Claims:
    """What the provider said about the person (after allauth checked the tokens)."""

    email: str
    email_verified: bool
    name: str


class Outcome(TextChoices):
    LINKED = "linked"
    INVITATION_ACCEPTED = "invitation_accepted"
    SIGNED_UP = "signed_up"


def check_returning_member(*, provider: IdentityProvider, member: User) -> None:
    """A member signing in again through a provider they are linked with."""
    if member.organisation_id != provider.organisation_id:
        raise SignInRefused(Refusal.NO_ACCOUNT)
    if not member.is_active:
        raise SignInRefused(Refusal.DEACTIVATED)


def check_address(provider: IdentityProvider, claims: Claims) -> str:
    """The claimed address, if the provider verified it and it is at the organisation's domain."""
    email = claims.email.strip().lower()
    if not email or not claims.email_verified:
        raise SignInRefused(Refusal.UNVERIFIED)
    domain = email.rpartition("@")[2]
    if not OrganisationDomain.objects.filter(
        organisation_id=provider.organisation_id, domain=domain
    ).exists():
        raise SignInRefused(Refusal.OTHER_DOMAIN)
    return email


def _display_name(claims: Claims, email: str) -> str:
    return claims.name.strip()[:120] or email.partition("@")[0]


@transaction.atomic
def member_for_first_sign_in(*, provider: IdentityProvider, claims: Claims) -> tuple[User, Outcome]:
    """The member a first sign-in through `provider` is for, created when the rules allow it.

    Raises SignInRefused with the reason otherwise. The caller links the provider's account to
    the member returned.
    """
    organisation = provider.organisation
    if not organisation.active:
        raise SignInRefused(Refusal.NOT_CONFIGURED)
    email = check_address(provider, claims)
    member = User.objects.filter(email__iexact=email).first()
    if member is not None:
        check_returning_member(provider=provider, member=member)
        return member, Outcome.LINKED
    invitation = pending_invitation(email=email, organisation=organisation)
    if invitation is not None:
        try:
            member = accept_invitation(invitation, password=None)
        except InvitationUnavailable:
            # Accepted meanwhile (another tab): that member is linked, by the same rules.
            return _existing(provider, email), Outcome.LINKED
        if claims.name.strip():
            member.display_name = _display_name(claims, email)
            member.save(update_fields=["display_name"])
        return member, Outcome.INVITATION_ACCEPTED
    if not organisation.self_signup:
        raise SignInRefused(Refusal.NO_ACCOUNT)
    try:
        with transaction.atomic():
            # The organisation follows from the verified domain, which is this one's (domains
            # are unique); people records the sign-up in the organisation's audit trail.
            member = join_by_domain(email=email, display_name=_display_name(claims, email))
    except (InvitationUnavailable, IntegrityError):
        # The same person's other tab created the member a moment ago.
        return _existing(provider, email), Outcome.LINKED
    check_returning_member(provider=provider, member=member)
    return member, Outcome.SIGNED_UP


def _existing(provider: IdentityProvider, email: str) -> User:
    member = User.objects.filter(email__iexact=email).first()
    if member is None:
        raise SignInRefused(Refusal.NO_ACCOUNT)
    check_returning_member(provider=provider, member=member)
    return member
