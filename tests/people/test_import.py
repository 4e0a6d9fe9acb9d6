"""Bulk onboarding: a CSV upload, its preview of every row, and one confirmation."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from partnership.models import OrganisationDomain
from people.csvimport import UploadError, classify, read_upload
from people.models import AuditEntry, ImportDraft, Invitation
from tests.factories import make_member
from tests.people.conftest import send_queued_mail
from tests.worker import queued

pytestmark = pytest.mark.django_db


def csv_bytes(
    rows: list[str],
    header: str = "e-mail;naam;functie;taal",
    bom: bool = True,
) -> bytes:
    text = "\r\n".join([header, *rows]) + "\r\n"
    return ("\ufeff" if bom else "").encode() + text.encode("utf-8")


def fifty(domain: str = "datacenter.example") -> bytes:
    return csv_bytes([f"mens{n}@{domain};Mens Nummer {n};Monteur;nl" for n in range(50)])


def upload(client: Client, slug: str, data: bytes, name: str = "mensen.csv"):
    return client.post(
        reverse("people:import", args=[slug]),
        {"file": SimpleUploadedFile(name, data, content_type="text/csv")},
    )


def _confirm_url(response) -> str:
    draft = response.context["draft"]
    return reverse("people:confirm_import", args=[draft.organisation.slug, draft.key])


def test_fifty_people_are_one_upload_and_one_confirmation(login, partner_admin):
    client = login(partner_admin)
    slug = partner_admin.organisation.slug
    preview = upload(client, slug, fifty())
    assert preview.status_code == 200
    page = preview.content.decode()
    assert page.count('data-outcome="new"') == 50
    assert "50 mensen krijgen een uitnodiging" in page
    assert Invitation.objects.count() == 0  # nothing written before the confirmation
    assert queued("people.tasks.send_invitation") == []

    response = client.post(_confirm_url(preview))
    assert response.status_code == 302
    assert Invitation.objects.filter(organisation=partner_admin.organisation).count() == 50
    outbox = send_queued_mail()
    assert len(outbox) == 50 and {m.to[0] for m in outbox} == {
        f"mens{n}@datacenter.example" for n in range(50)
    }
    assert AuditEntry.objects.filter(action="imported").count() == 1
    assert AuditEntry.objects.filter(action="invited").count() == 50


def test_a_confirmation_cannot_be_replayed(login, partner_admin):
    client = login(partner_admin)
    preview = upload(client, partner_admin.organisation.slug, fifty())
    url = _confirm_url(preview)
    assert client.post(url).status_code == 302
    again = client.post(url)
    assert again.status_code == 410
    assert Invitation.objects.count() == 50


def test_someone_elses_preview_cannot_be_confirmed(login, partner_admin, partner_org):
    preview = upload(login(partner_admin), partner_org.slug, fifty())
    url = _confirm_url(preview)
    colleague = make_member(partner_org, is_organisation_admin=True)
    other = Client()
    other.force_login(colleague)
    assert other.post(url).status_code == 410
    assert Invitation.objects.count() == 0


def test_every_outcome_is_shown_before_anything_is_written(
    login, partner_admin, partner_member, other_partner_org
):
    OrganisationDomain.objects.create(organisation=other_partner_org, domain="belnet.example")
    stranger = make_member(other_partner_org, email="olaf@elders.example")
    rows = [
        "nieuw@datacenter.example;Nieuw Mens;;en",
        f"{partner_member.email};Piet;;nl",
        "geen-adres;Fout;;nl",
        "nieuw@datacenter.example;Nog eens;;nl",
        "iemand@belnet.example;Van Belnet;;nl",
        f"{stranger.email};Olaf;;nl",
        'formule@datacenter.example;=HYPERLINK("x");;nl',
        "taal@datacenter.example;Taal;;fr",
    ]
    response = upload(login(partner_admin), partner_admin.organisation.slug, csv_bytes(rows))
    assert response.status_code == 200
    outcomes = [row.outcome for row in response.context["rows"]]
    assert outcomes == [
        "new",
        "member",
        "invalid_email",
        "duplicate",
        "other_domain",
        "refused",
        "formula",
        "bad_language",
    ]
    page = response.content.decode()
    assert "Al deelnemer" in page and "Dubbel in het bestand" in page
    assert "spreadsheetformule" in page
    # The other organisation's member is "cannot be invited", never named as theirs.
    assert other_partner_org.name not in page
    assert Invitation.objects.count() == 0


@pytest.mark.parametrize(
    ("header", "separator"),
    [("email,name,job title,language", ","), ("E-mailadres;Naam;Functie;Taal", ";")],
)
def test_english_and_dutch_headers_with_either_separator(partner_org, header, separator):
    row = separator.join(["a@b.example", "Anna", "Monteur", "en"])
    (read,) = read_upload(csv_bytes([row], header=header, bom=False))
    assert (read.email, read.name, read.job_title, read.language) == (
        "a@b.example",
        "Anna",
        "Monteur",
        "en",
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"naam;functie\r\nAnna;Monteur\r\n", "kolommen e-mail en naam"),
        ("e-mail;naam\r\nanna@x.example;Ünal\r\n".encode("cp1252"), "niet in UTF-8"),
        (b"", "leeg"),
        (b"e-mail;naam\r\n", "alleen de kopregel"),
    ],
)
def test_a_malformed_file_gets_a_clear_message_and_writes_nothing(
    login, partner_admin, data, message
):
    response = upload(login(partner_admin), partner_admin.organisation.slug, data)
    assert 400 <= response.status_code < 500
    assert message in response.content.decode()
    assert ImportDraft.objects.count() == 0 and Invitation.objects.count() == 0


def test_ten_thousand_rows_are_refused(login, partner_admin):
    data = csv_bytes([f"p{n}@x.example;P {n}" for n in range(10_000)], header="e-mail;naam")
    response = upload(login(partner_admin), partner_admin.organisation.slug, data)
    assert response.status_code == 413
    assert "meer dan 1000 mensen" in response.content.decode()
    assert ImportDraft.objects.count() == 0


def test_a_twenty_megabyte_file_is_refused_before_it_is_read(login, partner_admin):
    data = b"e-mail;naam\r\n" + b"x" * (20 * 1024 * 1024)
    response = upload(login(partner_admin), partner_admin.organisation.slug, data)
    assert response.status_code == 413
    assert "meer dan deze pagina aanneemt" in response.content.decode()
    assert ImportDraft.objects.count() == 0


def test_a_file_just_over_the_limit_is_refused_with_the_file_limit(login, partner_admin):
    data = csv_bytes(["a@b.example;" + "x" * 100] * 9300, header="e-mail;naam")
    assert 1024 * 1024 < len(data) < 1024 * 1024 + 60 * 1024
    response = upload(login(partner_admin), partner_admin.organisation.slug, data)
    assert response.status_code == 413
    assert "groter dan 1024 kB" in response.content.decode()


def test_files_are_refused_on_every_other_page(login, partner_admin):
    response = login(partner_admin).post(
        reverse("people:invite", args=[partner_admin.organisation.slug]),
        {"file": SimpleUploadedFile("x.csv", b"e-mail;naam\r\n")},
    )
    assert response.status_code == 400


def test_formulas_are_never_imported(partner_admin):
    rows = read_upload(
        csv_bytes(
            ["@x.example;Naam", "+31@x.example;Naam", "a@b.example;-2+3"], header="e-mail;naam"
        )
    )
    assert {row.outcome for row in classify(rows, partner_admin.organisation)} == {"formula"}


def test_a_binary_file_is_not_taken_for_csv():
    with pytest.raises(UploadError) as error:
        read_upload(b"\x00\x01")
    assert (error.value.status, error.value.message) == (400, "Dit is geen CSV-bestand.")


def test_the_row_limit_is_exact():
    rows = [f"p{n}@x.example;P {n}" for n in range(1000)]
    assert len(read_upload(csv_bytes(rows, header="e-mail;naam"))) == 1000
    with pytest.raises(UploadError) as error:
        read_upload(csv_bytes([*rows, "one@more.example;One"], header="e-mail;naam"))
    assert error.value.status == 413
