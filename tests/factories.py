"""Small helpers that make test data through the same services the views use."""

from __future__ import annotations

import itertools
import time
from datetime import date
from typing import Any

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.contrib.auth.models import Group

from behaviours.models import Behaviour
from examples import services
from examples.models import Comment, Example
from partnership.models import MODERATOR_GROUP, Organisation, ServiceArea, User

_counter = itertools.count(1)

# The authenticator app every enrolled test member has (base32, as an app would scan it).
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def enrol_totp(user: User, secret: str = TOTP_SECRET) -> None:
    """Give the member TOTP and recovery codes, as enrolment on the MFA page does."""
    TOTP.activate(user, secret)
    RecoveryCodes.activate(user)


def totp_code(secret: str = TOTP_SECRET, at: float | None = None) -> str:
    """The code the member's authenticator app shows now (allauth's own computation)."""
    counter = int(time.time() if at is None else at) // mfa_settings.TOTP_PERIOD
    return str(format_hotp_value(hotp_value(secret, counter)))


def make_organisation(name: str | None = None, role: str = "partner", **extra: Any) -> Organisation:
    n = next(_counter)
    name = name or f"Organisation {n}"
    slug = extra.pop("slug", None) or f"org-{n}"
    return Organisation.objects.create(name=name, slug=slug, role=role, **extra)


def make_member(
    organisation: Organisation | None = None,
    *,
    name: str | None = None,
    manager: bool = False,
    mfa: bool | None = None,
    **extra: Any,
) -> User:
    """A member; managers and organisation admins use MFA unless `mfa=False` (as they must)."""
    n = next(_counter)
    user = User.objects.create_user(
        email=extra.pop("email", None) or f"member{n}@example.test",
        password=extra.pop("password", "a-long-test-password"),
        display_name=name or f"Member {n}",
        organisation=organisation or make_organisation(),
        **extra,
    )
    if manager:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
        user.groups.add(Group.objects.get_or_create(name=MODERATOR_GROUP)[0])
    if mfa or (mfa is None and (manager or user.is_organisation_admin or user.is_superuser)):
        enrol_totp(user)
    return user


def make_behaviour(slug: str = "ownership", **extra: Any) -> Behaviour:
    defaults = {
        "name_nl": extra.pop("name_nl", slug.title()),
        "name_en": extra.pop("name_en", slug.title()),
        "summary_nl": "Samenvatting",
        "summary_en": "Summary",
        "in_practice_nl": "In de praktijk",
        "in_practice_en": "In practice",
        "prompts_nl": "Wat gebeurde er?\nWat deed iemand?",
        "prompts_en": "What happened?\nWhat did someone do?",
        **extra,
    }
    behaviour, _ = Behaviour.objects.get_or_create(slug=slug, defaults=defaults)
    return behaviour


def make_service_area(slug: str = "datacentre") -> ServiceArea:
    area, _ = ServiceArea.objects.get_or_create(
        slug=slug, defaults={"name_nl": slug.title(), "name_en": slug.title()}
    )
    return area


def make_example(
    author: User,
    *,
    behaviour: Behaviour | None = None,
    recognised: list[Organisation] | None = None,
    title: str | None = None,
    **extra: Any,
) -> Example:
    return services.post_example(
        author=author,
        title=title or f"Example {next(_counter)}",
        what_happened=extra.pop("what_happened", "Someone took *ownership* of an incident."),
        partnership_impact=extra.pop("partnership_impact", ""),
        behaviour=behaviour or make_behaviour(),
        happened_on=extra.pop("happened_on", date(2026, 1, 15)),
        recognised_organisations=recognised if recognised is not None else [author.organisation],
        **extra,
    )


def make_comment(example: Example, author: User, body: str = "Mooi voorbeeld!") -> Comment:
    return services.post_comment(example=example, author=author, body=body)
