"""Every catalogue is complete, consistent with English and its glossary, and compiled.

The interface has a catalogue per language of settings.LANGUAGES but English (locale/<code>/LC_MESSAGES/django.po)
and a glossary of the programme's terms beside it (locale/<code>/glossary.md); locale_django/ holds Maltese for
Django's own strings, which Django does not translate. `make messages` extracts and compiles them all.
"""

import functools
import math
import re
import shutil
import subprocess
import sys
import unicodedata
from datetime import UTC, date, datetime
from gettext import c2py
from pathlib import Path

import polib
import pytest
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.formats import date_format

from core.templatetags.local_formats import month_in_text

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "locale"
LANGUAGES = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
CATALOGUES = {code: LOCALE / code / "LC_MESSAGES" / "django.po" for code in LANGUAGES}
DJANGO_STRINGS = sorted((ROOT / "locale_django").glob("*/LC_MESSAGES/django.po"))
EVERY_CATALOGUE = [*CATALOGUES.values(), *DJANGO_STRINGS]
IGNORE = ["--ignore=.venv", "--ignore=tests", "--ignore=staticfiles", "--ignore=.validators"]

# How many plural forms each language has (gettext's and CLDR's usual rules); two for every other language.
NPLURALS = {"cs": 3, "sk": 3, "pl": 3, "hr": 3, "lt": 3, "lv": 3, "ro": 3, "sl": 4, "mt": 4, "ga": 5}

PERCENT = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[diouxXeEfFgGcrsa%]")
BRACE = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*(?:![rsa])?(?::[^{}]*)?\}")


def catalogue_id(path):
    return str(path.relative_to(ROOT))


def placeholders(text):
    """The placeholders of a string, sorted (%% is a literal, not a placeholder)."""
    return sorted([found for found in PERCENT.findall(text) if found != "%%"] + BRACE.findall(text))


def nplurals(catalogue):
    return int(re.search(r"nplurals\s*=\s*(\d+)", catalogue.metadata["Plural-Forms"]).group(1))


