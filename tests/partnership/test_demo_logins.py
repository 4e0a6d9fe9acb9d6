"""With DEBUG on, the login page names the demo accounts seed_demo made; in production, never."""

from __future__ import annotations

import pytest
from django.urls import reverse

from partnership.demo import DEMO_PASSWORD, MANAGER_EMAIL, PARTNER_MEMBER_EMAIL
from tests.factories import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded_manager(client_org):
    return make_member(client_org, name="Marieke de Vries", email=MANAGER_EMAIL)


def test_with_debug_the_login_page_lists_the_seeded_demo_logins(client, settings, seeded_manager):
    settings.DEBUG = True
    page = client.get(reverse("account_login")).content.decode()
    assert MANAGER_EMAIL in page
    assert DEMO_PASSWORD in page
    # only accounts that exist: this one was not seeded
    assert PARTNER_MEMBER_EMAIL not in page


def test_without_debug_the_login_page_names_no_demo_login(client, settings, seeded_manager):
    settings.DEBUG = False
    page = client.get(reverse("account_login")).content.decode()
    assert MANAGER_EMAIL not in page
    assert DEMO_PASSWORD not in page
