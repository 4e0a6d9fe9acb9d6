from __future__ import annotations

import io
from datetime import date

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from evaluations import services
from evaluations.models import Action, Evaluation
from examples import services as example_services
from tests.evaluations.helpers import make_concern, make_evaluation, make_outcome
from tests.factories import make_example, make_member

pytestmark = pytest.mark.django_db

IN_PERIOD = "2026-02-15 10:00"


@pytest.fixture
def orgs(client_org, partner_org):
    # Five members each, so the figures clear the privacy floor.
    for org in (client_org, partner_org):
        for _ in range(5):
            make_member(org)
    return [client_org, partner_org]


def test_a_manager_schedules_an_evaluation(login, manager, orgs):
    response = login(manager).post(
        reverse("evaluations:schedule"),
        {
            "held_on": "2026-04-10",
            "period_start": "2026-01-01",
            "period_end": "2026-03-31",
            "organisations": [o.pk for o in orgs],
        },
    )
    evaluation = Evaluation.objects.get()
    assert response.status_code == 302
    assert evaluation.period_start == date(2026, 1, 1)
    assert set(evaluation.organisations.all()) == set(orgs)


def test_a_period_that_ends_before_it_starts_is_refused(login, manager, orgs):
    response = login(manager).post(
        reverse("evaluations:schedule"),
        {
            "held_on": "2026-04-10",
            "period_start": "2026-03-31",
            "period_end": "2026-01-01",
            "organisations": [o.pk for o in orgs],
        },
    )
    assert response.status_code == 422
    assert not Evaluation.objects.exists()


def test_members_cannot_schedule_record_or_close(login, client_member, manager, orgs):
    evaluation = make_evaluation(manager, orgs)
    client = login(client_member)
    assert client.get(reverse("evaluations:schedule")).status_code == 403
    for name in ("summary", "add_decision", "add_action", "close", "add_note"):
        assert client.post(reverse(f"evaluations:{name}", args=[evaluation.pk])).status_code == 403
    evaluation.refresh_from_db()
    assert not evaluation.is_closed


def test_the_agenda_shows_figures_outcomes_parked_items_and_open_concerns(
    login, manager, author, orgs, behaviour
):
    with time_machine.travel(IN_PERIOD):
        example = make_example(author, behaviour=behaviour, title="Storing samen opgelost")
    outcome = make_outcome(manager, orgs, title="Minder escalaties")
    services.park_item(item=example, question="Hoe maken we dit de norm?", by=author)
    make_concern(manager, orgs, what_happened="Wijzigingen zonder aankondiging")
    evaluation = make_evaluation(manager, orgs)
    page = login(manager).get(evaluation.get_absolute_url()).content.decode()
    assert 'id="table-review"' in page and 'id="table-participation"' in page
    assert outcome.title in page
    assert "Hoe maken we dit de norm?" in page and "Storing samen opgelost" in page
    assert "Wijzigingen zonder aankondiging" in page


def test_closing_freezes_the_figures(login, manager, author, orgs, behaviour):
    with time_machine.travel(IN_PERIOD):
        make_example(author, behaviour=behaviour)
        later_hidden = make_example(author, behaviour=behaviour)
    evaluation = make_evaluation(manager, orgs)
    client = login(manager)
    assert client.post(reverse("evaluations:close", args=[evaluation.pk])).status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.is_closed and evaluation.snapshot["figures"]["examples"] == 2
    before = client.get(evaluation.get_absolute_url()).content.decode()
    with time_machine.travel(IN_PERIOD):
        for _ in range(3):
            make_example(author, behaviour=behaviour)
    example_services.hide_content(item=later_hidden, moderator=manager, reason="Dubbel.")
    after = client.get(evaluation.get_absolute_url()).content.decode()
    table = before.split('id="table-review"')[1].split("</table>")[0]
    assert table == after.split('id="table-review"')[1].split("</table>")[0]
    evaluation.refresh_from_db()
    assert evaluation.snapshot["figures"]["examples"] == 2


def test_a_closed_evaluation_cannot_be_changed_or_reopened_only_noted(login, manager, orgs):
    evaluation = make_evaluation(manager, orgs)
    services.close_evaluation(evaluation=evaluation)
    client = login(manager)
    response = client.post(
        reverse("evaluations:add_decision", args=[evaluation.pk]), {"text": "Toch nog iets"}
    )
    assert response.status_code == 409
    assert client.post(reverse("evaluations:close", args=[evaluation.pk])).status_code == 409
    assert not evaluation.decisions.exists()
    client.post(reverse("evaluations:add_note", args=[evaluation.pk]), {"body": "Correctie: Q1."})
    assert [n.body for n in evaluation.notes.all()] == ["Correctie: Q1."]


