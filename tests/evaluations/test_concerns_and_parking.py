from __future__ import annotations

import io

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from evaluations import services
from evaluations.models import Concern, ParkedItem
from examples import services as example_services
from tests.evaluations.helpers import make_concern, make_evaluation
from tests.factories import make_comment, make_example, make_member

pytestmark = pytest.mark.django_db

SECRET = "Geheime-zorg-xk42 over de wijzigingen"


def test_a_member_raises_a_concern_and_sees_it(login, partner_member, client_org, partner_org):
    client = login(partner_member)
    response = client.post(
        reverse("evaluations:concern_new"),
        {
            "organisations": [client_org.pk, partner_org.pk],
            "what_happened": SECRET,
            "wish": "Een week vooraf melden.",
        },
    )
    concern = Concern.objects.get()
    assert response.status_code == 302
    assert SECRET in client.get(concern.get_absolute_url()).content.decode()
    assert SECRET in client.get(reverse("evaluations:concerns")).content.decode()


def test_a_concern_without_organisations_is_refused(login, partner_member):
    response = login(partner_member).post(
        reverse("evaluations:concern_new"), {"what_happened": "Iets", "wish": "Iets anders"}
    )
    assert response.status_code == 422
    assert not Concern.objects.exists()


def test_a_concern_is_invisible_to_other_members_everywhere(
    login, partner_member, client_member, manager, client_org, partner_org, behaviour
):
    """Not the author, not a manager, not an admin of a named organisation: no trace."""
    for org in (client_org, partner_org):
        for _ in range(5):
            make_member(org)
    concern = make_concern(partner_member, [client_org, partner_org], what_happened=SECRET)
    services.park_item(item=concern, question="Zorg-vraag-xk42?", by=partner_member)
    make_example(partner_member, behaviour=behaviour, title="Gewoon voorbeeld")
    evaluation = make_evaluation(manager, [client_org, partner_org])
    client = login(client_member)
    assert client.get(concern.get_absolute_url()).status_code == 404
    assert client.get(reverse("evaluations:park_concern", args=[concern.pk])).status_code == 404
    assert client.post(reverse("evaluations:concern_status", args=[concern.pk])).status_code == 404
    pages = [
        reverse("evaluations:concerns"),
        reverse("evaluations:parked"),
        evaluation.get_absolute_url(),
        reverse("evaluations:pack_csv", args=[evaluation.pk]),
        reverse("examples:browse") + "?q=xk42",
        reverse("evaluations:history"),
        client_org.get_absolute_url(),
    ]
    for url in pages:
        text = client.get(url).content.decode("utf-8-sig")
        # The search box repeats what was searched for; nothing else may mention it.
        # (the collapsed filters' summary names it too, in quotes)
        shown = text.replace("q=xk42", "").replace('value="xk42"', "").replace("“xk42”", "")
        assert "xk42" not in shown, url
        # No count of concerns per pair either.
        assert 'id="table-concerns"' not in text, url
        assert "Zorgen tussen" not in text and "Concerns between" not in text, url
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("evaluations:pack_xlsx", args=[evaluation.pk])).content)
    )
    assert "concerns" not in workbook.sheetnames
    cells = " ".join(
        str(cell.value) for sheet in workbook for row in sheet.iter_rows() for cell in row
    )
    assert "xk42" not in cells
    services.close_evaluation(evaluation=evaluation)
    for url in (
        evaluation.get_absolute_url(),
        reverse("evaluations:pack_csv", args=[evaluation.pk]),
    ):
        text = client.get(url).content.decode("utf-8-sig")
        assert "xk42" not in text and 'id="table-concerns"' not in text


def test_the_manager_sees_concern_counts_per_pair(
    login, partner_member, manager, client_org, partner_org
):
    for org in (client_org, partner_org):
        for _ in range(5):
            make_member(org)
    make_concern(partner_member, [client_org, partner_org])
    evaluation = make_evaluation(manager, [client_org, partner_org])
    page = login(manager).get(evaluation.get_absolute_url()).content.decode()
    table = page.split('id="table-concerns"')[1].split("</table>")[0]
    assert "<td>1</td>" in table


def test_concern_counts_of_a_small_organisation_are_too_few_to_show(
    login, partner_member, manager, client_org, partner_org
):
    make_concern(partner_member, [client_org, partner_org])
    evaluation = make_evaluation(manager, [client_org, partner_org])
    page = login(manager).get(evaluation.get_absolute_url()).content.decode()
    table = page.split('id="table-concerns"')[1].split("</table>")[0]
    assert "<td>1</td>" not in table


