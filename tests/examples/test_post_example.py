"""Sharing a new example and editing your own."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from examples import services
from examples.markdown import render_markdown
from examples.models import Example, Revision, Visibility
from tests.conftest import HTMX
from tests.factories import make_behaviour, make_example, make_member, make_service_area

NEW = reverse("examples:new")


def _edit_url(example: Example) -> str:
    return reverse("examples:edit", args=[example.pk])


@pytest.fixture
def writer(author):
    """The author, reading the site in English so the tests can check the messages."""
    author.preferred_language = "en"
    author.save(update_fields=["preferred_language"])
    return author


@pytest.fixture
def valid(behaviour, client_org, partner_org):
    return {
        "title": "De storing die niemand van ons was",
        "behaviour": behaviour.pk,
        "recognised_organisations": [client_org.pk, partner_org.pk],
        "happened_on": "2025-03-14",
        "what_happened": "Piet bleef aan de lijn tot de klant weer kon werken.",
        "partnership_impact": "De klant belde de volgende keer eerder.",
    }


# --- New example -------------------------------------------------------------------------


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_login(client, author):
    example = make_example(author)
    for url in (NEW, _edit_url(example)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    assert client.post(NEW, {}).status_code == 302
    assert Example.objects.count() == 1


@pytest.mark.django_db
def test_the_form_shows_every_active_behaviour_with_its_prompting_questions(login, writer):
    make_behaviour("retired", name_en="Retired behaviour", active=False)
    make_behaviour("listening", prompts_en="Who picked it up?\nWhat did the user notice?")

    html = login(writer).get(NEW).content.decode()

    assert "<details" in html  # the questions work without JavaScript
    assert "Who picked it up?" in html
    assert "What did the user notice?" in html
    assert "Retired behaviour" not in html
    assert "js/example-form.js" in html
    assert "<script>" not in html  # no inline script under the CSP


@pytest.mark.django_db
def test_a_behaviour_in_the_link_is_preselected(login, writer, behaviour, other_behaviour):
    html = login(writer).get(NEW, {"behaviour": other_behaviour.slug}).content.decode()

    assert f'value="{other_behaviour.pk}" id="id_behaviour_1" required checked' in html
    assert f'value="{behaviour.pk}" id="id_behaviour_0" required checked' not in html


@pytest.mark.django_db
@pytest.mark.parametrize("slug", ["no-such-thing", "x\x00y", "x" * 500])
def test_an_unknown_behaviour_in_the_link_is_ignored(login, writer, slug):
    response = login(writer).get(NEW, {"behaviour": slug})

    assert response.status_code == 200
    assert "checked" not in response.content.decode()


@pytest.mark.django_db
def test_a_member_shares_an_example_and_lands_on_it(
    login, writer, valid, partner_org, client_org, behaviour
):
    area = make_service_area("telephony")
    response = login(writer).post(NEW, {**valid, "service_area": area.pk})

    example = Example.objects.get()
    assert response.status_code == 302
    assert response["Location"] == example.get_absolute_url()
    assert example.author == writer
    assert example.author_organisation == partner_org
    assert example.behaviour == behaviour
    assert example.service_area == area
    assert example.happened_on == date(2025, 3, 14)
    assert set(example.recognised_organisations.all()) == {client_org, partner_org}
    assert example.visibility == Visibility.PUBLISHED


@pytest.mark.django_db
def test_an_htmx_post_is_redirected_by_htmx(login, writer, valid):
    response = login(writer).post(NEW, valid, **HTMX)

    assert response.status_code == 200
    assert response["HX-Redirect"] == Example.objects.get().get_absolute_url()


@pytest.mark.django_db
def test_extra_posted_fields_change_nothing(login, writer, valid, client_member, other_partner_org):
    login(writer).post(
        NEW,
        {
            **valid,
            "author": client_member.pk,
            "author_organisation": other_partner_org.pk,
            "visibility": Visibility.HIDDEN,
            "moderation_reason": "x",
            "comment_count": 99,
            "reaction_count": 99,
            "created_at": "2001-01-01T00:00:00Z",
        },
    )

    example = Example.objects.get()
    assert example.author == writer
    assert example.author_organisation == writer.organisation
    assert example.visibility == Visibility.PUBLISHED
    assert example.moderation_reason == ""
    assert (example.comment_count, example.reaction_count) == (0, 0)
    assert example.created_at.year == timezone.now().year


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"title": ""}, "title", "This field is required."),
        ({"title": "x" * 201}, "title", "at most 200 characters"),
        ({"what_happened": "   "}, "what_happened", "This field is required."),
        ({"behaviour": ""}, "behaviour", "Choose the behaviour your example shows."),
        ({"behaviour": "999999"}, "behaviour", "Choose one of the behaviours listed."),
        ({"behaviour": "abc"}, "behaviour", "Choose one of the behaviours listed."),
        ({"recognised_organisations": []}, "recognised_organisations", "Tick at least one"),
        ({"recognised_organisations": ["999999"]}, "recognised_organisations", "999999"),
        ({"happened_on": "not a date"}, "happened_on", "Enter a valid date."),
        ({"happened_on": "1999-12-31"}, "happened_on", "2000 or later"),
        ({"service_area": "999999"}, "service_area", "Select a valid choice."),
    ],
)
def test_bad_input_re_renders_the_form_with_the_message(
    login, writer, valid, change, field, message
):
    response = login(writer).post(NEW, {**valid, **change})

    assert response.status_code == 422
    assert field in response.context["form"].errors
    html = response.content.decode()
    assert message in html
    assert 'role="alert"' in html
    assert "<html" in html
    assert not Example.objects.exists()


@pytest.mark.django_db
def test_a_date_in_the_future_is_refused(login, writer, valid):
    tomorrow = timezone.localdate() + timedelta(days=1)

    response = login(writer).post(NEW, {**valid, "happened_on": tomorrow.isoformat()})

    assert response.status_code == 422
    assert "The date cannot be in the future." in response.content.decode()
    assert not Example.objects.exists()


@pytest.mark.django_db
def test_a_retired_behaviour_takes_no_new_examples(login, writer, valid):
    retired = make_behaviour("retired", active=False)

    response = login(writer).post(NEW, {**valid, "behaviour": retired.pk})

    assert response.status_code == 422
    assert not Example.objects.exists()


@pytest.mark.django_db
def test_an_invalid_htmx_post_answers_422_with_only_the_form(login, writer, valid):
    response = login(writer).post(NEW, {**valid, "title": ""}, **HTMX)

    html = response.content.decode()
    assert response.status_code == 422
    assert "<html" not in html
    assert 'id="example-form"' in html
    assert "This field is required." in html


@pytest.mark.django_db
def test_a_member_without_an_organisation_gets_a_message_not_an_error(login, valid):
    member = make_member(preferred_language="en")
    member.organisation = None
    member.save(update_fields=["organisation"])

    response = login(member).post(NEW, valid)

    assert response.status_code == 422
    assert "not linked to an organisation" in response.content.decode()
    assert not Example.objects.exists()


@pytest.mark.django_db
def test_script_tags_are_stored_as_text_and_never_reach_the_page(login, writer, valid):
    story = (
        'Hello <script>alert("x")</script> <img src=x onerror=alert(1)> [a](javascript:alert(1))'
    )
    response = login(writer).post(NEW, {**valid, "what_happened": story, "title": "<b>Bold</b>"})

    example = Example.objects.get()
    assert response.status_code == 302
    assert example.what_happened == story  # stored as the member typed it
    rendered = render_markdown(example.what_happened)
    assert "<script" not in rendered
    assert "<img" not in rendered
    assert "href" not in rendered  # the javascript: link stays text
    browse = login(writer).get(reverse("examples:browse")).content.decode()
    assert '<script>alert("x")' not in browse
    assert "<img" not in browse
    assert "<b>Bold</b>" not in browse
    assert "&lt;b&gt;Bold&lt;/b&gt;" in browse


# --- Editing -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_edit_form_is_prefilled(login, writer, behaviour):
    example = make_example(writer, behaviour=behaviour, title="Mijn verhaal")

    response = login(writer).get(_edit_url(example))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="Mijn verhaal"' in html
    assert f'value="{behaviour.pk}" id="id_behaviour_0" required checked' in html
    assert 'value="2026-01-15"' in html
    assert f'action="{_edit_url(example)}"' in html


@pytest.mark.django_db
def test_the_author_edits_and_a_revision_keeps_the_old_text(
    login, writer, valid, other_behaviour, client_org
):
    example = make_example(writer, title="Old title", what_happened="Old story")
    client = login(writer)

    response = client.post(
        _edit_url(example),
        {
            **valid,
            "title": "New title",
            "behaviour": other_behaviour.pk,
            "recognised_organisations": [client_org.pk],
        },
        follow=True,
    )

    example.refresh_from_db()
    assert response.redirect_chain[0] == (example.get_absolute_url(), 302)
    assert example.title == "New title"
    assert example.behaviour == other_behaviour
    assert list(example.recognised_organisations.all()) == [client_org]
    revision = Revision.objects.get(example=example)
    assert revision.editor == writer
    assert revision.previous["title"] == "Old title"
    assert revision.previous["what_happened"] == "Old story"
    assert "Your changes are saved." in [str(m) for m in response.context["messages"]]


@pytest.mark.django_db
def test_saving_without_changes_keeps_no_revision(login, writer, behaviour, partner_org):
    example = make_example(writer, behaviour=behaviour, title="Same", what_happened="Same")
    data = {
        "title": "Same",
        "behaviour": behaviour.pk,
        "recognised_organisations": [partner_org.pk],
        "happened_on": "2026-01-15",
        "what_happened": "Same",
        "partnership_impact": "",
    }

    response = login(writer).post(_edit_url(example), data)

    assert response.status_code == 302
    assert not Revision.objects.exists()


@pytest.mark.django_db
def test_an_edit_cannot_change_the_author_or_visibility(
    login, writer, valid, client_member, client_org
):
    example = make_example(writer)

    login(writer).post(
        _edit_url(example),
        {
            **valid,
            "author": client_member.pk,
            "author_organisation": client_org.pk,
            "visibility": Visibility.HIDDEN,
            "reaction_count": 50,
        },
    )

    example.refresh_from_db()
    assert example.author == writer
    assert example.author_organisation == writer.organisation
    assert example.visibility == Visibility.PUBLISHED
    assert example.reaction_count == 0


@pytest.mark.django_db
def test_an_invalid_edit_re_renders_and_changes_nothing(login, writer, valid):
    example = make_example(writer, title="Kept")

    response = login(writer).post(_edit_url(example), {**valid, "title": ""})

    example.refresh_from_db()
    assert response.status_code == 422
    assert "This field is required." in response.content.decode()
    assert example.title == "Kept"
    assert not Revision.objects.exists()


@pytest.mark.django_db
def test_the_edit_keeps_a_behaviour_that_was_retired_since(login, writer, valid):
    retiring = make_behaviour("retiring", name_en="Retiring behaviour")
    example = make_example(writer, behaviour=retiring)
    retiring.active = False
    retiring.save(update_fields=["active"])
    client = login(writer)

    assert "Retiring behaviour" in client.get(_edit_url(example)).content.decode()
    response = client.post(_edit_url(example), {**valid, "behaviour": retiring.pk})

    assert response.status_code == 302
    example.refresh_from_db()
    assert example.title == valid["title"]
    assert example.behaviour == retiring


@pytest.mark.django_db
def test_another_member_may_not_edit(login, author, partner_member, valid):
    example = make_example(author, title="Not yours")
    client = login(partner_member)

    assert client.get(_edit_url(example)).status_code == 403
    assert client.post(_edit_url(example), {**valid, "title": "Taken over"}).status_code == 403
    example.refresh_from_db()
    assert example.title == "Not yours"


@pytest.mark.django_db
def test_someone_elses_hidden_example_is_a_404(login, author, client_member, manager, valid):
    example = make_example(author)
    services.hide_content(item=example, moderator=manager, reason="Names of customers")

    client = login(client_member)
    assert client.get(_edit_url(example)).status_code == 404
    assert client.post(_edit_url(example), valid).status_code == 404


@pytest.mark.django_db
def test_editing_an_example_that_does_not_exist_is_a_404(login, writer):
    assert login(writer).get(reverse("examples:edit", args=[999999])).status_code == 404


# --- A quicker first example ----------------------------------------------------------------


@pytest.mark.django_db
def test_four_answers_are_enough_and_the_date_defaults_to_today(login, writer, valid):
    four = {key: valid[key] for key in ("title", "behaviour", "recognised_organisations")}
    four["what_happened"] = valid["what_happened"]

    response = login(writer).post(NEW, four)

    assert response.status_code == 302
    example = Example.objects.get()
    assert example.happened_on == timezone.localdate()
    assert example.partnership_impact == ""
    assert example.service_area is None


@pytest.mark.django_db
def test_the_form_says_what_is_required_and_shows_today(login, writer):
    page = login(writer).get(NEW).content.decode()
    assert "Four answers are needed" in page
    assert f'value="{timezone.localdate().isoformat()}"' in page


@pytest.mark.django_db
def test_an_edit_still_needs_its_date(login, writer, valid):
    client = login(writer)
    client.post(NEW, valid)
    example = Example.objects.get()
    response = client.post(_edit_url(example), {**valid, "happened_on": ""})
    assert response.status_code in (200, 422)
    assert "This field is required." in response.content.decode()
    example.refresh_from_db()
    assert example.happened_on == date(2025, 3, 14)


@pytest.mark.django_db
def test_cards_show_when_it_happened_and_when_it_was_shared(login, writer, valid):
    client = login(writer)
    client.post(NEW, valid)
    page = client.get(reverse("examples:browse")).content.decode()
    assert 'Happened on <time datetime="2025-03-14">14 March 2025</time>' in page
    assert "Shared on <time" in page
    assert "Newest first (date shared)" in page