def test_every_language_has_a_catalogue_and_a_glossary():
    for code in LANGUAGES:
        assert CATALOGUES[code].is_file(), f"no catalogue for {code}: run `make messages`"
        assert CATALOGUES[code].with_suffix(".mo").is_file(), f"{code} is not compiled: run `make messages`"
        glossary = LOCALE / code / "glossary.md"
        assert glossary.is_file(), f"no glossary for {code}"
        terms = set(glossary_rows(code))
        assert terms >= set(GLOSSARY_TERMS), f"{code}'s glossary lacks {set(GLOSSARY_TERMS) - terms}"
    strays = {path.name for path in LOCALE.iterdir() if path.is_dir()} - set(LANGUAGES)
    assert not strays, f"catalogues of languages that settings.LANGUAGES does not list: {strays}"


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_entry_is_translated(code):
    catalogue = polib.pofile(str(CATALOGUES[code]))
    assert not catalogue.untranslated_entries(), [entry.msgid for entry in catalogue.untranslated_entries()]
    assert not catalogue.fuzzy_entries(), [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert len(catalogue.translated_entries()) > 1000


@pytest.mark.parametrize("path", EVERY_CATALOGUE, ids=catalogue_id)
def test_plural_forms_are_the_languages(path):
    catalogue = polib.pofile(str(path))
    code = path.parents[1].name
    assert catalogue.metadata["Language"] == code
    assert nplurals(catalogue) == NPLURALS.get(code, 2), catalogue.metadata["Plural-Forms"]
    plural = c2py(catalogue.metadata["Plural-Forms"].split("plural=", 1)[1].rstrip("; "))
    assert {plural(n) for n in range(1000)} == set(range(nplurals(catalogue))), "a form no number uses"
    for entry in catalogue:
        if entry.msgid_plural and not entry.obsolete:
            assert sorted(entry.msgstr_plural) == list(range(nplurals(catalogue))), entry.msgid
            assert all(entry.msgstr_plural.values()), f"an empty plural form: {entry.msgid}"


@pytest.mark.parametrize("path", EVERY_CATALOGUE, ids=catalogue_id)
def test_placeholders_are_the_englishs(path):
    """A translation keeps every placeholder of its English and adds none.

    Each plural form has those of the singular and the plural together, except that a form used for one number
    only ("one pilot action"), or for 0 and 1 only (French), may leave the number out.
    """
    catalogue = polib.pofile(str(path))
    plural = c2py(catalogue.metadata["Plural-Forms"].split("plural=", 1)[1].rstrip("; "))
    numbers_of_form = [sum(plural(n) == form for n in range(1000)) for form in range(nplurals(catalogue))]
    wrong = []
    for entry in catalogue.translated_entries():
        if entry.msgid_plural:
            english = set(placeholders(entry.msgid)) | set(placeholders(entry.msgid_plural))
            for form, translated in entry.msgstr_plural.items():
                found = set(placeholders(translated))
                if not (found <= english if numbers_of_form[form] <= 2 else found == english):
                    wrong.append((entry.msgid, translated))
        elif placeholders(entry.msgstr) != placeholders(entry.msgid):
            wrong.append((entry.msgid, entry.msgstr))
    assert not wrong


@pytest.mark.parametrize("path", EVERY_CATALOGUE, ids=catalogue_id)
def test_compiled_catalogue_is_its_source(path):
    """The committed .mo holds exactly the .po's translations (content, not dates: git does not keep them)."""

    def key(entry):
        return (entry.msgctxt, entry.msgid)

    source = polib.pofile(str(path))
    expected = {key(entry): entry.msgstr_plural or entry.msgstr for entry in source.translated_entries()}
    compiled = polib.mofile(str(path.with_suffix(".mo")))
    found = {key(entry): entry.msgstr_plural or entry.msgstr for entry in compiled if entry.msgid}
    assert found == expected, "run `make messages` (or compilemessages) and commit the .mo"
    assert compiled.metadata["Plural-Forms"] == source.metadata["Plural-Forms"]


@pytest.mark.parametrize("path", EVERY_CATALOGUE, ids=catalogue_id)
def test_msgfmt_finds_nothing_to_say(path):
    """GNU msgfmt's own checks (formats, header, plural forms) pass without an error or a warning."""
    msgfmt = shutil.which("msgfmt")
    if not msgfmt:
        pytest.skip("GNU gettext (msgfmt) is not installed")
    checked = subprocess.run(
        [msgfmt, "--check-format", "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True
    )
    assert (checked.returncode, checked.stderr) == (0, "")


def xgettext_or_skip():
    if not shutil.which("xgettext"):
        pytest.skip("GNU gettext (xgettext) is not installed: extraction is not checked")


def test_no_marked_string_is_missing_from_any_catalogue(tmp_path):
    """Extract every language afresh, in one makemessages run, and look for strings a catalogue lacks.

    makemessages writes into the catalogues of the project it scans, so it scans a copy of the project: the
    catalogues in the working tree are never touched.
    """
    xgettext_or_skip()
    copy = tmp_path / "project"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(".*", "tests", "staticfiles", "media", "*.sqlite3", "__pycache__", "*.mo"),
    )
    before = {code: path.read_bytes() for code, path in CATALOGUES.items()}
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--no-obsolete", "-v", "0", *IGNORE,
         *[argument for code in LANGUAGES for argument in ("-l", code)]],
        cwd=copy,
        check=True,
        capture_output=True,
    )  # fmt: skip
    missing = {}
    for code in LANGUAGES:
        fresh = polib.pofile(str(copy / "locale" / code / "LC_MESSAGES" / "django.po"))
        lacking = [entry.msgid for entry in fresh.untranslated_entries() + fresh.fuzzy_entries()]
        if lacking:
            missing[code] = lacking
    assert {code: path.read_bytes() for code, path in CATALOGUES.items()} == before
    assert not missing, f"run `make messages` and translate: {missing}"


