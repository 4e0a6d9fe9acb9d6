"""The flows the issue names, in a real browser: post an example, comment without a reload,
toggle inspiring, filter the list and come back with the back button, and a manager hides an
example whose author then sees the reason."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from behaviours.models import Behaviour
from examples.models import Example, Reaction
from partnership.models import Organisation, User
from tests.browser.conftest import PageProblems
from tests.factories import make_behaviour, make_example

SignIn = Callable[[User], Page]


def remember_document(page: Page) -> None:
    """Mark the current document; `same_document` tells whether a full page load replaced it."""
    page.evaluate("window.__browserTestMarker = true")


def same_document(page: Page) -> bool:
    return bool(page.evaluate("window.__browserTestMarker === true"))


def test_a_member_shares_an_example_guided_by_the_behaviours_questions(
    sign_in: SignIn,
    member: User,
    partner_org: Organisation,
    client_org: Organisation,
    browser_behaviour: Behaviour,
) -> None:
    other = make_behaviour("transparency", name_nl="Transparantie", name_en="Transparency")
    page = sign_in(member)
    page.locator(f'header nav a[href="{reverse("examples:new")}"]').click()
    expect(page).to_have_url(re.compile(re.escape(reverse("examples:new")) + "$"))

    # Choosing a behaviour shows its prompting questions, and only those.
    page.locator(f'input[name="behaviour"][value="{browser_behaviour.pk}"]').check()
    chosen = page.locator(f'.guidance[data-behaviour="{browser_behaviour.pk}"]')
    expect(chosen).to_be_visible()
    for prompt in browser_behaviour.prompts_nl.splitlines():
        expect(chosen).to_contain_text(prompt.strip())
    expect(page.locator(f'.guidance[data-behaviour="{other.pk}"]')).to_be_hidden()

    happened_on = timezone.localdate() - timedelta(days=3)
    # A title of only spaces passes the browser's own check but not the server's: the form
    # comes back with the problem listed and everything else still filled in.
    page.locator("#id_title").fill("   ")
    page.locator("#id_what_happened").fill(
        "Een engineer van **DataCenter Partners** zag een volle schijf en loste het op."
    )
    page.locator("#id_happened_on").fill(happened_on.isoformat())
    page.locator(f'input[name="recognised_organisations"][value="{partner_org.pk}"]').check()
    page.locator(f'input[name="recognised_organisations"][value="{client_org.pk}"]').check()
    page.locator("#example-form [type=submit]").click()
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator('.error-summary a[href="#id_title"]')).to_be_visible()
    expect(page.locator("#id_what_happened")).to_have_value(re.compile("volle schijf"))
    expect(page.locator(f'input[name="behaviour"][value="{browser_behaviour.pk}"]')).to_be_checked()
    assert not Example.objects.exists()

    page.locator("#id_title").fill("Storing opgepakt voordat iemand het vroeg")
    page.locator("#example-form [type=submit]").click()

    # On success the member lands on the new example, Markdown rendered.
    example = Example.objects.get(title="Storing opgepakt voordat iemand het vroeg")
    expect(page).to_have_url(re.compile(re.escape(example.get_absolute_url()) + "$"))
    expect(page.locator("h1")).to_have_text("Storing opgepakt voordat iemand het vroeg")
    expect(page.locator(".example-story strong")).to_have_text("DataCenter Partners")
    assert example.author == member
    assert example.behaviour == browser_behaviour
    assert example.happened_on == happened_on
    assert set(example.recognised_organisations.all()) == {partner_org, client_org}


def test_a_comment_is_posted_without_a_reload(
    sign_in: SignIn, member: User, browser_author: User, browser_behaviour: Behaviour
) -> None:
    example = make_example(browser_author, behaviour=browser_behaviour, title="Eerlijk gemeld")
    page = sign_in(member)
    page.goto(example.get_absolute_url())
    expect(page.locator("#comment-count")).to_contain_text("0")
    remember_document(page)

    # Only spaces: the error shows inline, in the same page.
    body = page.locator(".comment-form textarea[name=body]")
    body.fill("   ")
    page.locator(".comment-form [type=submit]").click()
    expect(page.locator(".comment-form [id$='_error'], .comment-form .errorlist")).to_be_visible()
    assert same_document(page)

    page.locator(".comment-form textarea[name=body]").fill("Dit wil ik bij ons ook proberen.")
    page.locator(".comment-form [type=submit]").click()
    thread = page.locator(".comment-thread")
    expect(thread).to_contain_text("Dit wil ik bij ons ook proberen.")
    expect(thread).to_contain_text("Bram Browser")
    # The count elsewhere on the page follows (an out-of-band swap), the form is empty again.
    expect(page.locator("#comment-count")).to_contain_text("1")
    expect(page.locator(".comment-form textarea[name=body]")).to_have_value("")
    assert same_document(page)
    example.refresh_from_db()
    assert example.comment_count == 1


def test_the_inspiring_toggle_updates_its_count_in_place(
    sign_in: SignIn, member: User, browser_author: User, browser_behaviour: Behaviour
) -> None:
    example = make_example(browser_author, behaviour=browser_behaviour)
    page = sign_in(member)
    page.goto(example.get_absolute_url())
    remember_document(page)
    button = page.locator(".inspiring-form button")
    expect(button).to_have_attribute("aria-pressed", "false")
    expect(button).to_contain_text("(0)")

    button.click()
    expect(page.locator(".inspiring-form button")).to_have_attribute("aria-pressed", "true")
    expect(page.locator(".inspiring-form button")).to_contain_text("(1)")
    assert Reaction.objects.filter(example=example, member=member).exists()

    page.locator(".inspiring-form button").click()
    expect(page.locator(".inspiring-form button")).to_have_attribute("aria-pressed", "false")
    expect(page.locator(".inspiring-form button")).to_contain_text("(0)")
    assert not Reaction.objects.filter(example=example, member=member).exists()
    assert same_document(page)


def test_filtering_follows_the_url_and_the_back_button_restores_the_list(
    sign_in: SignIn, member: User, browser_author: User, browser_behaviour: Behaviour
) -> None:
    transparency = make_behaviour("transparency", name_nl="Transparantie", name_en="Transparency")
    make_example(browser_author, behaviour=browser_behaviour, title="Zelf de storing opgelost")
    make_example(browser_author, behaviour=transparency, title="Open over de vertraging")
    page = sign_in(member)
    results = page.locator("#example-results")
    expect(results).to_contain_text("Zelf de storing opgelost")
    expect(results).to_contain_text("Open over de vertraging")
    remember_document(page)

    # Choosing a behaviour swaps only the list and puts the filter in the address bar.
    page.locator('input[name="behaviour"][value="transparency"]').check()
    expect(page).to_have_url(re.compile(r"[?&]behaviour=transparency\b"))
    expect(results).not_to_contain_text("Zelf de storing opgelost")
    expect(results).to_contain_text("Open over de vertraging")
    assert same_document(page)

    # Back: the full list and an empty filter again; forward: filtered again.
    page.go_back()
    expect(page).not_to_have_url(re.compile(r"behaviour="))
    expect(page.locator("#example-results")).to_contain_text("Zelf de storing opgelost")
    expect(page.locator("#example-results")).to_contain_text("Open over de vertraging")
    expect(page.locator('input[name="behaviour"][value=""]')).to_be_checked()
    page.go_forward()
    expect(page).to_have_url(re.compile(r"[?&]behaviour=transparency\b"))
    expect(page.locator("#example-results")).not_to_contain_text("Zelf de storing opgelost")
    expect(page.locator('input[name="behaviour"][value="transparency"]')).to_be_checked()

    # A reload (or a shared link) shows the same filtered page in full.
    page.reload()
    expect(page.locator('input[name="behaviour"][value="transparency"]')).to_be_checked()
    expect(page.locator("#example-results")).to_contain_text("Open over de vertraging")
    expect(page.locator("#example-results")).not_to_contain_text("Zelf de storing opgelost")
    expect(page.locator("html")).to_have_count(1)


def test_a_manager_hides_an_example_and_its_author_sees_the_reason(
    page: Page,
    page_problems: PageProblems,
    sign_in: SignIn,
    sign_out: Callable[[], Page],
    browser_manager: User,
    browser_author: User,
    member: User,
    browser_behaviour: Behaviour,
) -> None:
    example = make_example(browser_author, behaviour=browser_behaviour, title="Te persoonlijk")
    reason = "Noemt een klant bij naam; pas dat aan, dan zetten we het terug."

    sign_in(browser_manager)
    page.goto(example.get_absolute_url())
    page.locator(f'a[href="{reverse("examples:hide_example", args=[example.pk])}"]').click()
    page.locator("textarea[name=reason]").fill(reason)
    page.locator("main form[method=post] [type=submit]").click()
    expect(page).to_have_url(re.compile(re.escape(example.get_absolute_url()) + "$"))
    expect(page.locator(".hidden-notice")).to_contain_text(reason)
    sign_out()

    # The author still sees the example, marked hidden, with the manager's reason.
    sign_in(browser_author)
    page.goto(example.get_absolute_url())
    expect(page.locator("h1")).to_have_text("Te persoonlijk")
    expect(page.locator(".hidden-notice")).to_contain_text(reason)
    expect(page.locator(".hidden-notice")).to_contain_text("Mona Manager")
    sign_out()

    # Any other member finds nothing there.
    sign_in(member)
    # The 404 page (and the favicon request on it) are logged by Chromium as console errors.
    page_problems.expect(r"status of 404\b")
    response = page.goto(example.get_absolute_url())
    assert response is not None and response.status == 404
    expect(page.locator("main")).not_to_contain_text(reason)
    example.refresh_from_db()
    assert example.is_hidden
    assert example.moderation_reason == reason
