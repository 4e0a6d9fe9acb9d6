"""The overview, the highlights, the review's comparison and the moderation log as CSV: the same
figures as their pages, the privacy floor, inert formulas, and budgets that hold (issue 14)."""

from __future__ import annotations

import html as html_lib
import re
from datetime import datetime

import pytest

from examples import services
from examples.models import Comment
from tests.behaviours.tables import html_table, parse_csv
from tests.behaviours.test_dashboards import count_queries, get, grow
from tests.behaviours.world import AMS, MARCH, World
from tests.conftest import HTMX

TOO_FEW = "too few to show"
# The last 30 days before "now" (2 April): the world's moderation actions happened "now".
LAST_30 = {"period": "30"}


def _text(fragment: str) -> str:
    return html_lib.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


def page_highlights(html: str) -> list[list[str]]:
    """The highlights panel as rows: behaviour, list, rank, title, organisation, its count."""
    result = []
    for article in re.findall(r'<article class="highlight[^"]*">(.*?)</article>', html, re.S):
        behaviour = _text(re.search(r"<h3>(.*?)</h3>", article, re.S).group(1))  # type: ignore[union-attr]
        for kind, items in re.findall(r"<h4>(.*?)</h4>\s*<ol>(.*?)</ol>", article, re.S):
            entry = r'<li><a [^>]*>(.*?)</a> <span class="meta">\((.*?); (\d+) '
            entries = re.findall(entry, items)
            for rank, (title, organisation, count) in enumerate(entries, start=1):
                result.append(
                    [behaviour, kind, str(rank), _text(title), _text(organisation), count]
                )
    return result


