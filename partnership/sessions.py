"""Ending a member's sessions when their account is deactivated.

allauth.usersessions lists a member's sessions (the "sessions" page, where they can end the
others); those rows end first. Sessions signed in before it, or without its signal, are found
in the session table.

Django already refuses a deactivated member on their next request (`ModelBackend.get_user`
returns nobody for an inactive user); deleting the stored sessions as well means nothing of
theirs outlives the deactivation, not even in the session table. The receiver that calls
`end_sessions` when a member is saved as inactive is in partnership/signals.py.
"""

from __future__ import annotations

from importlib import import_module

from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.utils import timezone


def end_sessions(*, user_id: int) -> int:
    """Delete every unexpired stored session signed in as `user_id`; returns how many.

    Sessions are not indexed by member, so this reads the unexpired ones: fine for the rare
    deactivation. Session engines that keep no table (signed cookies, plain cache) are left to
    `get_user`, which already turns the deactivated member away.
    """
    # The sessions allauth lists on the member's sessions page go first (with their rows).
    tracked = list(UserSession.objects.filter(user_id=user_id))
    for user_session in tracked:
        user_session.end()
    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    if not issubclass(store_class, DatabaseSessionStore):
        return len(tracked)
    model = store_class.get_model_class()
    decoder = store_class()
    keys = [
        session.session_key
        for session in model.objects.filter(expire_date__gt=timezone.now()).iterator()
        if decoder.decode(session.session_data).get(SESSION_KEY) == str(user_id)
    ]
    for key in keys:
        store_class(session_key=key).delete()
    return len(tracked) + len(keys)
