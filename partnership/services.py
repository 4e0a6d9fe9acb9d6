"""Writes on members and organisations, with their side effects."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction

from partnership.models import User


@transaction.atomic
def set_preferred_language(*, member: User, language: str) -> User:
    """Remember the member's language; MemberLanguageMiddleware applies it on every device."""
    if language not in dict(settings.LANGUAGES):
        raise ValueError(f"Unsupported language: {language!r}")
    if member.preferred_language != language:
        member.preferred_language = language
        # Validate just this field: an unrelated legacy value must not block a language switch.
        others = [f.name for f in member._meta.fields if f.name != "preferred_language"]
        member.clean_fields(exclude=others)
        member.save(update_fields=["preferred_language"])
    return member