def page_moderation_log(html: str) -> list[list[str]]:
    """The moderation queue's recent actions: when (as the CSV writes it), who, action, item,
    reason."""
    section = html.split('id="actions-heading"', 1)[1].split("</section>", 1)[0]
    result = []
    for row in re.findall(r"<tr>(.*?)</tr>", section, re.S)[1:]:
        when = datetime.fromisoformat(re.search(r'datetime="([^"]+)"', row).group(1))  # type: ignore[union-attr]
        cells = [_text(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        result.append([f"{when.astimezone(AMS):%Y-%m-%d %H:%M}", *cells[1:]])
    return result


def test_the_overview_csv_has_the_overview_pages_figures_with_the_privacy_floor(
    world: World, login
) -> None:
    client = login(world.member)
    page = client.get("/overview/").content.decode()
    assert "/dashboard/csv/overview.csv" in page
    response = client.get("/dashboard/csv/overview.csv")
    assert response.status_code == 200
    assert 'filename="overview.csv"' in response["Content-Disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")
    csv_rows = parse_csv(response.content)
    assert csv_rows == html_table(page, "overview")
    header, *body = csv_rows
    tiny = header.index("Tiny Consult")
    assert {row[tiny] for row in body} == {TOO_FEW}
    # All time: E1–E5 and E8–E11; not S's E6, not the hidden E7.
    assert {row[0]: row[-1] for row in body}["Total"] == "9"


def test_the_highlights_csv_lists_what_the_highlights_panel_shows(world: World, login) -> None:
    client = login(world.member)
    panel = get(client, "/dashboard/highlights/", MARCH, **HTMX).content.decode()
    assert "/dashboard/csv/highlights.csv?" in panel
    response = get(client, "/dashboard/csv/highlights.csv", MARCH)
    assert 'filename="highlights-20260301-20260328.csv"' in response["Content-Disposition"]
    header, *body = parse_csv(response.content)
    assert header == [
        "Behaviour",
        "List",
        "Rank",
        "Example",
        "Organisation",
        "Found this inspiring",
        "Comments",
    ]
    # The page shows the count its list ranks by: reactions when inspiring, else comments.
    shown = [[*row[:5], row[5] if row[1] == "Most inspiring" else row[6]] for row in body]
    assert shown == page_highlights(panel)
    e = world.examples
    assert [row[3] for row in body] == [e["E1"].title, e["E2"].title, e["E3"].title, e["E3"].title]
    assert e["E7"].title not in response.content.decode()  # hidden


def test_the_review_csv_is_the_reviews_comparison(world: World, login) -> None:
    client = login(world.member)
    page = get(client, "/dashboard/review/", MARCH).content.decode()
    assert "/dashboard/csv/review.csv?" in page
    csv_rows = parse_csv(get(client, "/dashboard/csv/review.csv", MARCH).content)
    assert csv_rows == html_table(page, "review")
    assert {row[0]: row[1:] for row in csv_rows}["Published examples"] == ["6", "2", "4"]


def test_the_review_csv_of_a_too_small_organisation_shows_no_example_counts(
    world: World, login
) -> None:
    params = {**MARCH, "organisation": world.S.slug}
    csv_rows = parse_csv(get(login(world.member), "/dashboard/csv/review.csv", params).content)
    assert {row[0]: row[1:] for row in csv_rows}["Published examples"] == [TOO_FEW] * 3


def test_the_moderation_log_lists_every_action_as_the_queue_does(world: World, login) -> None:
    services.resolve_report(
        report=world.examples["E3"].reports.get(),
        moderator=world.manager,
        outcome="no_action",
        note="Fine as it is",
    )
    client = login(world.manager)
    dashboard = get(client, "/dashboard/", LAST_30).content.decode()
    assert "/dashboard/csv/moderation-log.csv?period=30" in dashboard
    queue = client.get("/moderation/").content.decode()
    assert "/dashboard/csv/moderation-log.csv?period=365" in queue
    response = get(client, "/dashboard/csv/moderation-log.csv", LAST_30)
    assert response.status_code == 200
    assert response.content.startswith(b"\xef\xbb\xbf")
    header, *body = parse_csv(response.content)
    assert header == ["When", "Who", "Action", "Item", "Reason"]
    assert body == page_moderation_log(queue)
    assert [row[2:] for row in body] == [
        ["Report resolved", world.examples["E3"].title, "Fine as it is"],
        ["Hidden", f"Comment on “{world.examples['E3'].title}”", "Rude"],
        ["Hidden", world.examples["E7"].title, "Off topic"],
    ]
    # A period without moderation: only the header.
    assert parse_csv(get(client, "/dashboard/csv/moderation-log.csv", MARCH).content) == [header]


def test_only_managers_get_the_moderation_log(world: World, login) -> None:
    client = login(world.member)
    assert get(client, "/dashboard/csv/moderation-log.csv", LAST_30).status_code == 404
    assert "moderation-log" not in get(client, "/dashboard/", LAST_30).content.decode()


def test_titles_and_reasons_cannot_run_as_formulas(world: World, login) -> None:
    e3 = world.examples["E3"]
    e3.title = '=HYPERLINK("http://evil.example","E3")'
    e3.save(update_fields=["title"])
    services.hide_content(
        item=Comment.objects.filter(example=e3).first(),  # type: ignore[arg-type]
        moderator=world.manager,
        reason="@cmd|' /C calc'!A0",
    )
    client = login(world.manager)
    highlights = parse_csv(get(client, "/dashboard/csv/highlights.csv", LAST_30).content)
    assert '\'=HYPERLINK("http://evil.example","E3")' in [row[3] for row in highlights]
    log = parse_csv(get(client, "/dashboard/csv/moderation-log.csv", LAST_30).content)
    assert log[1][4] == "'@cmd|' /C calc'!A0"
    assert log[1][3].startswith("Comment on “=HYPERLINK")  # not at the start: harmless


# Session, member and permission look-ups included; cold cache.
CSVS = [
    ("/dashboard/csv/overview.csv", 7),
    ("/dashboard/csv/highlights.csv", 8),
    ("/dashboard/csv/review.csv", 23),
    ("/dashboard/csv/moderation-log.csv", 4),
]


@pytest.mark.parametrize(("url", "budget"), CSVS)
def test_the_csv_query_counts_do_not_grow_with_the_data(
    world: World, login, url: str, budget: int
) -> None:
    client = login(world.manager)
    small = count_queries(client, url, LAST_30)
    grow(world, 30)
    for comment in Comment.objects.order_by("-pk")[:6]:
        services.hide_content(item=comment, moderator=world.manager, reason="Off topic")
    response = get(client, url, LAST_30)
    assert len(parse_csv(response.content)) > 1
    large = count_queries(client, url, LAST_30)
    assert small == large
    assert large <= budget, large
