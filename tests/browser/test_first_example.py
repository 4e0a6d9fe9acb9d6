"""A new member publishes a first example from the home page: four inputs and one submit, in
Dutch and in English."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from behaviours.models import Behaviour
from examples.models import Example
from partnership.models import Organisation, User

pytestmark = pytest.mark.browser

WORDS = {
    "nl": {"invite": "Deel je eerste voorbeeld", "submit": "Voorbeeld delen"},
    "en": {"invite": "Share your first example", "submit": "Share the example"},
}


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_first_example_takes_four_inputs_and_one_submit(
    sign_in: Callable[[User], Page],
    member: User,
    client_org: Organisation,
    browser_behaviour: Behaviour,
    language: str,
) -> None:
    member.preferred_language = language
    member.save(update_fields=["preferred_language"])
    page = sign_in(member)
    words = WORDS[language]

    # The home page welcomes a member who has shared nothing yet and invites the first example.
    expect(page.locator(".welcome")).to_be_visible()
    page.get_by_role("button", name=words["invite"]).click()

    page.locator(f'input[name="behaviour"][value="{browser_behaviour.pk}"]').check()  # 1
    page.locator("#id_title").fill("Back-up hersteld voor de deadline")  # 2
    page.locator("#id_what_happened").fill("Yusuf bleef tot de herstelde back-up was getest.")  # 3
    page.locator(f'input[name="recognised_organisations"][value="{client_org.pk}"]').check()  # 4
    page.get_by_role("button", name=words["submit"]).click()  # the one submit

    example = Example.objects.get(title="Back-up hersteld voor de deadline")
    expect(page).to_have_url(re.compile(re.escape(example.get_absolute_url()) + "$"))
    assert example.author == member
    assert example.happened_on == timezone.localdate()
    assert list(example.recognised_organisations.all()) == [client_org]


def test_the_organisations_question_is_checked_before_sending(
    sign_in: Callable[[User], Page], member: User, browser_behaviour: Behaviour
) -> None:
    page = sign_in(member)
    page.goto("/examples/new/")
    page.locator(f'input[name="behaviour"][value="{browser_behaviour.pk}"]').check()
    page.locator("#id_title").fill("Zonder organisatie")
    page.locator("#id_what_happened").fill("Nog geen organisatie aangevinkt.")
    page.get_by_role("button", name="Voorbeeld delen").click()

    # The browser's own check stops the form: nothing was sent, the first box is invalid.
    first_box = page.locator('input[name="recognised_organisations"]').first
    assert first_box.evaluate("box => !box.checkValidity()")
    assert page.url.endswith("/examples/new/")
    assert not Example.objects.exists()
