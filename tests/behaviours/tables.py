"""Read the figures back out of a rendered page and a CSV download, to compare them."""

from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser


class _TableReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._table: str | None = None
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "table" and (attributes.get("id") or "").startswith("table-"):
            self._table = (attributes["id"] or "")[len("table-") :]
            self.tables[self._table] = []
        elif self._table and tag == "tr":
            self._row = []
        elif self._row is not None and tag in ("th", "td"):
            self._cell = []
        elif self._cell is not None and tag == "span" and "flag" in (attributes.get("class") or ""):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._table = None
        elif tag == "tr" and self._row is not None and self._table:
            self.tables[self._table].append(self._row)
            self._row = None
        elif tag in ("th", "td") and self._cell is not None and self._row is not None:
            self._row.append(re.sub(r"\s+", " ", "".join(self._cell)).strip())
            self._cell = None
        elif tag == "span" and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if self._cell is not None and not self._skip:
            self._cell.append(data)


def html_tables(html: str) -> dict[str, list[list[str]]]:
    """Every figures table on the page by its slug, as rows of cell texts (header row first)."""
    reader = _TableReader()
    reader.feed(html)
    return reader.tables


def html_table(html: str, slug: str) -> list[list[str]]:
    return html_tables(html)[slug]


def as_dict(rows: list[list[str]]) -> dict[str, dict[str, str]]:
    """{row label: {column header: cell}} for readable assertions."""
    header, *body = rows
    return {row[0]: dict(zip(header[1:], row[1:], strict=True)) for row in body}


def parse_csv(content: bytes, delimiter: str = ",") -> list[list[str]]:
    text = content.decode("utf-8")
    assert text.startswith("\ufeff"), "CSV must start with a byte-order mark"
    return list(csv.reader(io.StringIO(text[1:]), delimiter=delimiter))
