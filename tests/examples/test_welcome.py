"""The home page welcomes a member who has not shared an example yet."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import HTMX
from tests.factories import make_example

pytestmark = pytest.mark.django_db

URL = reverse("examples:browse")


def test_a_member_without_examples_is_welcomed_and_invited(login, client_member, author):
    make_example(author)  # others have shared: the list is not empty
    page = login(client_member).get(URL).content.decode()
    assert 'class="welcome"' in page
    assert "Deel je eerste voorbeeld" in page


def test_the_welcome_goes_once_the_member_has_shared_one(login, client_member):
    make_example(client_member)
    page = login(client_member).get(URL).content.decode()
    assert 'class="welcome"' not in page


def test_the_list_swap_carries_no_welcome(login, client_member):
    fragment = login(client_member).get(URL, {"sort": "inspiring"}, **HTMX)
    assert 'class="welcome"' not in fragment.content.decode()