def test_the_manager_resolves_a_concern_with_a_note(login, partner_member, manager, client_org):
    concern = make_concern(partner_member, [client_org])
    client = login(manager)
    url = reverse("evaluations:concern_status", args=[concern.pk])
    assert client.post(url, {"status": "resolved", "resolution_note": ""}).status_code == 422
    client.post(url, {"status": "resolved", "resolution_note": "Afspraak gemaakt."})
    concern.refresh_from_db()
    assert concern.status == "resolved" and concern.resolution_note == "Afspraak gemaakt."


def test_the_author_cannot_set_the_status(login, partner_member, client_org):
    concern = make_concern(partner_member, [client_org])
    url = reverse("evaluations:concern_status", args=[concern.pk])
    assert login(partner_member).post(url, {"status": "resolved"}).status_code == 403


def test_a_member_parks_an_example_and_a_comment(login, client_member, author, behaviour):
    example = make_example(author, behaviour=behaviour, title="Het parkeervoorbeeld")
    comment = make_comment(example, author, "Een scherpe opmerking")
    client = login(client_member)
    bad = client.post(reverse("evaluations:park_example", args=[example.pk]), {"question": ""})
    assert bad.status_code == 422
    client.post(reverse("evaluations:park_example", args=[example.pk]), {"question": "Norm?"})
    client.post(reverse("evaluations:park_comment", args=[comment.pk]), {"question": "Toon?"})
    page = client.get(reverse("evaluations:parked")).content.decode()
    assert "Het parkeervoorbeeld" in page and "Norm?" in page and "Toon?" in page
    assert ParkedItem.objects.count() == 2


def test_a_parked_hidden_example_is_listed_only_for_those_who_may_see_it(
    login, client_member, author, manager, behaviour
):
    example = make_example(author, behaviour=behaviour, title="Later-verborgen-pp7")
    services.park_item(item=example, question="Vraag-pp7?", by=author)
    example_services.hide_content(item=example, moderator=manager, reason="Nee.")
    assert "pp7" not in login(client_member).get(reverse("evaluations:parked")).content.decode()
    assert "Vraag-pp7?" in login(author).get(reverse("evaluations:parked")).content.decode()
    assert "Vraag-pp7?" in login(manager).get(reverse("evaluations:parked")).content.decode()
    hidden_park = reverse("evaluations:park_example", args=[example.pk])
    assert login(client_member).get(hidden_park).status_code == 404


def test_closing_takes_the_parked_items_off_the_waiting_list(
    login, client_member, author, manager, client_org, behaviour
):
    example = make_example(author, behaviour=behaviour)
    services.park_item(item=example, question="Vraag?", by=author)
    evaluation = make_evaluation(manager, [client_org])
    services.close_evaluation(evaluation=evaluation)
    assert "Vraag?" not in login(client_member).get(reverse("evaluations:parked")).content.decode()
    assert "Vraag?" in login(client_member).get(evaluation.get_absolute_url()).content.decode()


def _cells(response) -> str:
    workbook = load_workbook(io.BytesIO(response.content))
    return " ".join(
        str(cell.value) for sheet in workbook for row in sheet.iter_rows() for cell in row
    )


def test_hidden_content_changes_no_cell_of_the_workbook(
    login, client_member, author, manager, client_org, partner_org, behaviour
):
    for org in (client_org, partner_org):
        for _ in range(5):
            make_member(org)
    evaluation = make_evaluation(manager, [client_org, partner_org])
    url = reverse("evaluations:pack_xlsx", args=[evaluation.pk])
    client = login(client_member)
    before = _cells(client.get(url))
    with time_machine.travel("2026-02-15 10:00"):  # inside the evaluation's period
        hidden = make_example(
            author, behaviour=behaviour, title="Verborgen-werkmap-wb5", recognised=[client_org]
        )
    example_services.hide_content(item=hidden, moderator=manager, reason="Nee.")
    after = _cells(client.get(url))
    assert "wb5" not in after
    assert after == before


def test_an_organisation_admin_sees_the_concerns_that_name_their_organisation_only(
    login, partner_member, partner_admin, client_org, partner_org, other_partner_org
):
    named = make_concern(partner_member, [client_org, partner_org], what_happened=SECRET)
    unnamed = make_concern(partner_member, [client_org, other_partner_org], what_happened="Elders")
    client = login(partner_admin)
    assert SECRET in client.get(named.get_absolute_url()).content.decode()
    listed = client.get(reverse("evaluations:concerns")).content.decode()
    assert SECRET in listed and "Elders" not in listed
    assert client.get(unnamed.get_absolute_url()).status_code == 404
    # An admin of another organisation is an ordinary member for this concern.
    other_admin = make_member(other_partner_org, is_organisation_admin=True)
    assert login(other_admin).get(named.get_absolute_url()).status_code == 404
