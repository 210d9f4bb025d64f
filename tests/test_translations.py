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
def test_no_marked_string_is_missing_from_the_catalogue():
    """Extract the strings afresh and look for any the catalogue lacks.

    makemessages writes into the catalogue of the project it scans (a copy elsewhere is ignored), so the
    catalogue is extracted in place, read, and always put back exactly as it was.
    """
    original = CATALOGUE.read_bytes()
    try:
        subprocess.run(
            [sys.executable, "manage.py", "makemessages", "-l", "fr", "--no-obsolete", "-v", "0",
             "--ignore=.venv", "--ignore=tests", "--ignore=staticfiles"],
            cwd=ROOT,
            check=True,
        )  # fmt: skip
        fresh = polib.pofile(str(CATALOGUE))
    finally:
        CATALOGUE.write_bytes(original)
    missing = [entry.msgid for entry in fresh.untranslated_entries() + fresh.fuzzy_entries()]
    assert not missing, f"run `make messages` and translate: {missing}"