# The glossary's terms, each with the English it covers in a msgid (singular or plural, in its base form).
GLOSSARY_TERMS = {
    "pilot action": r"\bpilot[- ]actions?\b",
    "thematic group": r"\bthematic groups?\b",
    "crisis management": r"\bcrisis[- ]management\b",
    "spatial planning": r"\bspatial[- ]planning\b",
    "border region": r"\bborder regions?\b",
    "border": r"(?<!cross-)\bborders?\b(?! regions?\b)",
    "progress report": r"\bprogress reports?\b",
    "output": r"\boutputs?\b",
    "coordinator": r"\bcoordinators?\b",
}
# English that stays English or is a name, so not the glossary's term: the programme, publications, AEBR's name,
# the Border Focal Point and the thematic groups' slugs in addresses and filters.
UNTRANSLATED = re.compile(
    r"Resilient Borders|Border Focal Point|Association of European Border Regions|“[^”]*”"
    r"|Building More Resilient Cross-border Regions|=[\w-]+|crisis-management or spatial-planning"
)
# Documented exceptions: (language, msgid) where the glossary's term is rightly not used.
GLOSSARY_EXCEPTIONS = {
    # "Interim progress report" is one word of its own: Zwischenbericht, väliraportti.
    ("de", "For example: interim progress report."),
    ("fi", "For example: interim progress report."),
}
# Irish changes a word's beginning after some words (eclipsis: "dteorainn"; lenition: "thuarascáil").
IRISH_ECLIPSIS = re.compile(r"\b(?:m(?=b)|g(?=c)|n(?=d)|bh(?=f)|n(?=g)|b(?=p)|d(?=t)|[nt]-(?=[aeiou])|h(?=[aeiou]))")
IRISH_LENITION = re.compile(r"\b([bcdfgmpst])h")


def fold(text, code):
    """Lower case without accents, Irish initial mutations undone: to find a term whatever its form."""
    text = unicodedata.normalize("NFD", text.lower())
    text = "".join(character for character in text if not unicodedata.combining(character))
    if code == "ga":
        text = IRISH_LENITION.sub(r"\1", IRISH_ECLIPSIS.sub("", text))
    return text


def glossary_rows(code):
    """{English term: its translation}, from the glossary's table; the term without "(s)" or its variants."""
    rows = {}
    for line in (LOCALE / code / "glossary.md").read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("|") and len(cells) >= 2 and not set(cells[0]) <= set("-: "):
            english = re.sub(r"\(s\)", "", cells[0].split(" / ")[0]).strip()
            rows[english] = cells[1]
    return rows


def stems(translation, code):
    """The start of the longest word of each variant of a glossary translation, which inflection leaves alone."""
    found = []
    for variant in re.split(r"\s*[/;,]\s*", re.sub(r"\([^)]*\)", " ", translation)):
        words = [word for word in re.findall(r"\w+", fold(variant, code)) if len(word) >= 3]
        if words:
            longest = max(words, key=len)
            found.append(longest[: max(3, math.ceil(len(longest) * 0.6))])
    return found


@pytest.mark.parametrize("code", LANGUAGES)
def test_translations_use_the_glossary(code):
    """Where the English has a glossary term, the translation has the glossary's word for it (in any form)."""
    rows = glossary_rows(code)
    catalogue = polib.pofile(str(CATALOGUES[code]))
    wrong = []
    for term, pattern in GLOSSARY_TERMS.items():
        expected = stems(rows[term], code)
        for entry in catalogue.translated_entries():
            if (code, entry.msgid) in GLOSSARY_EXCEPTIONS or not re.search(
                pattern, UNTRANSLATED.sub("", entry.msgid), re.IGNORECASE
            ):
                continue
            for translated in entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]:
                if not any(stem in fold(translated, code) for stem in expected):
                    wrong.append((term, entry.msgid, translated))
    assert not wrong, f"the glossary's word ({code}/glossary.md) is missing: {wrong}"


class Subscription(forms.Form):
    email = forms.EmailField()


@pytest.mark.parametrize(
    ("code", "written", "required"),
    [
        ("mt", "2 Diċembru 2026", "Dan il-qasam huwa meħtieġ."),
        ("ga", "2 Nollaig 2026", "Tá an réimse seo riachtanach."),
        ("nb", "2. desember 2026", "Feltet er påkrevet."),
    ],
)
def test_dates_and_form_errors_are_in_the_language(code, written, required):
    """Django's own strings: Maltese from locale_django/, Irish and Norwegian Bokmål from Django's catalogues."""
    with translation.override(code):
        assert date_format(date(2026, 12, 2)) == written
        form = Subscription(data={})
        assert not form.is_valid()
        assert form.errors["email"] == [required]


