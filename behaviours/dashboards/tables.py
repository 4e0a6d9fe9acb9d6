"""Tables: what the HTML tables and the CSV downloads are both rendered from."""

from __future__ import annotations

import csv
import html
import io
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils import formats
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.translation import gettext, gettext_lazy

from behaviours.templatetags.behaviour_tags import behaviour_icon

TOO_FEW = gettext_lazy("too few to show")
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(text: str) -> str:
    """Text a spreadsheet shows as text: a leading `'` before a formula's first character.

    For names members or managers typed (organisations, behaviours, service areas) and every
    other text cell of a CSV; numbers are never passed here, so a real -3 stays a number.
    """
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


@dataclass(frozen=True)
class Cell:
    """One figure. `value` is None when it is suppressed or does not apply."""

    value: int | float | None
    suppressed: bool = False
    decimals: int = 0
    suffix: str = ""
    empty: str = "–"

    @property
    def display(self) -> str:
        if self.suppressed:
            return str(TOO_FEW)
        if self.value is None:
            return self.empty
        if isinstance(self.value, float) or self.decimals:
            # number_format cuts digits off; round half up first, as people round by hand.
            exponent = Decimal(1).scaleb(-self.decimals)
            rounded = Decimal(repr(self.value)).quantize(exponent, rounding=ROUND_HALF_UP)
            text = formats.number_format(rounded, self.decimals)
        else:
            text = str(self.value)
        return f"{text}{self.suffix}"

    @property
    def csv_text(self) -> str:
        """The cell in a CSV: a number as it is, any text made safe for spreadsheets."""
        if self.value is not None and not self.suppressed:
            return self.display
        return spreadsheet_safe(self.display)

    def __str__(self) -> str:
        return self.display


def number(value: int | float | None, *, hidden: bool = False, **kwargs: Any) -> Cell:
    return Cell(None if hidden else value, suppressed=hidden, **kwargs)


def text_cell(text: str) -> Cell:
    return Cell(None, empty=text)


@dataclass
class Row:
    label: str
    cells: list[Cell]
    note: str = ""
    # A behaviour's slug when the row is a behaviour: its header then has the behaviour's
    # colour and icon, as on the cards (the HTML only; a CSV has the name).
    behaviour: str = ""


@dataclass
class Table:
    """A captioned table of figures; rows carry a label and one cell per column."""

    slug: str
    caption: str
    row_header: str
    columns: list[str]
    rows: list[Row]
    totals: Row | None = None

    def html(self) -> SafeString:
        """The `<table>` element, escaped as a template would escape it.

        Built in Python rather than in a template: a year's dashboard has thousands of cells,
        and rendering each through the template engine cost most of a warm request. The
        caption, `scope` attributes, flags and "too few to show" cells are as they were
        (templates/behaviours/_table.html wraps this and adds the CSV link).
        """
        slug = _text(self.slug)
        head = "".join(f'<th scope="col">{_text(column)}</th>' for column in self.columns)
        flags = {note: _text(gettext(note)) for note in ("one-way", "silent")}
        body = "".join(_row_html(row, flags) for row in self.rows)
        foot = ""
        if self.totals:
            label = _text(self.totals.label)
            cells = _cells_html(self.totals.cells)
            foot = f'<tfoot>\n<tr><th scope="row">{label}</th>{cells}</tr>\n</tfoot>\n'
        return mark_safe(
            f'<table class="figures" id="table-{slug}" data-table="{slug}">\n'
            f'<caption id="caption-{slug}">{_text(self.caption)}</caption>\n'
            f'<thead>\n<tr><th scope="col">{_text(self.row_header)}</th>{head}</tr>\n</thead>\n'
            f"<tbody>\n{body}</tbody>\n{foot}</table>"
        )

    def csv_rows(self) -> list[list[str]]:
        rows = [[self.row_header, *self.columns]]
        rows += [[row.label, *(cell.display for cell in row.cells)] for row in self.rows]
        if self.totals is not None:
            rows.append([self.totals.label, *(cell.display for cell in self.totals.cells)])
        return rows

    def csv_cells(self) -> list[list[str]]:
        """The rows of the CSV download: `csv_rows` with every text cell made safe."""
        rows = [[spreadsheet_safe(self.row_header), *map(spreadsheet_safe, self.columns)]]
        body = [*self.rows, *([self.totals] if self.totals is not None else [])]
        rows += [[spreadsheet_safe(r.label), *(c.csv_text for c in r.cells)] for r in body]
        return rows


def _text(value: object) -> str:
    """A value as `{{ value }}` shows it: localized, then escaped unless marked safe."""
    value = formats.localize(value)
    return str(value) if isinstance(value, SafeData) else html.escape(str(value))


def _cells_html(cells: list[Cell]) -> str:
    return "".join(
        f'<td class="too-few">{html.escape(cell.display)}</td>'
        if cell.suppressed
        else f"<td>{html.escape(cell.display)}</td>"
        for cell in cells
    )


def _row_html(row: Row, flags: dict[str, str]) -> str:
    # `note` is one of "", "one-way", "silent" (the row's class and, for the last two, a flag).
    attributes = f' class="row-{_text(row.note)}"' if row.note else ""
    flag = f' <span class="flag">{flags[row.note]}</span>' if row.note in flags else ""
    header, icon = '<th scope="row">', ""
    if row.behaviour:
        header = f'<th scope="row" class="behaviour-{_text(row.behaviour)}">'
        icon = behaviour_icon(row.behaviour)
    return (
        f"<tr{attributes}>\n{header}{icon}{_text(row.label)}{flag}</th>\n"
        f"{_cells_html(row.cells)}\n</tr>\n"
    )


def csv_dialect() -> tuple[str, str]:
    """Delimiter and decimal mark as the spreadsheet of the active language expects them.

    Dutch Excel reads ";"-separated files with decimal commas; English Excel reads ",".
    """
    decimal = formats.get_format("DECIMAL_SEPARATOR")
    return (";" if decimal == "," else ","), decimal


def table_to_csv(table: Table) -> str:
    """The table as CSV text starting with a byte-order mark, so Excel reads it as UTF-8.

    Text cells that a spreadsheet would run as a formula start with `'` (spreadsheet_safe).
    """
    delimiter, _decimal = csv_dialect()
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerows(table.csv_cells())
    return buffer.getvalue()
