"""The Dutch and English catalogues: complete, consistent with their sources, and in use."""

from __future__ import annotations

import io
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

LOCALE = Path(settings.BASE_DIR) / "locale"
NL_PO = LOCALE / "nl" / "LC_MESSAGES" / "django.po"
EN_PO = LOCALE / "en" / "LC_MESSAGES" / "django.po"
PLURAL_FORMS = "nplurals=2; plural=(n != 1);"

# Named placeholders (%(name)s, %(count)d) and bare ones (%s, %d); "%%" is a literal percent sign.
PLACEHOLDER = re.compile(r"%(?:\([^)]+\))?[-#0 +]*\d*(?:\.\d+)?[sdifFeEgGxXor%]")
HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")


def _placeholders(text: str) -> list[str]:
    return sorted(p for p in PLACEHOLDER.findall(text) if p != "%%")


@pytest.fixture(scope="module")
def nl() -> polib.POFile:
    return polib.pofile(str(NL_PO))


def _entries(po: polib.POFile) -> list[polib.POEntry]:
    return [e for e in po if not e.obsolete]


def test_both_catalogues_declare_two_plural_forms():
    for path in (NL_PO, EN_PO):
        metadata = polib.pofile(str(path)).metadata
        assert metadata["Plural-Forms"] == PLURAL_FORMS, path
        assert metadata["Content-Type"] == "text/plain; charset=UTF-8", path


def test_the_dutch_catalogue_has_a_translation_for_every_message(nl):
    entries = _entries(nl)
    assert len(entries) > 400  # the whole UI, not a stub
    untranslated = [e.msgid for e in entries if not e.translated()]
    assert untranslated == []


def test_no_entry_is_fuzzy_so_every_one_is_compiled(nl):
    assert [e.msgid for e in _entries(nl) if "fuzzy" in e.flags] == []
    assert not nl.metadata_is_fuzzy


def test_placeholders_in_each_translation_match_the_source(nl):
    mismatched = []
    for entry in _entries(nl):
        if entry.msgid_plural:
            pairs = [
                (entry.msgid, entry.msgstr_plural[0]),
                (entry.msgid_plural, entry.msgstr_plural[1]),
            ]
        else:
            pairs = [(entry.msgid, entry.msgstr)]
        for source, translated in pairs:
            if _placeholders(source) != _placeholders(translated):
                mismatched.append((source, translated))
    assert mismatched == []


def test_python_format_messages_are_flagged_so_msgfmt_checks_them(nl):
    unflagged = [
        e.msgid
        for e in _entries(nl)
        if re.search(r"%\(\w+\)", e.msgid) and "python-format" not in e.flags
    ]
    assert unflagged == []


def test_plural_messages_have_both_dutch_forms(nl):
    plurals = [e for e in _entries(nl) if e.msgid_plural]
    assert plurals  # the UI counts examples, comments, members...
    for entry in plurals:
        assert sorted(entry.msgstr_plural) == [0, 1], entry.msgid
        assert all(entry.msgstr_plural.values()), entry.msgid


def test_html_inside_messages_is_kept_in_the_translation(nl):
    changed = [
        e.msgid
        for e in _entries(nl)
        if sorted(HTML_TAG.findall(e.msgid)) != sorted(HTML_TAG.findall(e.msgstr or ""))
        and not e.msgid_plural
    ]
    assert changed == []


def test_the_agreed_terms_are_used(nl):
    by_id = {e.msgid: e.msgstr for e in _entries(nl)}
    assert by_id["Examples"] == "Voorbeelden"
    assert by_id["Behaviours"] == "Gedragingen"
    assert by_id["Report"] == "Melden"
    assert by_id["report"] == "melding"
    assert by_id["Hide"] == "Verbergen"
    assert by_id["Restore"] == "Herstellen"
    assert by_id["Sign in"] == "Inloggen"
    assert by_id["Sign out"] == "Uitloggen"
    assert by_id["member"] == "deelnemer"
    translations = " ".join(by_id.values()).lower()
    # One word for a member of the platform, and the informal "je" throughout.
    assert "lid " not in translations and "leden" not in translations
    assert not re.search(r"\b(u|uw)\b", translations)


