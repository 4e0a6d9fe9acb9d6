"""The about, organisation and member pages: who sees what, and in how many queries."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from examples.services import hide_content
from partnership.models import AboutPartnership
from tests.conftest import HTMX
from tests.factories import make_comment, make_example, make_organisation

pytestmark = pytest.mark.django_db


def nl(text: str) -> str:
    """The text as a member sees it in Dutch (the default), whether or not it is translated yet."""
    with translation.override("nl"):
        return translation.gettext(text)


def nl_members(count: int) -> str:
    with translation.override("nl"):
        return translation.ngettext("%(counter)s member", "%(counter)s members", count) % {
            "counter": count
        }


def _urls(organisation, member) -> list[str]:
    return [
        reverse("partnership:about"),
        reverse("partnership:organisations"),
        reverse("partnership:organisation", args=[organisation.slug]),
        reverse("partnership:member", args=[member.pk]),
    ]


def test_every_page_sends_anonymous_visitors_to_sign_in(client, partner_org, author):
    for url in _urls(partner_org, author):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("who", ["client_member", "partner_member", "manager"])
def test_every_page_renders_for_members_and_managers(request, login, who, partner_org, author):
    make_example(author, title="Escalatie samen opgepakt")
    client = login(request.getfixturevalue(who))
    for url in _urls(partner_org, author):
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"<html" in response.content


def test_unknown_organisation_and_member_are_404(login, client_member):
    client = login(client_member)
    assert client.get("/organisations/does-not-exist/").status_code == 404
    assert client.get("/members/999999/").status_code == 404


# About ---------------------------------------------------------------------------------


def test_about_shows_the_text_organisations_client_first_and_behaviours(
    login, client_member, client_org, partner_org, behaviour
):
    AboutPartnership.objects.update_or_create(
        pk=1,
        defaults={
            "title_nl": "Over ons",
            "title_en": "About us",
            "purpose_nl": "Samen **sterker**",
            "outcomes_nl": "- Minder storingen",
        },
    )
    make_organisation("Aardvark Partners", slug="aardvark")  # sorts before the client by name
    make_organisation("Retired Partner", slug="retired", active=False)
    content = login(client_member).get(reverse("partnership:about")).content.decode()
    assert "Over ons" in content
    assert "<strong>sterker</strong>" in content
    assert "<li>Minder storingen</li>" in content
    assert content.index("Energie Noord") < content.index("Aardvark Partners")
    assert partner_org.get_absolute_url() in content
    assert "Retired Partner" not in content
    assert behaviour.get_absolute_url() in content


def test_about_escapes_script_in_the_markdown(login, client_member):
    AboutPartnership.objects.update_or_create(
        pk=1,
        defaults={
            "title_nl": "Over",
            "purpose_nl": "<script>alert(1)</script>",
            "outcomes_nl": "x",
        },
    )
    content = login(client_member).get(reverse("partnership:about")).content.decode()
    assert "<script>alert(1)" not in content


NOT_WRITTEN = "The partnership managers have not written the story of our partnership yet."
RETIRED_ORG = (
    "This organisation no longer takes part in the partnership. "
    "Its examples stay here as part of our history."
)


def test_about_without_text_shows_an_empty_state_with_an_admin_link_only_for_staff(
    login, client_member, manager
):
    AboutPartnership.objects.all().delete()
    member_page = login(client_member).get(reverse("partnership:about")).content.decode()
    assert nl(NOT_WRITTEN) in member_page
    assert "/admin/" not in member_page
    manager_page = login(manager).get(reverse("partnership:about")).content.decode()
    assert nl(NOT_WRITTEN) in manager_page
    assert nl("Write it in admin") in manager_page


# Organisations -------------------------------------------------------------------------


def test_organisation_list_shows_roles_member_counts_and_marks_inactive(
    login, client_member, partner_member, author, inactive_member, settings
):
    settings.PRIVACY_MIN_GROUP_SIZE = (
        2  # counts under the floor: tests/behaviours/test_privacy_floor.py
    )
    make_organisation("Oude Partner", slug="oude-partner", active=False)
    content = login(client_member).get(reverse("partnership:organisations")).content.decode()
    assert "Energie Noord" in content
    assert "DataCenter Partners" in content
    assert nl_members(2) in content  # partner_member and author; the inactive member not counted
    assert "Oude Partner" in content
    assert nl("No longer part of the partnership") in content


def test_organisation_page_lists_posted_and_recognising_examples(
    login, client_member, partner_org, client_org, author
):
    make_example(author, title="Zelf gedeeld", recognised=[client_org])
    make_example(client_member, title="Partner geprezen", recognised=[partner_org])
    content = (
        login(client_member).get(reverse("partnership:organisation", args=[partner_org.slug]))
    ).content.decode()
    posted, recognised = content.split('id="recognised-examples"')
    assert "Zelf gedeeld" in posted
    assert "Partner geprezen" not in posted
    assert "Partner geprezen" in recognised
    assert "Zelf gedeeld" not in recognised


def test_an_example_in_both_lists_keeps_element_ids_unique(
    login, client_member, partner_org, author
):
    make_example(author, recognised=[partner_org])
    content = (
        login(client_member).get(reverse("partnership:organisation", args=[partner_org.slug]))
    ).content.decode()
    ids = re.findall(r'\sid="([^"]+)"', content)
    assert len(ids) == len(set(ids))


def test_an_inactive_organisation_is_still_shown_but_marked(login, client_member):
    retired = make_organisation("Oude Partner", slug="oude-partner", active=False)
    response = login(client_member).get(retired.get_absolute_url())
    assert response.status_code == 200
    assert nl(RETIRED_ORG) in response.content.decode()


def test_organisation_page_hides_hidden_examples_from_other_members(
    login, client_member, partner_org, author, manager
):
    example = make_example(author, title="Verborgen verhaal")
    hide_content(item=example, moderator=manager, reason="Klantnamen")
    url = reverse("partnership:organisation", args=[partner_org.slug])
    assert "Verborgen verhaal" not in login(client_member).get(url).content.decode()
    assert "Verborgen verhaal" in login(manager).get(url).content.decode()


def test_organisation_lists_page_independently(login, client_member, partner_org, author, settings):
    settings.PAGE_SIZE = 2
    for n in range(3):
        make_example(author, title=f"Posted {n}", recognised=[partner_org])
    client = login(client_member)
    url = reverse("partnership:organisation", args=[partner_org.slug])
    first = client.get(url)
    posted_next = first.context["posted"].next_url
    assert posted_next.startswith("?posted_after=")
    second = client.get(url + posted_next)
    content = second.content.decode()
    posted, recognised = content.split('id="recognised-examples"')
    assert "Posted 0" in posted and "Posted 2" not in posted  # newest first: page 2 is the oldest
    assert "Posted 2" in recognised and "Posted 0" not in recognised
    # The next link of the recognised list keeps the other list where it is.
    recognised_next = second.context["recognised"].next_url
    assert posted_next[1:] in recognised_next and "recognised_after=" in recognised_next
    third = client.get(url + recognised_next).content.decode()
    posted, recognised = third.split('id="recognised-examples"')
    assert "Posted 0" in posted and "Posted 0" in recognised and "Posted 2" not in recognised


@pytest.mark.parametrize("param", ["posted_after", "recognised_before"])
def test_a_broken_page_link_on_the_organisation_page_says_so(
    login, client_member, partner_org, author, param
):
    make_example(author, title="Gedeeld", recognised=[partner_org])
    client = login(client_member)
    url = reverse("partnership:organisation", args=[partner_org.slug])
    page = client.get(url, {param: "kapot"})
    region = "posted-examples" if param.startswith("posted") else "recognised-examples"
    swap = client.get(url, {param: "kapot"}, headers={"HX-Request": "true", "HX-Target": region})
    assert page.status_code == 400 and swap.status_code == 422
    for response in (page, swap):
        assert nl("This page link is broken or out of date.") in response.content.decode()


def test_organisation_htmx_pagination_returns_only_that_list(
    login, client_member, partner_org, author, settings
):
    settings.PAGE_SIZE = 1
    make_example(author, title="Eerste")
    make_example(author, title="Tweede")
    client = login(client_member)
    url = reverse("partnership:organisation", args=[partner_org.slug])
    next_url = client.get(url).context["posted"].next_url
    response = client.get(
        url + next_url, headers={"HX-Request": "true", "HX-Target": "posted-examples"}
    )
    content = response.content.decode()
    assert "<html" not in content
    assert 'id="posted-examples"' in content
    assert 'id="recognised-examples"' not in content
    assert "Eerste" in content
    assert response["Vary"] and "HX-Request" in response["Vary"]


def test_an_htmx_request_for_another_target_gets_the_full_page(login, client_member, partner_org):
    response = login(client_member).get(
        reverse("partnership:organisation", args=[partner_org.slug]), **HTMX
    )
    assert b"<html" in response.content


@pytest.mark.parametrize("count", [5, 60])
def test_organisation_page_query_budget(
    login, client_member, partner_org, client_org, author, count, django_assert_max_num_queries
):
    for _ in range(count):
        make_example(author, recognised=[partner_org, client_org])
    client = login(client_member)
    # Cold: each list loads its narrow rows, a count, then the cards' full rows and their
    # recognised organisations (examples/fragments.py); the partner profile and the open
    # actions the organisation owns (evaluations) are one query each.
    with django_assert_max_num_queries(16):
        response = client.get(reverse("partnership:organisation", args=[partner_org.slug]))
    assert response.status_code == 200


# Member profile ------------------------------------------------------------------------


def test_profile_shows_name_organisation_job_title_and_no_email(login, client_member, author):
    author.job_title = "Servicemanager"
    author.save()
    content = login(client_member).get(author.get_absolute_url()).content.decode()
    assert "Anna Auteur" in content
    assert "Servicemanager" in content
    assert "DataCenter Partners" in content
    assert author.email not in content


def test_profile_lists_examples_and_comments_with_links(login, client_member, author):
    example = make_example(client_member, title="Over de migratie")
    comment = make_comment(example, author, body="Heel herkenbaar verhaal")
    make_example(author, title="Mijn eigen voorbeeld")
    content = login(client_member).get(author.get_absolute_url()).content.decode()
    assert "Mijn eigen voorbeeld" in content
    assert "Heel herkenbaar verhaal" in content
    assert comment.get_absolute_url() in content
    assert "Over de migratie" in content


def test_hidden_content_on_a_profile_only_for_its_author_and_moderators(
    login, client_member, author, manager
):
    example = make_example(author, title="Verborgen verhaal")
    comment = make_comment(make_example(client_member), author, body="Verborgen reactie")
    hide_content(item=example, moderator=manager, reason="Klantnamen")
    hide_content(item=comment, moderator=manager, reason="Toon")
    other = login(client_member).get(author.get_absolute_url()).content.decode()
    assert "Verborgen verhaal" not in other
    assert "Verborgen reactie" not in other
    own = login(author).get(author.get_absolute_url()).content.decode()
    assert "Verborgen verhaal" in own
    assert "Verborgen reactie" in own
    assert nl("Hidden") in own
    moderator = login(manager).get(author.get_absolute_url()).content.decode()
    assert "Verborgen verhaal" in moderator


def test_an_inactive_member_profile_is_shown_and_marked(login, client_member, inactive_member):
    response = login(client_member).get(inactive_member.get_absolute_url())
    assert response.status_code == 200
    assert nl("No longer active") in response.content.decode()


def test_profile_pages_its_two_lists_and_rejects_bad_pages(login, client_member, author, settings):
    settings.PAGE_SIZE = 2
    example = make_example(client_member)
    for n in range(3):
        make_example(author, title=f"Story {n}")
        make_comment(example, author, body=f"Reaction {n}")
    client = login(client_member)
    url = author.get_absolute_url()
    next_url = client.get(url).context["comments"].next_url
    assert next_url.startswith("?comments_after=")
    content = client.get(url + next_url).content.decode()
    assert "Story 2" in content and "Story 0" not in content
    assert "Reaction 0" in content and "Reaction 2" not in content
    broken = client.get(url, {"examples_after": "kapot"})
    assert broken.status_code == 400
    assert nl("This page link is broken or out of date.") in broken.content.decode()


def test_profile_htmx_pagination_returns_only_that_list(login, client_member, author, settings):
    settings.PAGE_SIZE = 1
    example = make_example(client_member)
    make_comment(example, author, body="Eerste reactie")
    make_comment(example, author, body="Tweede reactie")
    client = login(client_member)
    next_url = client.get(author.get_absolute_url()).context["comments"].next_url
    response = client.get(
        author.get_absolute_url() + next_url,
        headers={"HX-Request": "true", "HX-Target": "member-comments"},
    )
    content = response.content.decode()
    assert "<html" not in content
    assert "Eerste reactie" in content
    assert 'id="member-examples"' not in content


@pytest.mark.parametrize("count", [5, 60])
def test_profile_query_budget(
    login, client_member, partner_org, author, count, django_assert_max_num_queries
):
    other = make_example(client_member)
    for _ in range(count):
        make_example(author, recognised=[partner_org])
        make_comment(other, author)
    client = login(client_member)
    with django_assert_max_num_queries(11):
        response = client.get(author.get_absolute_url())
    assert response.status_code == 200
