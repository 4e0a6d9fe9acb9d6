"""A language chosen on the login page becomes the member's own when they sign in.

MemberLanguageMiddleware serves a signed-in member in their stored language. Without this, a
member who picked English on the login page would be switched back to the Dutch stored earlier
the moment they signed in: the explicit choice made just before must win.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from partnership.models import User
from partnership.services import set_preferred_language

# Set by the language switch for a visitor not yet signed in; Django keeps the session's data
# when login() gives it a new key.
CHOSEN_LANGUAGE_SESSION_KEY = "chosen_language"


def remember_chosen_language(
    sender: Any, request: HttpRequest | None, user: User, **kwargs: Any
) -> None:
    """Store the language picked on the login page as the member's preference."""
    if request is None or not hasattr(request, "session"):
        return
    language = request.session.pop(CHOSEN_LANGUAGE_SESSION_KEY, None)
    if isinstance(language, str):
        try:
            set_preferred_language(member=user, language=language)
        except ValueError:
            return  # a language no longer offered: keep the stored one
