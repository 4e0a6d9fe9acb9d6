"""Issue 14's "Done when" in a real browser: a manager schedules an evaluation, a member parks
an example with a question, the agenda shows it with the figures, the outcomes and an open
concern; the manager records a decision and an action and closes the evaluation; new examples
and a hidden one leave the closed evaluation's figures unchanged; the next evaluation's agenda
shows the open action."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from behaviours.models import Behaviour
from evaluations import services
from evaluations.models import Evaluation
from examples import services as example_services
from partnership.models import Organisation, User
from tests.factories import make_example, make_member

SignIn = Callable[[User], Page]


def test_an_evaluation_from_agenda_to_frozen_pack_to_the_next_agenda(
    sign_in: SignIn,
    sign_out: Callable[[], Page],
    member: User,
    browser_manager: User,
    browser_author: User,
    client_org: Organisation,
    partner_org: Organisation,
    browser_behaviour: Behaviour,
) -> None:
    for org in (client_org, partner_org):
        for _ in range(5):
            make_member(org)  # above the privacy floor, so the figures show
    example = make_example(
        browser_author, behaviour=browser_behaviour, title="Schijf vol, samen opgelost"
    )
    make_example(browser_author, behaviour=browser_behaviour, title="Tweede voorbeeld")
    services.create_outcome(
        title="Storingen binnen een dag opgelost",
        success="90% binnen 24 uur.",
        owners=[client_org, partner_org],
        status="on_track",
        note="Afgesproken bij de start.",
        by=browser_manager,
    )
    services.raise_concern(
        author=browser_author,
        organisations=[client_org, partner_org],
        what_happened="Wijzigingen komen zonder aankondiging",
        wish="Een week vooraf melden.",
    )
    today = timezone.localdate()

    # A manager schedules the evaluation.
    page = sign_in(browser_manager)
    page.goto(reverse("evaluations:history"))
    page.locator(f'a[href="{reverse("evaluations:schedule")}"]').click()
    page.locator("#id_held_on").fill((today + timedelta(days=7)).isoformat())
    page.locator("#id_period_start").fill((today - timedelta(days=30)).isoformat())
    page.locator("#id_period_end").fill(today.isoformat())
    page.locator(f'input[name="organisations"][value="{client_org.pk}"]').check()
    page.locator(f'input[name="organisations"][value="{partner_org.pk}"]').check()
    page.get_by_role("button", name="Plannen").click()
    expect(page.locator("#evaluation-status")).to_have_text("Gepland")
    evaluation = Evaluation.objects.get()
    sign_out()

    # A member parks an example with a question.
    page = sign_in(member)
    page.goto(example.get_absolute_url())
    page.get_by_role("link", name="Parkeer voor de evaluatie").click()
    page.locator("#id_question").fill("Hoe maken we dit de norm?")
    page.get_by_role("button", name="Parkeren").click()
    expect(page.locator("#parked-items")).to_contain_text("Hoe maken we dit de norm?")
    sign_out()

    # The agenda shows it with the figures, the outcome and the open concern.
    page = sign_in(browser_manager)
    page.goto(evaluation.get_absolute_url())
    expect(page.locator("#parked-items")).to_contain_text("Hoe maken we dit de norm?")
    expect(page.locator("#table-review")).to_be_visible()
    expect(page.locator("#outcomes")).to_contain_text("Storingen binnen een dag opgelost")
    expect(page.locator("#concerns")).to_contain_text("Wijzigingen komen zonder aankondiging")

    # The manager records a decision and an action, then closes the evaluation.
    page.locator("#id_text").fill("We werken met een gedeeld piketrooster.")
    page.get_by_role("button", name="Leg het besluit vast").click()
    expect(page.locator("#decision-list")).to_contain_text("gedeeld piketrooster")
    page.locator("#id_what").fill("Piketrooster opstellen")
    page.locator("#id_organisation").select_option(str(partner_org.pk))
    page.locator("#id_due_on").fill((today + timedelta(days=30)).isoformat())
    page.get_by_role("button", name="Leg de actie vast").click()
    expect(page.locator("#action-table")).to_contain_text("Piketrooster opstellen")
    page.locator("#close-evaluation").click()
    expect(page.locator("#evaluation-status")).to_have_text("Afgesloten")
    frozen = page.locator("#table-review").inner_text()
    assert "2" in frozen

    # New examples and a hidden one leave the closed evaluation's figures unchanged.
    for n in range(3):
        make_example(browser_author, behaviour=browser_behaviour, title=f"Later {n}")
    example_services.hide_content(item=example, moderator=browser_manager, reason="Dubbel.")
    page.reload()
    assert page.locator("#table-review").inner_text() == frozen

    # The next evaluation's agenda shows the open action.
    services.schedule_evaluation(
        held_on=today + timedelta(days=90),
        period_start=today + timedelta(days=1),
        period_end=today + timedelta(days=80),
        organisations=[client_org, partner_org],
        by=browser_manager,
    )
    page.goto(reverse("evaluations:history"))
    page.locator("#evaluation-list a").first.click()
    expect(page.locator("#previous-actions")).to_contain_text("Piketrooster opstellen")
