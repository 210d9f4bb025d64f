"""The French catalogue is complete: every string the code marks is translated and compiled."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = ROOT / "locale" / "fr" / "LC_MESSAGES" / "django.po"


def test_every_french_entry_is_translated():
    catalogue = polib.pofile(str(CATALOGUE))
    assert not catalogue.untranslated_entries(), [entry.msgid for entry in catalogue.untranslated_entries()]
    assert not catalogue.fuzzy_entries(), [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert len(catalogue.translated_entries()) > 100


def test_compiled_catalogue_is_up_to_date():
    compiled = polib.mofile(str(CATALOGUE.with_suffix(".mo")))
    source = polib.pofile(str(CATALOGUE))
    assert {(entry.msgid, entry.msgstr) for entry in compiled} >= {
        (entry.msgid, entry.msgstr) for entry in source.translated_entries() if not entry.msgid_plural
    }


@pytest.mark.skipif(not shutil.which("xgettext"), reason="GNU gettext (xgettext) is not installed")
def test_no_marked_string_is_missing_from_the_catalogue(tmp_path):
    """Extract the strings afresh into a copy of the catalogue and compare."""
    locale = tmp_path / "locale" / "fr" / "LC_MESSAGES"
    locale.mkdir(parents=True)
    shutil.copy(CATALOGUE, locale / "django.po")
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, os, sys;"
            "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'resilient_borders.settings');"
            "django.setup();"
            "from django.conf import settings; settings.LOCALE_PATHS = [sys.argv[1]];"
            "from django.core.management import call_command;"
            "call_command('makemessages', locale=['fr'], ignore_patterns=['.venv/*', 'tests/*', 'staticfiles/*'],"
            " no_obsolete=True, verbosity=0)",
            str(tmp_path / "locale"),
        ],
        cwd=ROOT,
        check=True,
    )
    fresh = polib.pofile(str(locale / "django.po"))
    missing = [entry.msgid for entry in fresh.untranslated_entries()]
    assert not missing, f"run `make messages` and translate: {missing}"
