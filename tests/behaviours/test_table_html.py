"""A figures table built in Python (Table.html) shows what the template used to render."""

from __future__ import annotations

import re

import pytest
from django.template import Context, Template
from django.template.loader import render_to_string
from django.utils import translation

from behaviours.dashboards.tables import Row, Table, number, text_cell

# templates/behaviours/_table.html as it was when each cell went through the template engine.
TEMPLATE_TABLE = """{% load i18n %}<div class="table-scroll" tabindex="0" role="region" aria-labelledby="caption-{{ table.slug }}">
  <table class="figures" id="table-{{ table.slug }}" data-table="{{ table.slug }}">
    <caption id="caption-{{ table.slug }}">{{ table.caption }}</caption>
    <thead>
      <tr><th scope="col">{{ table.row_header }}</th>{% for column in table.columns %}<th scope="col">{{ column }}</th>{% endfor %}</tr>
    </thead>
    <tbody>
      {% for row in table.rows %}
      <tr{% if row.note %} class="row-{{ row.note }}"{% endif %}>
        <th scope="row">{{ row.label }}{% if row.note == "one-way" %} <span class="flag">{% translate "one-way" %}</span>{% elif row.note == "silent" %} <span class="flag">{% translate "silent" %}</span>{% endif %}</th>
        {% for cell in row.cells %}<td{% if cell.suppressed %} class="too-few"{% endif %}>{{ cell.display }}</td>{% endfor %}
      </tr>
      {% endfor %}
    </tbody>
    {% if table.totals %}
    <tfoot>
      <tr><th scope="row">{{ table.totals.label }}</th>{% for cell in table.totals.cells %}<td{% if cell.suppressed %} class="too-few"{% endif %}>{{ cell.display }}</td>{% endfor %}</tr>
    </tfoot>
    {% endif %}
  </table>
</div>"""  # noqa: E501


def a_table(*, totals: bool) -> Table:
    return Table(
        slug="reciprocity",
        caption="Who <recognises> whom & how often",
        row_header="Organisation",
        columns=["Gives", 'Share "of" all', "O'Brien's"],
        rows=[
            Row(
                "Client <b>org</b>",
                [number(1234), number(12.345, decimals=1, suffix="%"), number(None)],
            ),
            Row(
                "Partner & co",
                [number(7, hidden=True), number(0.5, decimals=2), text_cell("<n/a>")],
                note="one-way",
            ),
            Row(
                "Quiet one",
                [number(0), number(1 / 3, decimals=1, suffix=" %"), number(5, hidden=True)],
                note="silent",
            ),
        ],
        totals=Row(
            "All", [number(1241), number(100.0, decimals=1, suffix="%"), number(3, hidden=True)]
        )
        if totals
        else None,
    )


def without_layout(html: str) -> str:
    """The markup without the indentation and line breaks between tags."""
    return re.sub(r">\s+<", "><", html).strip()


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("totals", [True, False])
def test_the_table_shows_what_the_template_rendered(language: str, totals: bool) -> None:
    table = a_table(totals=totals)
    with translation.override(language):
        by_template = Template(TEMPLATE_TABLE).render(Context({"table": table}))
        in_python = render_to_string("behaviours/_table.html", {"table": table})

    assert without_layout(in_python) == without_layout(by_template)
    assert "&lt;recognises&gt; whom &amp; how often" in in_python
    assert '<td class="too-few">' in in_python
    assert ("<tfoot>" in in_python) is totals


def test_the_numbers_follow_the_active_language() -> None:
    table = a_table(totals=True)
    with translation.override("nl"):
        dutch = table.html()
    with translation.override("en"):
        english = table.html()

    assert "<td>12,3%</td>" in dutch
    assert "<td>12.3%</td>" in english
    assert '<span class="flag">eenzijdig</span>' in dutch
    assert '<span class="flag">stil</span>' in dutch
    assert '<span class="flag">one-way</span>' in english