def test_maltese_has_django_s_month_and_day_names():
    with translation.override("mt"):
        assert date_format(date(2026, 12, 2), "l j F Y") == "L-Erbgħa 2 Diċembru 2026"
        assert date_format(date(2026, 8, 3), "M Y") == "Aww 2026"
        assert date_format(date(2026, 9, 1), "E N") == "Settembru Set."
        assert str(forms.EmailField().validators[0].message) == "Daħħal indirizz tal-email validu."


def password_pages_text():
    """What the workspace's password pages show of Django's own strings: the validators' rules and errors, and the
    set-password and change-password forms' labels and errors."""
    texts = [str(text) for text in password_validation.password_validators_help_texts()]
    with pytest.raises(ValidationError) as raised:
        password_validation.validate_password("1234")
    texts += raised.value.messages
    user = get_user_model()(username="ana", email="ana@example.org")
    user.set_password("an old password of hers")
    form = PasswordChangeForm(user, data={"old_password": "wrong", "new_password1": "a", "new_password2": "b"})
    assert not form.is_valid()
    texts += [str(field.label) for field in form] + [str(error) for errors in form.errors.values() for error in errors]
    return texts


@pytest.mark.parametrize("code", LANGUAGES)
def test_password_rules_and_errors_are_in_the_language(code):
    """Django 5.2 renamed the minimum length message's placeholder and most of its catalogues kept the old one; some
    lack other messages, and Maltese has none: locale_django/ gives them."""
    english = set(password_pages_text())
    with translation.override(code):
        translated = password_pages_text()
    assert len(translated) == len(english) > 8
    left_in_english = [text for text in translated if text in english and text not in ("Email", "Password")]
    assert not left_in_english


# Where a placeholder holds a date, and in which format: read from the code, so a new one is checked too. In
# templates `name=value|date:"FORMAT"` and `name=value|month_in_text`; in Python `"name": date_format(value, "FORMAT")`.
TEMPLATE_DATE = re.compile(r'(\w+)=\S+?\|(?:date:"(\w+)"|(month_in_text))')
PYTHON_DATE = re.compile(r'"(\w+)": date_format\([^,)]+(?:, "(\w+)")?\)')


@functools.cache
def date_placeholders():
    """{placeholder name: {format}} of the dates the portal puts into sentences (read once, for every language)."""
    found = {}
    for path in [*ROOT.glob("*/templates/**/*.*"), *ROOT.glob("templates/**/*.*")]:
        for name, date_setting, month in TEMPLATE_DATE.findall(path.read_text()):
            found.setdefault(name, set()).add(month or date_setting)
    for path in ROOT.glob("*/*.py"):
        if path.parent.name == "tests":
            continue
        for name, date_setting in PYTHON_DATE.findall(path.read_text()):
            found.setdefault(name, set()).add(date_setting or "DATE_FORMAT")
    return found


def formatted(date_format_name, moment):
    if date_format_name == "month_in_text":
        return month_in_text(moment)
    return date_format(moment, date_format_name)


def test_the_date_placeholders_are_found():
    found = date_placeholders()
    assert found["date"] == {"DATE_FORMAT"}
    assert "month_in_text" in found["start"]
    assert found["peak"] == {"YEAR_MONTH_FORMAT"}


@pytest.mark.parametrize("code", LANGUAGES)
def test_no_sentence_ends_with_a_doubled_full_stop_after_a_date(code):
    """Where a language writes its dates with a final full stop ("2026. december 3." in Hungarian, "3 декември
    2026 г." in Bulgarian), that stop also ends a sentence: a translation must not add another after the date."""
    moment = datetime(2026, 12, 3, 9, 30, tzinfo=UTC)
    with translation.override(code):
        ending_in_a_stop = {
            name
            for name, formats in date_placeholders().items()
            if any(formatted(date_format_name, moment).endswith(".") for date_format_name in formats)
        }
    doubled = []
    for entry in polib.pofile(str(CATALOGUES[code])).translated_entries():
        for translated in [entry.msgstr, *entry.msgstr_plural.values()]:
            doubled += [(entry.msgid, name) for name in ending_in_a_stop if f"%({name})s." in translated]
    assert not doubled
