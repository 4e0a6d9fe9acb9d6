from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from evaluations.models import Outcome
from tests.evaluations.helpers import make_outcome
from tests.factories import make_example, make_member

pytestmark = pytest.mark.django_db


def test_a_manager_adds_an_outcome_with_its_first_dated_status(login, manager, client_org):
    response = login(manager).post(
        reverse("evaluations:outcome_new"),
        {
            "title": "Fewer escalations",
            "success": "Half as many escalations as last year.",
            "owners": [client_org.pk],
            "status": "on_track",
            "note": "Agreed at the kick-off.",
        },
    )
    outcome = Outcome.objects.get()
    assert response.status_code == 302
    assert list(outcome.owners.all()) == [client_org]
    assert [(c.status, c.note) for c in outcome.changes.all()] == [
        ("on_track", "Agreed at the kick-off.")
    ]


def test_a_status_change_needs_a_note_and_keeps_the_history(login, manager, client_org):
    outcome = make_outcome(manager, [client_org])
    client = login(manager)
    url = reverse("evaluations:outcome_edit", args=[outcome.pk])
    data = {"title": outcome.title, "success": outcome.success, "owners": [client_org.pk]}
    refused = client.post(url, {**data, "status": "at_risk", "note": ""})
    assert refused.status_code == 422
    assert "Zeg in één regel" in refused.content.decode()
    client.post(url, {**data, "status": "at_risk", "note": "Two escalations in March."})
    outcome.refresh_from_db()
    assert outcome.status == "at_risk"
    assert [c.status for c in outcome.changes.all()] == ["at_risk", "on_track"]


def test_members_cannot_edit_outcomes(login, client_member, manager, client_org):
    outcome = make_outcome(manager, [client_org])
    client = login(client_member)
    assert client.get(reverse("evaluations:outcome_new")).status_code == 403
    assert client.get(reverse("evaluations:outcome_edit", args=[outcome.pk])).status_code == 403


def test_the_about_page_lists_the_outcomes_with_their_status(
    login, client_member, manager, client_org
):
    make_outcome(manager, [client_org], title="Shared on-call rota", status="achieved")
    content = login(client_member).get(reverse("partnership:about")).content.decode()
    assert "Shared on-call rota" in content
    assert "Behaald" in content


def test_an_example_names_its_outcome_and_the_outcome_page_counts_per_quarter(
    login, client_member, author, manager, client_org, behaviour
):
    outcome = make_outcome(manager, [client_org])
    client = login(author)
    client.post(
        reverse("examples:new"),
        {
            "title": "Samen de storing opgelost",
            "behaviour": behaviour.pk,
            "outcome": outcome.pk,
            "recognised_organisations": [client_org.pk],
            "happened_on": "2026-02-10",
            "what_happened": "Iemand nam het op zich.",
        },
    )
    make_example(author, outcome=outcome, happened_on=date(2026, 5, 1))
    page = login(client_member).get(outcome.get_absolute_url()).content.decode()
    assert "Samen de storing opgelost" in page
    assert "2026 Q1" in page and "2026 Q2" in page


def test_a_hidden_example_is_not_listed_or_counted_on_the_outcome_page(
    login, client_member, author, manager, client_org
):
    from examples import services as example_services

    outcome = make_outcome(manager, [client_org])
    hidden = make_example(author, outcome=outcome, title="Verborgen-uitkomst-qq1")
    example_services.hide_content(item=hidden, moderator=manager, reason="Niet hier.")
    page = login(client_member).get(outcome.get_absolute_url()).content.decode()
    assert "Verborgen-uitkomst-qq1" not in page
    assert "outcome-per-quarter" not in page


@pytest.mark.parametrize("count", [3, 40])
def test_outcome_page_query_budget(
    login, client_member, author, manager, client_org, count, django_assert_max_num_queries
):
    outcome = make_outcome(manager, [client_org])
    for n in range(count):
        make_example(author, outcome=outcome, happened_on=date(2025, 1 + n % 12, 1))
    for _ in range(3):
        make_outcome(manager, [client_org, make_member().organisation])
    client = login(client_member)
    with django_assert_max_num_queries(10):
        response = client.get(outcome.get_absolute_url())
    assert response.status_code == 200


def test_browse_filters_by_period_service_area_and_outcome_in_the_url(
    login, client_member, author, manager, client_org
):
    from tests.factories import make_service_area

    outcome = make_outcome(manager, [client_org])
    area = make_service_area("werkplek")
    make_example(
        author,
        title="Past-alles-aa1",
        outcome=outcome,
        service_area=area,
        happened_on=date(2026, 2, 1),
    )
    make_example(
        author,
        title="Te-vroeg-aa2",
        outcome=outcome,
        service_area=area,
        happened_on=date(2025, 2, 1),
    )
    make_example(author, title="Ander-gebied-aa3", outcome=outcome, happened_on=date(2026, 2, 1))
    make_example(author, title="Geen-uitkomst-aa4", service_area=area, happened_on=date(2026, 2, 1))
    client = login(client_member)
    query = (
        f"?area=werkplek&outcome={outcome.pk}&happened_from=2026-01-01&happened_until=2026-03-31"
    )
    page = client.get(reverse("examples:browse") + query).content.decode()
    assert "Past-alles-aa1" in page
    assert not any(t in page for t in ("Te-vroeg-aa2", "Ander-gebied-aa3", "Geen-uitkomst-aa4"))


@pytest.mark.parametrize(
    "query",
    [
        "outcome=abc",
        "outcome=99999999999999999999999",
        "area=nope",
        "happened_from=2026-13-01",
        "happened_from=2026-03-01&happened_until=2026-01-01",
    ],
)
def test_bad_browse_filters_are_a_400_with_a_message(login, client_member, query):
    response = login(client_member).get(reverse("examples:browse") + "?" + query)
    assert response.status_code == 400
    assert "filter-problem" in response.content.decode()
