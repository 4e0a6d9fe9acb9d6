"""With the cache off (a dummy backend), every page still shows the right, current figures."""

from __future__ import annotations

import pytest

from examples import services
from tests.factories import make_comment, make_example


@pytest.fixture
def no_cache(settings):
    dummy = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    settings.CACHES = {"default": dummy, "fragments": dummy}


@pytest.mark.django_db
def test_pages_work_and_stay_current_without_a_cache(
    no_cache, login_in_english, author, client_member, manager
):
    example = make_example(author, title="Zonder cache")
    client = login_in_english(client_member)
    for url in ("/", example.get_absolute_url(), "/dashboard/?period=30", "/overview/"):
        assert client.get(url).status_code == 200, url

    make_comment(example, client_member)
    services.toggle_reaction(example=example, member=client_member)
    html = client.get("/").content.decode()
    assert "1 comment" in html and "1 found this inspiring" in html
    assert "Zonder cache" in client.get("/dashboard/?period=30").content.decode()  # a highlight

    services.hide_content(item=example, moderator=manager, reason="Dubbel")
    assert "Zonder cache" not in client.get("/").content.decode()
    assert "Zonder cache" not in client.get("/dashboard/?period=30").content.decode()
