"""Threads that existed before notifications are followed by their authors and commenters."""

from __future__ import annotations

import importlib

import pytest
from django.db import connection

from notifications.models import Follow
from tests.factories import make_comment, make_example

follow_existing = importlib.import_module(
    "notifications.migrations.0005_follow_existing_threads"
).FOLLOW_EXISTING


@pytest.mark.django_db
def test_existing_authors_and_commenters_follow_their_threads_once(
    author, client_member, partner_member
):
    # Without a commit the receivers' follows never ran: as before the app existed.
    example = make_example(author)
    make_comment(example, client_member, "Een")
    make_comment(example, client_member, "Twee")
    Follow.objects.create(member=partner_member, example=example, muted=True)
    for _ in range(2):
        with connection.cursor() as cursor:
            cursor.execute(follow_existing)
    follows = {(f.member, f.muted) for f in Follow.objects.filter(example=example)}
    assert follows == {(author, False), (client_member, False), (partner_member, True)}
