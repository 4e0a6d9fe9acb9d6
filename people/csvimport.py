"""Reading an uploaded list of people: the columns, the limits, and each row's outcome.

Nothing here writes: `read_upload` turns the file into rows (or one clear error for the whole
file), `classify` says per row what confirming would do. The preview shows both; only the
rows that are new are ever invited (people/services.py `import_invitations`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Q
from django.utils.timezone import now
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# A cell a spreadsheet would run as a formula when the file is opened again (CSV injection):
# the same characters the platform's own CSV downloads neutralise.
from behaviours.dashboards.tables import FORMULA_STARTS
from partnership.models import Organisation, OrganisationDomain, User
from people.models import Invitation

# Header spellings, English and Dutch (as Dutch Excel users type them), compared in lower case
# without spaces, dashes or underscores.
HEADERS = {
    "email": {"email", "emailaddress", "emailadres", "mail", "mailadres"},
    "name": {"name", "fullname", "naam", "volledigenaam", "displayname"},
    "job_title": {"jobtitle", "title", "functie", "functietitel", "role"},
    "language": {"language", "taal", "lang"},
}
REQUIRED = ("email", "name")
LANGUAGES = {
    "": "nl",
    "nl": "nl",
    "nederlands": "nl",
    "dutch": "nl",
    "en": "en",
    "engels": "en",
    "english": "en",
}

OUTCOMES = {
    "new": gettext_lazy("New: will be invited"),
    "member": gettext_lazy("Already a member"),
    "invited": gettext_lazy("Already invited (pending)"),
    "invalid_email": gettext_lazy("Invalid e-mail address"),
    "duplicate": gettext_lazy("Duplicate in the file"),
    "other_domain": gettext_lazy("Address at another organisation's domain"),
    "refused": gettext_lazy("This address cannot be invited"),
    "formula": gettext_lazy("A cell starts with =, +, - or @ (a spreadsheet formula): skipped"),
    "missing_name": gettext_lazy("The name is missing"),
    "bad_language": gettext_lazy("Unknown language (use nl or en)"),
    "too_long": gettext_lazy("A value is too long"),
}


class UploadError(Exception):
    """The whole file is refused, with a message for the admin; nothing is written."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass
class Row:
    line: int
    email: str
    name: str
    job_title: str
    language: str
    outcome: str = "new"

    @property
    def outcome_label(self) -> str:
        return str(OUTCOMES[self.outcome])

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _key(header: str) -> str | None:
    plain = "".join(ch for ch in header.strip().lower() if ch.isalnum())
    for field, spellings in HEADERS.items():
        if plain in spellings:
            return field
    return None


def _delimiter(header_line: str) -> str:
    try:
        return csv.Sniffer().sniff(header_line, delimiters=";,").delimiter
    except csv.Error:
        return ";" if header_line.count(";") > header_line.count(",") else ","


def check_size(size: int) -> None:
    """UploadError (413) for a file over PEOPLE_IMPORT_MAX_BYTES, before it is read."""
    max_bytes: int = settings.PEOPLE_IMPORT_MAX_BYTES
    if size > max_bytes:
        raise UploadError(
            _("The file is larger than %(size)s kB. Split it into smaller files.")
            % {"size": max_bytes // 1024},
            status=413,
        )


def read_upload(data: bytes) -> list[Row]:
    """The file's rows, or UploadError for a file that cannot be read as a whole."""
    max_rows: int = settings.PEOPLE_IMPORT_MAX_ROWS
    check_size(len(data))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UploadError(
            _(
                "The file is not in UTF-8. In Excel choose “Save as”, then “CSV UTF-8 "
                "(comma delimited)”."
            )
        ) from error
    if "\x00" in text:
        raise UploadError(_("This is not a CSV file."))
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise UploadError(_("The file is empty."))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(lines[0]))
    try:
        header = next(reader)
        columns = {_key(cell): index for index, cell in reversed(list(enumerate(header)))}
        missing = [field for field in REQUIRED if field not in columns]
        if missing:
            raise UploadError(
                _(
                    "The file needs the columns e-mail and name (job title and language are "
                    "optional); the first line must name them."
                )
            )
        rows: list[Row] = []
        for values in reader:
            if not any(value.strip() for value in values):
                continue
            if len(rows) >= max_rows:
                raise UploadError(
                    _("The file has more than %(count)s people. Split it into smaller files.")
                    % {"count": max_rows},
                    status=413,
                )

            def cell(field: str, values: list[str] = values) -> str:
                index = columns.get(field)
                return values[index].strip() if index is not None and index < len(values) else ""

            rows.append(
                Row(
                    line=reader.line_num,
                    email=cell("email").lower(),
                    name=cell("name"),
                    job_title=cell("job_title"),
                    language=cell("language"),
                )
            )
    except csv.Error as error:
        raise UploadError(_("The file could not be read as CSV.")) from error
    if not rows:
        raise UploadError(_("The file has no people in it, only the header line."))
    return rows


def _domain(email: str) -> str:
    return email.rpartition("@")[2]


def _check_cells(row: Row) -> str | None:
    """The outcome of a row whose own cells are wrong, else None."""
    cells = (row.email, row.name, row.job_title, row.language)
    if any(value.startswith(FORMULA_STARTS) for value in cells if value):
        return "formula"
    try:
        validate_email(row.email)
    except ValidationError:
        return "invalid_email"
    if len(row.email) > 254 or len(row.name) > 120 or len(row.job_title) > 120:
        return "too_long"
    if not row.name:
        return "missing_name"
    if row.language.lower() not in LANGUAGES:
        return "bad_language"
    row.language = LANGUAGES[row.language.lower()]
    return None


def classify(rows: Iterable[Row], organisation: Organisation) -> list[Row]:
    """Each row's outcome for an import into `organisation`, in four queries for any size.

    An account or open invitation elsewhere is "cannot be invited", without saying why: only
    the admins of that organisation may learn that the address is theirs.
    """
    rows = list(rows)
    seen: set[str] = set()
    for row in rows:
        row.outcome = _check_cells(row) or "new"
        if row.outcome == "new":
            if row.email in seen:
                row.outcome = "duplicate"
            seen.add(row.email)
    addresses = [row.email for row in rows if row.outcome == "new"]
    accounts = dict(
        User.objects.filter(email__in=addresses).values_list("email", "organisation_id")
    )
    # Our own open invitations, expired or not (an admin resends them); another organisation's
    # only while its link works: an expired one lapses when the address is invited here.
    invited = dict(
        Invitation.objects.open()
        .filter(email__in=addresses)
        .filter(Q(organisation=organisation) | Q(expires_at__isnull=True) | Q(expires_at__gt=now()))
        .values_list("email", "organisation_id")
    )
    domains = {_domain(address) for address in addresses}
    foreign_domains = set(
        OrganisationDomain.objects.filter(domain__in=domains)
        .exclude(organisation=organisation)
        .values_list("domain", flat=True)
    )
    for row in rows:
        if row.outcome != "new":
            continue
        if row.email in accounts:
            ours = accounts[row.email] == organisation.pk
            row.outcome = "member" if ours else "refused"
        elif row.email in invited:
            row.outcome = "invited" if invited[row.email] == organisation.pk else "refused"
        elif _domain(row.email) in foreign_domains:
            row.outcome = "other_domain"
    return rows


def rows_from_draft(data: list[dict[str, Any]]) -> list[Row]:
    return [Row(**item) for item in data]
