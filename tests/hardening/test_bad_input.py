"""Bad input on every URL, query parameter and form field: form errors or 4xx, never a 5xx.

The URLs come from the URL resolver, so a new view is swept without anyone adding it here (a
new path parameter needs a sample value in `PATH_SAMPLES`, or the test says so). The query
parameters of a page are the ones its own GET forms and links use, plus the ones the views
read; the POST forms are the ones the pages render, found by fetching every page as every
kind of member. Each gets NUL bytes, megabyte strings, invalid UTF-8 (percent-encoded and as
raw bytes), out-of-range and negative numbers, unknown choices and impossible dates.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from types import SimpleNamespace
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from examples import services
from tests.conftest import HTMX
from tests.factories import make_comment, make_example, make_service_area

pytestmark = pytest.mark.django_db

MEGABYTE = "x" * 1_000_000
HUGE = "99999999999999999999"

# Values for a query parameter, already percent-encoded (so they can be invalid UTF-8).
QUERY_VALUES = [
    "%00",
    "a%00b",
    "%ff%fe",
    "%c0%af",
    "%ed%a0%80",
    "-1",
    "0",
    HUGE,
    "1e309",
    "NaN",
    "%5B%5D",
    "no-such-value",
    "2025-02-30",
    "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "%27%20OR%201%3D1--",
]
# Parameters the views read (request.GET), besides those the pages show in forms and links.
KNOWN_PARAMS = [
    "page",
    "q",
    "sort",
    "behaviour",
    "organisation",
    "period",
    "date_from",
    "date_to",
    "after",
    "cursor",
    "next",
    "posted_page",
    "recognised_page",
    "examples_page",
    "comments_page",
]
# Values for a form field.
POST_VALUES = [
    "\x00",
    "a\x00b",
    "-1",
    "0",
    HUGE,
    "1e309",
    "NaN",
    "no-such-choice",
    "9999-12-31",
    "2025-02-30",
    "<script>alert(1)</script>",
]
# Logging out ends the session the sweep runs in; it takes no input anyway.
SKIP_FORMS = {reverse("account_logout")}


@pytest.fixture
def site(author, client_member, partner_member, manager, client_org, behaviour):
    make_service_area()
    example = make_example(author, recognised=[client_org])
    comment = make_comment(example, client_member, body="Een reactie")
    report = services.report_content(reporter=partner_member, reason="Klopt niet", item=example)
    return SimpleNamespace(
        example=example,
        comment=comment,
        report=report,
        behaviour=behaviour,
        organisation=client_org,
        users={
            "manager": manager,
            "author": author,
            "commenter": client_member,
            "member": partner_member,
            "anonymous": None,
        },
    )


def _dashboard_names(attribute: str) -> str:
    from behaviours import dashboards

    return getattr(dashboards, attribute)[0]


def path_samples(site: SimpleNamespace, name: str) -> dict[str, Any]:
    """A real value for each path parameter of the named URL."""
    comment_views = {"edit_comment", "report_comment", "hide_comment", "restore_comment"}
    short = name.split(":")[-1]
    if short == "resolve_report":
        pk = site.report.pk
    elif short in comment_views:
        pk = site.comment.pk
    elif short == "member":
        pk = site.users["author"].pk
    else:
        pk = site.example.pk
    return {
        "pk": pk,
        "slug": site.behaviour.slug if name.startswith("behaviours:") else site.organisation.slug,
        "table": _dashboard_names("CSV_TABLES"),
        "panel": _dashboard_names("PANELS"),
        "uidb64": "MQ",
        "token": "set-password",
    }


def app_routes() -> Iterator[tuple[str, list[str]]]:
    """(name, path parameters) of every named URL outside the admin."""

    def walk(patterns: list[Any], namespace: str | None) -> Iterator[tuple[str, list[str]]]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = ":".join(filter(None, [namespace, pattern.namespace])) or None
                if pattern.app_name == "admin":
                    continue
                yield from walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                name = ":".join(filter(None, [namespace, pattern.name]))
                yield name, list(pattern.pattern.converters)

    yield from walk(get_resolver().url_patterns, None)


def app_urls(site: SimpleNamespace) -> list[str]:
    urls = []
    for name, params in app_routes():
        samples = path_samples(site, name)
        missing = set(params) - set(samples)
        assert not missing, f"{name}: add a sample value for {missing} to path_samples()"
        urls.append(reverse(name, kwargs={param: samples[param] for param in params}))
    return urls


def client_for(user: Any) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def check(response: Any, what: str) -> None:
    assert response.status_code < 500, f"{response.status_code} for {what}"


@dataclass
class FoundForm:
    action: str
    method: str
    fields: set[str] = field(default_factory=set)


class _Forms(HTMLParser):
    """The forms of a page with their field names, and the query parameters its links use."""

    def __init__(self, page_url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms: list[FoundForm] = []
        self.link_params: set[str] = set()
        self._current: FoundForm | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "form":
            action = urlsplit(values.get("action") or self.page_url).path or self.page_url
            self._current = FoundForm(action, values.get("method", "get").lower())
            self.forms.append(self._current)
        elif tag in ("input", "textarea", "select", "button") and values.get("name"):
            if self._current is not None and values["name"] != "csrfmiddlewaretoken":
                self._current.fields.add(values["name"])
        elif tag == "a" and "?" in values.get("href", ""):
            query = urlsplit(values["href"]).query
            self.link_params.update(key for key, _ in parse_qsl(query))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._current = None


def parse(url: str, html: str) -> _Forms:
    found = _Forms(url)
    found.feed(html)
    found.close()
    return found


# --- Path parameters ----------------------------------------------------------------------


def test_every_url_with_an_id_or_slug_answers_bad_ones_with_a_4xx(site):
    client = client_for(site.users["manager"])
    checked = 0
    for name, params in app_routes():
        if not params:
            continue
        good = path_samples(site, name)
        for param in params:
            for bad in (HUGE, "0", "-1", "%ff%fe", "%00", "no-such-thing", "é", "x" * 2000):
                url = reverse(name, kwargs={p: good[p] for p in params}).replace(
                    str(good[param]), bad, 1
                )
                for method in (client.get, client.post):
                    check(method(url), f"{method.__name__.upper()} {url[:120]}")
                    checked += 1
    assert client.get(f"/examples/{HUGE}/").status_code == 404
    assert client.get(f"/members/{HUGE}/").status_code == 404
    assert checked > 100


# --- Query parameters ---------------------------------------------------------------------


def page_params(client: Client, url: str) -> set[str]:
    """The query parameters a page uses: those of its GET forms and of its links."""
    response = client.get(url)
    check(response, f"GET {url}")
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return set()
    found = parse(url, response.content.decode())
    params = set(found.link_params)
    for form in found.forms:
        if form.method == "get":
            params |= form.fields
    return params


def test_every_page_answers_hostile_query_parameters_with_a_page_or_a_4xx(site):
    client = client_for(site.users["manager"])
    swept: set[str] = set()
    for url in app_urls(site):
        used = page_params(client, url)
        swept |= used
        # Every value on the parameters the page uses; the nastiest on those views may read.
        for param in sorted(used | set(KNOWN_PARAMS)):
            values = QUERY_VALUES if param in used or param == "page" else QUERY_VALUES[:5]
            for value in values:
                check(client.get(f"{url}?{param}={value}"), f"GET {url}?{param}={value}")
            check(client.get(f"{url}?{param}=%00", **HTMX), f"HTMX GET {url}?{param}=%00")
        everything = "&".join(f"{param}={MEGABYTE}" for param in sorted(used)[:3] or ["page"])
        check(client.get(f"{url}?{everything}"), f"GET {url} with megabyte parameters")
        check(client.get(f"{url}?%ff%fe=1&page=1&page=2"), f"GET {url} with a bad name")
    # The sweep saw the filters of browse and the dashboards, not only the fixed list.
    assert {"q", "behaviour", "organisation", "sort", "period"} <= swept, swept


def test_a_member_gets_no_5xx_from_hostile_parameters_either(site):
    # Members take other paths through the same views (visibility, no moderation): the
    # nastiest values once more, as a partner's member.
    client = client_for(site.users["member"])
    for url in app_urls(site):
        for param in sorted(page_params(client, url) | {"page", "q", "next"}):
            for value in QUERY_VALUES[:5]:
                check(client.get(f"{url}?{param}={value}"), f"GET {url}?{param}={value}")


def test_unknown_filter_values_on_browse_are_explained_not_crashed(login, site):
    client = login(site.users["member"])
    for query in ("behaviour=no-such", "organisation=%00", "sort=sideways", "q=%ff%fe%00"):
        response = client.get(f"/?{query}")
        assert response.status_code == 400, query
        assert response.context["form"].errors


# --- Forms --------------------------------------------------------------------------------


def discover_post_forms(site: SimpleNamespace) -> list[tuple[str, FoundForm]]:
    """Every POST form any kind of member is shown, with the member it was shown to."""
    seen: dict[tuple[str, frozenset[str]], tuple[str, FoundForm]] = {}
    for user_key, user in site.users.items():
        client = client_for(user)
        for url in app_urls(site):
            response = client.get(url)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            for form in parse(url, response.content.decode()).forms:
                if form.method != "post" or form.action in SKIP_FORMS:
                    continue
                seen.setdefault((form.action, frozenset(form.fields)), (user_key, form))
    return list(seen.values())


def test_every_form_refuses_hostile_fields_without_a_5xx(site):
    forms = discover_post_forms(site)
    actions = {form.action for _, form in forms}
    # The sweep reaches the forms that matter (a page that stops rendering one fails here).
    for expected in (
        reverse("examples:new"),
        reverse("examples:edit", args=[site.example.pk]),
        reverse("examples:add_comment", args=[site.example.pk]),
        reverse("examples:report_example", args=[site.example.pk]),
        reverse("examples:hide_example", args=[site.example.pk]),
        reverse("examples:resolve_report", args=[site.report.pk]),
        reverse("examples:edit_comment", args=[site.comment.pk]),
        reverse("account_login"),
        reverse("account_reset_password"),
    ):
        assert expected in actions, f"no form found for {expected}"

    posts = 0
    for user_key, form in forms:
        client = client_for(site.users[user_key])
        what = f"POST {form.action} as {user_key}"
        for name in sorted(form.fields):
            for value in POST_VALUES:
                check(client.post(form.action, {name: value}), f"{what} {name}={value!r}")
                posts += 1
            many = [str(number) for number in range(-5, 500)]
            check(client.post(form.action, {name: many}), f"{what} {name}=[500 values]")
        check(
            client.post(form.action, dict.fromkeys(form.fields, MEGABYTE)),
            f"{what} with a megabyte in every field",
        )
        check(
            client.post(form.action, dict.fromkeys(form.fields, "\x00"), **HTMX),
            f"HTMX {what} with NUL in every field",
        )
        raw = "&".join(f"{name}=\xff\xfe\x00" for name in sorted(form.fields)).encode("latin-1")
        check(
            client.post(form.action, raw, content_type="application/x-www-form-urlencoded"),
            f"{what} with raw invalid UTF-8",
        )
        encoded = "&".join(f"{name}=%ff%fe%00" for name in sorted(form.fields))
        check(
            client.post(form.action, encoded, content_type="application/x-www-form-urlencoded"),
            f"{what} with percent-encoded invalid UTF-8",
        )
        posts += 4
    assert posts > 300


def test_a_story_of_a_megabyte_is_refused_before_the_form_reads_it(login, site):
    client = login(site.users["author"])
    response = client.post(
        reverse("examples:new"),
        {
            "title": MEGABYTE,
            "behaviour": site.behaviour.pk,
            "recognised_organisations": [site.organisation.pk],
            "happened_on": "2025-01-01",
            "what_happened": MEGABYTE,
        },
    )
    assert response.status_code == 413  # REQUEST_BODY_LIMIT, with a page that says so
    assert "<html" in response.content.decode()
    assert not site.users["author"].examples.filter(happened_on="2025-01-01").exists()


def test_the_longest_story_in_the_widest_characters_fits_the_body_limit(login, site):
    # Every field at its limit in four-byte characters, percent-encoded as a browser sends it.
    client = login(site.users["author"])
    data = {
        "title": "😀" * 201,
        "behaviour": site.behaviour.pk,
        "recognised_organisations": [site.organisation.pk],
        "happened_on": "2025-01-01",
        "what_happened": "😀" * 20001,
        "partnership_impact": "😀" * 10001,
    }
    response = client.post(
        reverse("examples:new"),
        urlencode(data, doseq=True),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 422  # the form answers, field by field
    assert {"title", "what_happened"} <= set(response.context["form"].errors)


@pytest.mark.parametrize(
    ("field_name", "value"),
    [
        ("behaviour", HUGE),
        ("behaviour", "-1"),
        ("recognised_organisations", HUGE),
        ("service_area", "1e309"),
        ("happened_on", "99999-01-01"),
        ("title", "Titel\x00met NUL"),
    ],
)
def test_out_of_range_choices_in_the_example_form_are_form_errors(login, site, field_name, value):
    data = {
        "title": "Titel",
        "behaviour": site.behaviour.pk,
        "recognised_organisations": [site.organisation.pk],
        "happened_on": "2025-01-01",
        "what_happened": "Verhaal",
        field_name: value,
    }
    response = login(site.users["author"]).post(reverse("examples:new"), data)
    assert response.status_code == 422
    assert field_name in response.context["form"].errors


def test_a_comment_with_a_nul_byte_is_refused_with_the_form(login, site):
    url = reverse("examples:add_comment", args=[site.example.pk])
    response = login(site.users["member"]).post(url, {"body": "a\x00b"}, **HTMX)
    assert response.status_code == 422
    site.example.refresh_from_db()
    assert site.example.comment_count == 1
