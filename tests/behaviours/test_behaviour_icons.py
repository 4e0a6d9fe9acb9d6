"""Each agreed behaviour has an icon in the sprite; cards show it with the behaviour's colour."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.urls import reverse

from tests.behaviours.world import MARCH
from tests.factories import make_example

ICON = Template("{% load behaviour_tags %}{% behaviour_icon slug %}")


@pytest.mark.parametrize("slug", ["ownership", "transparency", "proactivity", "feedback"])
def test_every_agreed_behaviour_has_an_icon_in_the_sprite(slug):
    sprite = (Path(settings.BASE_DIR) / "static" / "icons" / "behaviours.svg").read_text()
    assert f'<symbol id="{slug}"' in sprite
    html = ICON.render(Context({"slug": slug}))
    assert f'behaviours.svg#{slug}"' in html
    assert 'aria-hidden="true"' in html  # decorative: the name beside it says what it is


def test_another_behaviour_gets_no_broken_icon():
    assert ICON.render(Context({"slug": "punctuality"})) == ""


@pytest.mark.django_db
def test_a_card_shows_the_behaviours_colour_and_icon(login, client_member, behaviour):
    make_example(client_member, behaviour=behaviour)
    page = login(client_member).get(reverse("examples:browse")).content.decode()
    assert f'class="badge badge-behaviour behaviour-{behaviour.slug}"' in page
    assert f"behaviours.svg#{behaviour.slug}" in page


@pytest.mark.django_db
def test_the_browse_filter_offers_each_behaviour_as_a_chip_with_its_colour_and_icon(
    login, client_member, behaviour
):
    url = reverse("examples:browse")
    page = login(client_member).get(url, {"behaviour": behaviour.slug}).content.decode()
    chip = re.search(
        rf'<label for="id_behaviour_\d+" class="behaviour-chip behaviour-{behaviour.slug}">'
        r"(.*?)</label>",
        page,
        re.S,
    )
    assert chip is not None
    assert f'value="{behaviour.slug}"' in chip.group(1) and "checked" in chip.group(1)
    assert f"behaviours.svg#{behaviour.slug}" in chip.group(1)
    assert str(behaviour.name) in chip.group(1)
    # "All behaviours" comes first, without a colour or an icon, and is not chosen.
    everything = re.search(
        r'<label for="id_behaviour_0" class="behaviour-chip">(.*?)</label>', page, re.S
    )
    assert everything is not None
    assert 'value=""' in everything.group(1) and "checked" not in everything.group(1)
    assert "svg" not in everything.group(1)


def test_dashboard_tables_and_highlights_show_a_behaviour_with_its_colour_and_icon(world, login):
    client = login(world.member)
    page = client.get("/dashboard/", MARCH).content.decode()
    icon = '<svg class="behaviour-icon" aria-hidden="true"'
    for slug in ("trends", "coverage", "service-areas"):
        table = page.split(f'id="table-{slug}"', 1)[1].split("</table>", 1)[0]
        assert f'<th scope="row" class="behaviour-ownership">{icon}' in table, slug
        assert f'<th scope="row" class="behaviour-transparency">{icon}' in table, slug
    highlights = page.split('id="highlights-panel"', 1)[1].split("</section>", 1)[0]
    assert '<article class="highlight behaviour-transparency">' in highlights
    assert "behaviours.svg#transparency" in highlights
    overview = client.get("/overview/").content.decode()
    assert f'<th scope="row" class="behaviour-ownership">{icon}' in overview
    # The CSV keeps the plain name.
    assert b"Ownership" in client.get("/dashboard/csv/overview.csv").content