def test_an_open_action_shows_on_the_next_agenda_and_the_organisation_page(
    login, manager, client_member, orgs
):
    first = make_evaluation(manager, orgs)
    client = login(manager)
    client.post(reverse("evaluations:add_decision", args=[first.pk]), {"text": "Gedeelde rota"})
    client.post(
        reverse("evaluations:add_action", args=[first.pk]),
        {"what": "Rota opstellen", "organisation": orgs[1].pk, "due_on": "2026-05-01"},
    )
    services.close_evaluation(evaluation=first)
    second = make_evaluation(manager, orgs, held_on=date(2026, 7, 10))
    member = login(client_member)
    assert "Rota opstellen" in member.get(second.get_absolute_url()).content.decode()
    assert "Rota opstellen" in member.get(orgs[1].get_absolute_url()).content.decode()
    action = Action.objects.get()
    client = login(manager)
    client.post(reverse("evaluations:action_status", args=[action.pk]), {"status": "done"})
    assert "Rota opstellen" not in client.get(orgs[1].get_absolute_url()).content.decode()


def test_an_action_needs_an_organisation_taking_part(login, manager, orgs, other_partner_org):
    evaluation = make_evaluation(manager, orgs)
    response = login(manager).post(
        reverse("evaluations:add_action", args=[evaluation.pk]),
        {"what": "Iets", "organisation": other_partner_org.pk, "due_on": "2026-05-01"},
    )
    assert response.status_code == 422
    assert not Action.objects.exists()


def test_the_pack_exports_every_table_as_csv(login, manager, client_member, orgs):
    evaluation = make_evaluation(manager, orgs)
    services.add_decision(evaluation=evaluation, text="Gedeelde rota")
    response = login(client_member).get(reverse("evaluations:pack_csv", args=[evaluation.pk]))
    text = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    assert "Gini" in text and "Gedeelde rota" in text


def test_the_pack_exports_as_a_workbook_with_a_sheet_per_table(login, manager, client_member, orgs):
    evaluation = make_evaluation(manager, orgs)
    services.add_decision(evaluation=evaluation, text="Gedeelde rota")
    response = login(client_member).get(reverse("evaluations:pack_xlsx", args=[evaluation.pk]))
    workbook = load_workbook(io.BytesIO(response.content))
    assert {"review", "participation", "outcomes", "decisions", "actions"} <= set(
        workbook.sheetnames
    )
    assert workbook["decisions"]["A3"].value == "Gedeelde rota"


def test_the_history_shows_figures_of_closed_evaluations(login, client_member, manager, orgs):
    for held_on in (date(2026, 4, 10), date(2026, 7, 10)):
        services.close_evaluation(evaluation=make_evaluation(manager, orgs, held_on=held_on))
    page = login(client_member).get(reverse("evaluations:history")).content.decode()
    assert 'id="table-history"' in page
    assert "Gini" in page


def _world(manager, author, orgs, behaviour, size):
    with time_machine.travel(IN_PERIOD):
        for _ in range(size):
            example = make_example(author, behaviour=behaviour, recognised=orgs)
            services.park_item(item=example, question="Bespreken?", by=author)
            make_concern(author, orgs)
    for _ in range(size // 3 + 1):
        make_outcome(manager, orgs)
    first = make_evaluation(manager, orgs)
    for n in range(size):
        services.add_action(
            evaluation=first, what=f"Actie {n}", organisation=orgs[0], due_on=date(2026, 5, 1)
        )
    services.close_evaluation(evaluation=first)
    return make_evaluation(manager, orgs, held_on=date(2026, 7, 10))


@pytest.mark.parametrize("size", [2, 20])
def test_agenda_query_budget(
    login, manager, author, orgs, behaviour, size, django_assert_max_num_queries, settings
):
    settings.DASHBOARD_CACHE_SECONDS = 0  # every figure computed: the worst case
    evaluation = _world(manager, author, orgs, behaviour, size)
    client = login(manager)
    # The dashboards' review of two periods is most of it (about 30 grouped queries); the
    # rest is one query per list on the page and the manager's forms.
    with django_assert_max_num_queries(50):
        response = client.get(evaluation.get_absolute_url())
    assert response.status_code == 200


@pytest.mark.parametrize("size", [2, 20])
def test_closed_pack_and_history_query_budget(
    login, manager, author, orgs, behaviour, size, django_assert_max_num_queries
):
    evaluation = _world(manager, author, orgs, behaviour, size)
    services.close_evaluation(evaluation=evaluation)
    client = login(manager)
    with django_assert_max_num_queries(16):
        assert client.get(evaluation.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(reverse("evaluations:history")).status_code == 200
