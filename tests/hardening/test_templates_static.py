"""No template or script of ours needs what the Content-Security-Policy forbids.

Inline event handlers, `hx-on`, inline scripts and `style=` attributes would either be blocked
by the CSP (breaking the page) or need 'unsafe-inline' (breaking the protection); `|safe` and
`autoescape off` are where escaping is switched off, so each use is reviewed and listed here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
TEMPLATES = sorted(
    path for path in (BASE_DIR / "templates").rglob("*") if path.suffix in {".html", ".txt"}
)
OUR_SCRIPTS = sorted((BASE_DIR / "static" / "js").glob("*.js"))
OUR_STYLES = sorted((BASE_DIR / "static" / "css").glob("*.css"))

TAG = re.compile(r"<[a-zA-Z][^<>]*>", re.S)
EVENT_HANDLER = re.compile(r"(?<![\w:-])on[a-z]+\s*=", re.I)
STYLE_ATTRIBUTE = re.compile(r"(?<![\w:-])style\s*=", re.I)
SCRIPT_TAG = re.compile(r"<script\b[^>]*>", re.I)

# Reviewed places where escaping is off, with why.
ESCAPING_OFF_ALLOWED = {
    # Django's password validators write their help text as HTML; no member input in it.
    ("includes/_field.html", "field.help_text|safe"),
    # A plain-text e-mail: HTML escaping would garble the text, and no browser renders it.
    ("account/email/password_reset_key_message.txt", "autoescape off"),
    # A plain-text e-mail: no HTML to escape; the lines are tag-stripped (notifications.mail).
    ("notifications/email/notifications.txt", "autoescape off"),
    # A plain-text e-mail: no browser renders it; names would otherwise show as &amp; etc.
    ("people/email/invitation.txt", "autoescape off"),
    ("people/email/invitation_subject.txt", "autoescape off"),
}


TEMPLATE_COMMENT = re.compile(r"{%\s*comment\b.*?%}.*?{%\s*endcomment\s*%}|{#.*?#}", re.S)


def relative(path: Path) -> str:
    return path.relative_to(BASE_DIR / "templates").as_posix()


def source(path: Path) -> str:
    """The template without its comments (a comment may well mention <script>)."""
    return TEMPLATE_COMMENT.sub("", path.read_text())


def tags_in(path: Path) -> list[str]:
    return TAG.findall(source(path))


@pytest.fixture(params=TEMPLATES, ids=relative)
def template(request: pytest.FixtureRequest) -> Path:
    return request.param


def test_there_are_templates_to_check() -> None:
    names = {relative(path) for path in TEMPLATES}
    assert {"base.html", "404.html", "500.html", "403_csrf.html"} <= names


def test_no_inline_event_handlers(template: Path) -> None:
    found = [tag for tag in tags_in(template) if EVENT_HANDLER.search(tag)]
    assert not found, f"{relative(template)}: inline event handler in {found}"


def test_no_hx_on_attributes(template: Path) -> None:
    assert not re.search(r"hx-on", source(template), re.I), relative(template)


def test_no_inline_scripts(template: Path) -> None:
    for tag in SCRIPT_TAG.findall(source(template)):
        assert re.search(r"\ssrc\s*=", tag), f"{relative(template)}: inline script {tag}"


def test_no_inline_styles(template: Path) -> None:
    content = source(template)
    found = [tag for tag in tags_in(template) if STYLE_ATTRIBUTE.search(tag)]
    assert not found, f"{relative(template)}: style attribute in {found}"
    assert not re.search(r"<style\b", content, re.I), f"{relative(template)}: <style> element"


def test_no_javascript_urls_or_eval_in_htmx(template: Path) -> None:
    content = source(template)
    assert "javascript:" not in content.lower(), relative(template)
    assert not re.search(r"hx-vals\s*=\s*['\"]\s*js:", content), relative(template)
    assert "hx-vars" not in content, relative(template)


def test_escaping_is_only_off_where_reviewed(template: Path) -> None:
    content = source(template)
    name = relative(template)
    for match in re.finditer(r"[\w.]+\|safe\b|autoescape off|\|safeseq\b", content):
        assert (name, match.group(0)) in ESCAPING_OFF_ALLOWED, f"{name}: {match.group(0)}"


@pytest.mark.parametrize("script", OUR_SCRIPTS, ids=lambda p: p.name)
def test_our_scripts_never_turn_strings_into_code_or_markup(script: Path) -> None:
    code = script.read_text()
    for pattern in (
        r"\beval\s*\(",
        r"\bnew\s+Function\b",
        r"set(Timeout|Interval)\s*\(\s*['\"`]",
        r"\.innerHTML\s*=",
        r"\.outerHTML\s*=",
        r"insertAdjacentHTML",
        r"document\.write",
        r"\.setAttribute\(\s*['\"]on",
        r"\.setAttribute\(\s*['\"]style",
    ):
        assert not re.search(pattern, code), f"static/js/{script.name}: {pattern}"


def test_htmx_indicator_styles_come_from_our_stylesheet() -> None:
    # includeIndicatorStyles is off (htmx would inject an inline <style>), so we ship them.
    css = "\n".join(path.read_text() for path in OUR_STYLES)
    assert ".htmx-indicator" in css
    assert ".htmx-request" in css


def test_the_error_layout_loads_no_script() -> None:
    # Error pages render without the request, so there is no CSP nonce to give a script.
    for name in ("error_layout.html", "403_csrf.html", "500.html", "503.html"):
        assert "<script" not in (BASE_DIR / "templates" / name).read_text()
