"""Production static files: what `collectstatic` builds for whitenoise must be complete.

The rest of the suite uses plain file names (see tests/conftest.py), so a broken manifest
(a missing source map, a misspelt `{% static %}` path) would only show up on deployment.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command

VENDOR_DIR = Path(django_settings.BASE_DIR) / "static" / "vendor"
TEMPLATES_DIR = Path(django_settings.BASE_DIR) / "templates"
STATIC_TAG = re.compile(r"""{%\s*static\s+['"]([^'"]+)['"]\s*%}""")


@pytest.fixture(scope="module")
def manifest(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """Run collectstatic once with the production storage into a temporary STATIC_ROOT."""
    root = tmp_path_factory.mktemp("staticfiles")
    storages = {
        **django_settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    from django.test import override_settings

    with override_settings(STATIC_ROOT=root, STORAGES=storages):
        call_command("collectstatic", interactive=False, verbosity=0)
    paths = json.loads((root / "staticfiles.json").read_text())["paths"]
    return root, paths


def test_collectstatic_builds_a_manifest_with_hashed_htmx(manifest):
    root, paths = manifest
    hashed = paths["django_htmx/htmx-2.min.js"]
    assert hashed != "django_htmx/htmx-2.min.js"
    assert (root / hashed).is_file()
    # whitenoise serves a pre-compressed copy next to the hashed file.
    assert (root / f"{hashed}.gz").is_file()
    # The issue pins htmx 2.0.x (not htmx 4, which django-htmx also ships).
    assert re.search(r'version:"2\.0\.\d+"', (root / hashed).read_text())


def test_vendored_chartjs_keeps_its_source_map(manifest):
    root, paths = manifest
    hashed_js = root / paths["vendor/chartjs/chart.umd.min.js"]
    hashed_map = paths["vendor/chartjs/chart.umd.min.js.map"]
    # The manifest storage rewrites the sourceMappingURL to the hashed map it collected.
    assert f"sourceMappingURL={Path(hashed_map).name}" in hashed_js.read_text()
    assert (root / hashed_map).is_file()


def test_every_static_path_in_the_templates_is_in_the_manifest(manifest):
    _, paths = manifest
    referenced = {
        match
        for template in TEMPLATES_DIR.rglob("*.html")
        for match in STATIC_TAG.findall(template.read_text())
    }
    assert "vendor/pico/pico.min.css" in referenced
    missing = sorted(path for path in referenced if path not in paths)
    assert not missing, f"templates refer to static files that do not exist: {missing}"


@pytest.mark.parametrize(
    "package", sorted(p.name for p in VENDOR_DIR.iterdir() if p.is_dir()), ids=str
)
def test_every_vendored_package_ships_its_licence_and_version(package: str) -> None:
    directory = VENDOR_DIR / package
    assert list(directory.glob("LICENSE*")), f"static/vendor/{package} has no LICENSE file"
    assert (directory / "VERSION").is_file(), f"static/vendor/{package} has no VERSION note"
