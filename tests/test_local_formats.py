"""Dates, numbers and amounts in each language's conventions: the formats in resilient_borders/formats/, the month
names in locale_django/, and core.templatetags.local_formats for months inside sentences and amounts in euros."""

import datetime
import html
import re
from decimal import Decimal

import pytest
from django.conf import global_settings, settings
from django.template.defaultfilters import floatformat
from django.utils import translation
from django.utils.formats import date_format, get_format

from core.templatetags.local_formats import euros, month_in_text
from projects import programme

LANGUAGES = [code for code, _name in settings.LANGUAGES]
# The languages that write month names in lower case, inside a date and on their own (Django's catalogues capitalise
# some of them: Bulgarian, Croatian, Italian, Polish, Portuguese, Romanian; French, Norwegian and Slovenian in the
# genitive forms).
LOWER_CASE_MONTHS = sorted(set(LANGUAGES) - {"de", "el", "en", "ga", "mt"})


def page_text(response):
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", response.content.decode()))).replace("\xa0", " ")


@pytest.mark.parametrize("code", LANGUAGES)
def test_no_language_falls_back_to_american_dates_or_ungrouped_numbers(code):
    """Where a language's format module lacks a format, Django uses its global default: "Feb. 1, 2025, 9:05 a.m."."""
    with translation.override(code):
        assert get_format("DATE_FORMAT") != global_settings.DATE_FORMAT
        assert get_format("DATETIME_FORMAT") != global_settings.DATETIME_FORMAT
        assert get_format("NUMBER_GROUPING") == 3, "thousands are grouped in every one of these languages"
        assert floatformat(40000, "0g") != "40000"
        written = date_format(datetime.datetime(2025, 2, 1, 9, 5), "DATETIME_FORMAT")
        assert "2025" in written and ("9:05" in written or "09:05" in written or "9.05" in written)


@pytest.mark.parametrize("code", LOWER_CASE_MONTHS)
def test_month_names_are_in_lower_case_where_the_language_writes_them_so(code):
    with translation.override(code):
        for month in range(1, 13):
            day = datetime.date(2025, month, 1)
            for name in (date_format(day, "F"), date_format(day, "E")):
                assert name == name.lower(), f"{code}: {name}"


@pytest.mark.parametrize(
    ("code", "written"),
    [
        ("en", "1 February 2025"),
        ("bg", "1 февруари 2025 г."),
        ("el", "1 Φεβρουαρίου 2025"),
        ("it", "1 febbraio 2025"),
        ("pl", "1 lutego 2025"),
        ("sk", "1. februára 2025"),
        ("sl", "1. februarja 2025"),
        ("hr", "1. veljače 2025."),
        ("pt", "1 de fevereiro de 2025"),
    ],
)
def test_dates_are_written_as_the_language_writes_them(code, written):
    with translation.override(code):
        assert date_format(datetime.date(2025, 2, 1), "DATE_FORMAT") == written


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_catalogue_gives_a_usable_format_for_a_month_inside_a_sentence(code):
    with translation.override(code):
        written = month_in_text(datetime.date(2025, 2, 1))
    assert "2025" in written
    assert "FORMAT" not in written and "\\" not in written, "the catalogue's format is a format, not a name"
    assert month_in_text(None) == ""


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "period"),
    [
        ("", "from February 2025 to September 2025"),
        ("de", "vom Februar 2025 bis zum September 2025"),
        ("pl", "od lutego 2025 do września 2025"),  # the genitive after od/do, not "od luty 2025"
        ("cs", "od února 2025 do září 2025"),
        ("sk", "od februára 2025 do septembra 2025"),
        ("sl", "od februarja 2025 do septembra 2025"),
        ("hr", "od veljače 2025. do rujna 2025."),
        ("lt", "nuo 2025 m. vasario iki 2025 m. rugsėjo"),
        ("el", "την περίοδο Φεβρουαρίου 2025 – Σεπτεμβρίου 2025"),
        ("bg", "от февруари 2025 г. до септември 2025 г."),
    ],
)
def test_the_home_page_says_when_the_pilot_actions_worked_in_the_language_s_grammar(client, code, period):
    assert (programme.ACTIVE_PHASE_START.month, programme.ACTIVE_PHASE_END.month) == (2, 9)
    assert period in page_text(client.get(f"/{code}/" if code else "/"))


@pytest.mark.django_db
def test_a_month_that_would_need_another_case_is_named_after_a_label(client):
    """ "ogłoszono w styczniu" needs the locative, which no date format gives: the Polish names the month after a
    colon, in the nominative."""
    assert programme.WINNERS_ANNOUNCED_MONTH.month == 1
    assert "ogłoszenie zwycięzców: styczeń 2025" in page_text(client.get("/pl/call/"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "opened"),
    [
        ("pl", "od 4 października 2024 do 30 listopada 2024"),  # dates in the genitive after od/do
        ("el", "από 4 Οκτωβρίου 2024 έως 30 Νοεμβρίου 2024"),
        ("lt", "nuo 2024 m. spalio 4 d. iki 2024 m. lapkričio 30 d."),
        ("lv", "(atvērts: 2024. gada 4. oktobris – 2024. gada 30. novembris)"),  # no case after a colon
        ("et", "(avatud: 4. oktoober 2024 – 30. november 2024)"),
        ("hu", "A 2024. október 4. és 2024. november 30. között"),
    ],
)
def test_the_call_s_dates_fit_the_sentence(client, code, opened):
    assert datetime.date(2024, 10, 4) == programme.CALL_OPENED
    assert datetime.date(2024, 11, 30) == programme.CALL_CLOSED
    assert opened in page_text(client.get(f"/{code}/call/"))


@pytest.mark.parametrize(
    ("code", "amount", "written"),
    [
        ("en", 40000, "€40,000"),
        ("en", Decimal("39098.87"), "€39,098.87"),
        ("fr", 40000, "40\u202f000\xa0€"),
        ("de", Decimal("39098.87"), "39.098,87\xa0€"),
        ("pl", 40000, "40\xa0000\xa0€"),
        ("nl", 40000, "€\xa040.000"),
        ("pt", 40000, "40\xa0000\xa0€"),
        ("hu", 40000, "40\xa0000\xa0EUR"),
        ("mt", 40000, "€40,000"),
    ],
)
def test_amounts_in_euros_follow_the_cldr(code, amount, written):
    with translation.override(code):
        assert euros(amount) == written


@pytest.mark.django_db
@pytest.mark.parametrize("code", LANGUAGES)
def test_every_page_with_an_amount_prints_it_the_language_s_way(client, code):
    with translation.override(code):
        grant, bratislava = euros(programme.MAX_GRANT_EUR), euros(programme.BRATISLAVA_GRANT_EUR)
    prefix = "" if code == settings.LANGUAGE_CODE else f"/{code}"
    assert grant in client.get(f"{prefix}/").content.decode()
    call = client.get(f"{prefix}/call/").content.decode()
    assert grant in call and bratislava in call
    assert euros(None) == ""
