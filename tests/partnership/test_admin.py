"""Django admin: every model reachable, moderation through the services, no deletion of content."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from examples import services
from examples.models import (
    Comment,
    Example,
    ModerationAction,
    Reaction,
    Report,
    Revision,
    Visibility,
)
from partnership.models import MODERATOR_GROUP, AboutPartnership, Organisation, User
from people.services import invite
from sso.models import IdentityProvider
from tests.factories import enrol_totp, make_comment, make_example, make_member, make_service_area

pytestmark = pytest.mark.django_db


def _url(model: Any, view: str, *args: Any) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def superuser(client_org: Organisation) -> User:
    user = User.objects.create_superuser("root@example.test", "a-long-test-password")
    enrol_totp(user)  # superusers moderate, so they must use MFA
    return user


@pytest.fixture
def content(
    author: User, partner_member: User, manager: User, client_org: Organisation, behaviour: Any
) -> dict[str, Any]:
    """One row of every model the admin shows."""
    area = make_service_area()
    AboutPartnership.objects.get_or_create(
        pk=1, defaults={"title_nl": "Over ons", "purpose_nl": "Doel", "outcomes_nl": "Uitkomsten"}
    )
    Group.objects.get_or_create(name=MODERATOR_GROUP)
    IdentityProvider.objects.create(
        organisation=client_org,
        name="Energie Noord (Microsoft Entra ID)",
        server_url="https://login.microsoftonline.com/tenant/v2.0",
        client_id="client",
        client_secret="secret",
    )
    example = make_example(author, behaviour=behaviour, recognised=[client_org], service_area=area)
    comment = make_comment(example, partner_member)
    services.toggle_reaction(example=example, member=partner_member)
    services.report_content(reporter=partner_member, item=example, reason="Klopt niet")
    services.edit_example(example=example, editor=author, title="Een betere titel")
    hidden = make_example(author, behaviour=behaviour, title="Verborgen")
    services.hide_content(item=hidden, moderator=manager, reason="Persoonsgegevens")
    # An invitation, and its line in the people audit trail.
    invite(
        organisation=client_org, email="nina@example.test", display_name="Nina", invited_by=manager
    )
    return {"example": example, "comment": comment, "hidden": hidden}


def _hide(client: Any, model: Any, items: list[Any], reason: str | None) -> Any:
    data: dict[str, Any] = {
        "action": "hide_selected",
        "_selected_action": [item.pk for item in items],
    }
    if reason is not None:
        data.update(confirm="yes", reason=reason)
    return client.post(_url(model, "changelist"), data)


def test_every_registered_model_has_a_working_changelist_and_change_page(
    login: Any, superuser: User, content: dict[str, Any]
) -> None:
    client = login(superuser)
    assert client.get(reverse("admin:index")).status_code == 200
    for model, model_admin in admin.site._registry.items():
        assert client.get(_url(model, "changelist")).status_code == 200, model
        obj = model._default_manager.first()
        if obj is None:
            # Only third-party records (login attempts, queued tasks, allauth's addresses,
            # identity providers and sessions) may be empty here.
            third_party = {"axes", "django_tasks_database", "account", "socialaccount"}
            assert model._meta.app_label in third_party | {"usersessions"}, model
            continue
        assert client.get(_url(model, "change", obj.pk)).status_code == 200, model
        if model_admin.has_add_permission(_request(superuser)):
            assert client.get(_url(model, "add")).status_code == 200, model


def _request(user: User) -> Any:
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def test_search_and_filters_work_on_the_example_changelist(
    login: Any, superuser: User, content: dict[str, Any]
) -> None:
    # In English, so the "Verborgen" title cannot be confused with the Dutch filter label.
    superuser.preferred_language = "en"
    superuser.save(update_fields=["preferred_language"])
    client = login(superuser)
    url = _url(Example, "changelist")
    response = client.get(url, {"q": "betere"})
    assert response.status_code == 200
    assert "Een betere titel" in response.text
    assert "Verborgen" not in response.text
    response = client.get(url, {"visibility__exact": "hidden"})
    assert "Verborgen" in response.text
    assert "Een betere titel" not in response.text


@pytest.mark.parametrize("model", [Example, Comment, Report, User, ModerationAction])
def test_the_changelist_takes_the_same_number_of_queries_for_5_and_50_rows(
    login: Any, superuser: User, author: User, partner_member: User, model: Any, behaviour: Any
) -> None:
    client = login(superuser)
    url = _url(model, "changelist")

    def grow_to(n: int) -> None:
        while Example.objects.count() < n:
            example = make_example(author, behaviour=behaviour, service_area=make_service_area())
            comment = make_comment(example, partner_member)
            services.report_content(reporter=partner_member, item=comment, reason="Onaardig")
            services.hide_content(item=example, moderator=superuser, reason="Test")
            make_member(author.organisation)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    grow_to(5)
    client.get(url)  # warm caches (content types, session)
    small = queries()
    grow_to(50)
    assert queries() == small


def test_a_moderator_hides_examples_with_a_reason_through_an_intermediate_page(
    login: Any, manager: User, content: dict[str, Any]
) -> None:
    client = login(manager)
    example = content["example"]
    example.refresh_from_db()
    page = _hide(client, Example, [example], reason=None)
    assert page.status_code == 200
    assert 'name="reason"' in page.text
    assert example.title in page.text
    example.refresh_from_db()
    assert example.visibility == Visibility.PUBLISHED

    response = _hide(client, Example, [example], reason="Bevat een klantnummer")
    assert response.status_code == 302
    example.refresh_from_db()
    assert example.visibility == Visibility.HIDDEN
    assert example.moderation_reason == "Bevat een klantnummer"
    assert example.moderated_by == manager
    assert ModerationAction.objects.filter(
        example=example, moderator=manager, action="hide", reason="Bevat een klantnummer"
    ).exists()


def test_hiding_without_a_reason_shows_the_form_again_and_changes_nothing(
    login: Any, manager: User, content: dict[str, Any]
) -> None:
    client = login(manager)
    example = content["example"]
    response = _hide(client, Example, [example], reason="   ")
    assert response.status_code == 200
    assert "errorlist" in response.text
    example.refresh_from_db()
    assert example.visibility == Visibility.PUBLISHED
    assert not ModerationAction.objects.filter(example=example).exists()


def test_a_moderator_hides_and_restores_comments(
    login: Any, manager: User, content: dict[str, Any]
) -> None:
    client = login(manager)
    comment = content["comment"]
    _hide(client, Comment, [comment], reason="Onaardig")
    comment.refresh_from_db()
    assert comment.is_hidden
    assert Example.objects.get(pk=comment.example_id).comment_count == 0

    response = client.post(
        _url(Comment, "changelist"),
        {
            "action": "restore_selected",
            "_selected_action": [comment.pk],
            "confirm": "yes",
            "reason": "Na overleg teruggezet",
        },
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert not comment.is_hidden
    assert ModerationAction.objects.filter(
        comment=comment, action="restore", reason="Na overleg teruggezet"
    ).exists()


def test_the_change_form_cannot_change_visibility(
    login: Any, superuser: User, content: dict[str, Any]
) -> None:
    client = login(superuser)
    comment = content["comment"]
    response = client.post(
        _url(Comment, "change", comment.pk),
        {
            "body": "Aangepast",
            "visibility": "hidden",
            "moderation_reason": "Sneaky",
            "revisions-TOTAL_FORMS": "0",
            "revisions-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.visibility == Visibility.PUBLISHED
    assert comment.body == "Aangepast"
    # The edit went through the service, so the previous text is kept.
    assert Revision.objects.filter(comment=comment, previous={"body": "Mooi voorbeeld!"}).exists()


def test_editing_an_example_in_admin_keeps_a_revision(
    login: Any, superuser: User, content: dict[str, Any], client_org: Organisation
) -> None:
    client = login(superuser)
    example = content["example"]
    response = client.post(
        _url(Example, "change", example.pk),
        {
            "title": "Titel uit admin",
            "behaviour": example.behaviour_id,
            "service_area": example.service_area_id,
            "happened_on": "2026-01-15",
            "what_happened": example.what_happened,
            "partnership_impact": "",
            "recognised_organisations": [client_org.pk],
            "revisions-TOTAL_FORMS": "1",
            "revisions-INITIAL_FORMS": "1",
            "revisions-MIN_NUM_FORMS": "0",
            "revisions-MAX_NUM_FORMS": "0",
            "revisions-0-id": example.revisions.get().pk,
            "revisions-0-example": example.pk,
        },
    )
    assert response.status_code == 302, response.content
    example.refresh_from_db()
    assert example.title == "Titel uit admin"
    assert example.revisions.filter(editor=superuser, previous__title="Een betere titel").exists()


@pytest.mark.parametrize("kind", ["example", "comment"])
def test_examples_and_comments_cannot_be_deleted_in_admin(
    login: Any, superuser: User, content: dict[str, Any], kind: str
) -> None:
    client = login(superuser)
    item = content[kind]
    model = type(item)
    assert client.get(_url(model, "delete", item.pk)).status_code == 403
    assert client.post(_url(model, "delete", item.pk), {"post": "yes"}).status_code == 403
    changelist = client.get(_url(model, "changelist"))
    assert "delete_selected" not in changelist.text
    response = client.post(
        _url(model, "changelist"),
        {"action": "delete_selected", "_selected_action": [item.pk], "post": "yes"},
    )
    assert response.status_code in (200, 302)
    assert model.objects.filter(pk=item.pk).exists()


def test_reports_are_resolved_with_the_admin_actions(
    login: Any, manager: User, content: dict[str, Any]
) -> None:
    client = login(manager)
    report = Report.objects.get()
    response = client.post(
        _url(Report, "changelist"),
        {"action": "resolve_hide_content", "_selected_action": [report.pk]},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == Report.Status.RESOLVED
    assert report.outcome == Report.Outcome.HIDDEN
    assert report.resolved_by == manager
    content["example"].refresh_from_db()
    assert content["example"].is_hidden


def test_the_moderation_record_cannot_be_changed_in_admin(
    login: Any, superuser: User, content: dict[str, Any]
) -> None:
    client = login(superuser)
    action = ModerationAction.objects.first()
    assert action is not None
    assert client.get(_url(ModerationAction, "add")).status_code == 403
    assert client.get(_url(ModerationAction, "delete", action.pk)).status_code == 403
    client.post(_url(ModerationAction, "change", action.pk), {"reason": "Herschreven"})
    action.refresh_from_db()
    assert action.reason != "Herschreven"
    reaction = Reaction.objects.get()
    assert client.get(_url(Reaction, "delete", reaction.pk)).status_code == 403


def test_the_about_text_is_a_singleton(
    login: Any, superuser: User, content: dict[str, Any]
) -> None:
    client = login(superuser)
    assert client.get(_url(AboutPartnership, "add")).status_code == 403
    assert client.get(_url(AboutPartnership, "delete", 1)).status_code == 403


def test_a_manager_reaches_admin_but_cannot_make_anyone_superuser(
    login: Any, manager: User, client_member: User, superuser: User
) -> None:
    client = login(manager)
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(_url(Example, "changelist")).status_code == 200
    client.post(
        _url(User, "change", client_member.pk),
        {
            "email": client_member.email,
            "display_name": client_member.display_name,
            "organisation": client_member.organisation_id,
            "preferred_language": "nl",
            "is_active": "on",
            "is_staff": "on",
            "is_superuser": "on",
        },
    )
    client_member.refresh_from_db()
    assert not client_member.is_superuser
    # Nor take over a superuser's account.
    response = client.post(
        _url(User, "change", superuser.pk),
        {"email": "mine@example.test", "display_name": "x", "preferred_language": "nl"},
    )
    assert response.status_code == 403
    superuser.refresh_from_db()
    assert superuser.email == "root@example.test"


def _password_form(client: Any, member: User) -> Any:
    return client.get(reverse("admin:auth_user_password_change", args=[member.pk]))


def _set_password(client: Any, member: User, password: str) -> Any:
    return client.post(
        reverse("admin:auth_user_password_change", args=[member.pk]),
        {"password1": password, "password2": password, "usable_password": "true"},
    )


def test_a_manager_cannot_change_another_managers_or_a_superusers_password(
    login: Any, manager: User, client_org: Organisation, superuser: User
) -> None:
    other_manager = make_member(client_org, name="Otto Other", manager=True)
    client = login(manager)
    for target in (other_manager, superuser):
        assert _password_form(client, target).status_code == 403
        assert _set_password(client, target, "taken-over-by-a-manager-1").status_code == 403
        target.refresh_from_db()
        assert not target.check_password("taken-over-by-a-manager-1")


def test_a_manager_cannot_change_another_managers_email(
    login: Any, manager: User, client_org: Organisation
) -> None:
    other_manager = make_member(client_org, name="Otto Other", manager=True)
    email = other_manager.email
    client = login(manager)
    page = client.get(_url(User, "change", other_manager.pk)).content.decode()
    assert 'name="email"' not in page  # shown, not editable
    client.post(
        _url(User, "change", other_manager.pk),
        {
            "email": "mine@example.test",
            "display_name": other_manager.display_name,
            "organisation": other_manager.organisation_id,
            "preferred_language": "nl",
            "is_active": "on",
            "is_staff": "on",
        },
    )
    other_manager.refresh_from_db()
    assert other_manager.email == email


def test_a_manager_still_resets_a_members_password_and_their_own(
    login: Any, manager: User, client_member: User
) -> None:
    client = login(manager)
    assert _password_form(client, client_member).status_code == 200
    assert _set_password(client, client_member, "reset-by-the-manager-1").status_code == 302
    client_member.refresh_from_db()
    assert client_member.check_password("reset-by-the-manager-1")
    assert _password_form(client, manager).status_code == 200


def test_a_superuser_changes_a_managers_password(
    login: Any, superuser: User, manager: User
) -> None:
    client = login(superuser)
    assert _set_password(client, manager, "set-by-the-superuser-1").status_code == 302
    manager.refresh_from_db()
    assert manager.check_password("set-by-the-superuser-1")


def test_a_staff_member_without_permissions_cannot_see_examples(
    login: Any, staff_user: User, content: dict[str, Any]
) -> None:
    client = login(staff_user)
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(_url(Example, "changelist")).status_code == 403
    assert client.get(_url(Example, "change", content["example"].pk)).status_code == 403
    response = _hide(client, Example, [content["example"]], reason="Mag niet")
    assert response.status_code == 403
    content["example"].refresh_from_db()
    assert not content["example"].is_hidden


def test_a_member_cannot_reach_admin(login: Any, client_member: User) -> None:
    response = login(client_member).get(_url(Example, "changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_a_manager_adds_a_member_who_signs_in_with_email(
    login: Any, superuser: User, client_org: Organisation, client: Any
) -> None:
    response = login(superuser).post(
        _url(User, "add"),
        {
            "email": "New.Member@Example.test",
            "display_name": "Nieuw Lid",
            "organisation": client_org.pk,
            "password1": "a-long-demo-password-9",
            "password2": "a-long-demo-password-9",
        },
    )
    assert response.status_code == 302, response.content
    member = User.objects.get(email="new.member@example.test")
    assert member.organisation == client_org
    assert member.check_password("a-long-demo-password-9")


def test_the_deactivate_action_keeps_the_member_and_their_content(
    login: Any, superuser: User, content: dict[str, Any], author: User
) -> None:
    response = login(superuser).post(
        _url(User, "changelist"),
        {"action": "deactivate_members", "_selected_action": [author.pk]},
    )
    assert response.status_code == 302
    author.refresh_from_db()
    assert not author.is_active
    assert Example.objects.filter(author=author).count() == 2