def test_the_english_catalogue_needs_no_translations_because_the_source_is_english():
    entries = _entries(polib.pofile(str(EN_PO)))
    assert len(entries) == len(_entries(polib.pofile(str(NL_PO))))
    assert [e.msgid for e in entries if "fuzzy" in e.flags] == []


def test_the_catalogues_compile_without_gnu_gettext(tmp_path, settings):
    for language in ("nl", "en"):
        target = tmp_path / language / "LC_MESSAGES"
        target.mkdir(parents=True)
        (target / "django.po").write_bytes(
            (LOCALE / language / "LC_MESSAGES" / "django.po").read_bytes()
        )
    settings.LOCALE_PATHS = [tmp_path]
    call_command("compiletranslations", stdout=io.StringIO())
    mo = polib.mofile(str(tmp_path / "nl" / "LC_MESSAGES" / "django.mo"))
    assert mo.find("Examples").msgstr == "Voorbeelden"
    assert len(mo) == len(_entries(polib.pofile(str(NL_PO))))


def test_gettext_uses_the_compiled_dutch_catalogue():
    with translation.override("nl"):
        assert translation.gettext("Share an example") == "Deel een voorbeeld"
        assert translation.ngettext("%(counter)s example", "%(counter)s examples", 1) == (
            "%(counter)s voorbeeld"
        )
        assert translation.ngettext("%(counter)s example", "%(counter)s examples", 2) == (
            "%(counter)s voorbeelden"
        )
    with translation.override("en"):
        assert translation.gettext("Share an example") == "Share an example"


NAV_LABELS = {
    "nl": [
        "Voorbeelden",
        "Deel een voorbeeld",
        "Gedragingen",
        "Organisaties",
        "Overzicht",
        "Over ons",
    ],
    "en": ["Examples", "Share an example", "Behaviours", "Organisations", "Overview", "About"],
}


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "other"), [("nl", "en"), ("en", "nl")])
def test_the_browse_page_speaks_the_members_language(login, client_member, language, other):
    client_member.preferred_language = language
    client_member.save(update_fields=["preferred_language"])

    content = login(client_member).get(reverse("examples:browse")).content.decode()

    assert f'<html lang="{language}">' in content
    for label in NAV_LABELS[language]:
        assert f">{label}</a>" in content
    for label in NAV_LABELS[other]:
        if label not in NAV_LABELS[language]:
            assert f">{label}</a>" not in content


@pytest.mark.django_db
def test_a_dutch_member_sees_dutch_buttons_and_empty_state(login, client_member):
    client_member.preferred_language = "nl"
    client_member.save(update_fields=["preferred_language"])

    content = login(client_member).get(reverse("examples:browse")).content.decode()

    assert "Uitloggen" in content
    assert "Nog niemand heeft een voorbeeld gedeeld. Wees de eerste!" in content
    assert "Sign out" not in content


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "label"), [("nl", "Afgelopen 90 dagen"), ("en", "Last 90 days")]
)
def test_dashboard_period_choices_follow_the_members_language(
    login, client_member, language, label
):
    # The choices are built once at import; each member must still read them in their language.
    client_member.preferred_language = language
    client_member.save(update_fields=["preferred_language"])

    content = login(client_member).get(reverse("behaviours:dashboard")).content.decode()

    assert f">{label}</option>" in content


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_language_switch_names_each_language_in_that_language(login, client_member, language):
    # A reader who does not understand the current language can still find their own.
    client_member.preferred_language = language
    client_member.save(update_fields=["preferred_language"])

    content = login(client_member).get(reverse("examples:browse")).content.decode()

    # One button per other language (one click), the current one marked as current.
    assert re.search(r'<(button|span)[^>]* lang="nl"[^>]*>Nederlands</(button|span)>', content)
    assert re.search(r'<(button|span)[^>]* lang="en"[^>]*>English</(button|span)>', content)
    assert ">Engels<" not in content
