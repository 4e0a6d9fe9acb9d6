"""On a phone the dashboard's filters fold into one disclosure that names the ones in use."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_collapsed_filters_name_the_period_and_organisation(login, client_member, client_org):
    page = (
        login(client_member)
        .get(reverse("behaviours:dashboard"), {"period": "365", "organisation": client_org.slug})
        .content.decode()
    )
    summary = page.split('<details class="filter-disclosure"')[1].split("</summary>")[0]
    assert "365" in summary
    assert client_org.name in summary
