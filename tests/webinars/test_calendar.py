"""Unit tests of the hand-written iCalendar (RFC 5545) output; no database needed."""

import datetime

from tests.factories import WebinarFactory
from webinars.calendar import escape_text, fold, utc_stamp, webinar_calendar

URL = "https://portal.example.org/webinars/a-webinar/"
UPDATED = datetime.datetime(2025, 2, 3, 9, 15, 30, tzinfo=datetime.UTC)


def build(**fields):
    webinar = WebinarFactory.build(pk=7, slug="a-webinar", title="A webinar", **fields)
    webinar.updated_at = UPDATED
    return webinar


def unfold(text):
    return text.replace("\r\n ", "")


def content_lines(text):
    return unfold(text).split("\r\n")[:-1]


def test_escapes_text_values():
    assert escape_text("a\\b; c, d\ne\r\nf") == "a\\\\b\\; c\\, d\\ne\\nf"


def test_short_lines_are_not_folded():
    assert fold("SUMMARY:short") == "SUMMARY:short"
    assert fold("X" * 75) == "X" * 75


def test_long_lines_fold_at_75_octets():
    line = "DESCRIPTION:" + "abcdefghij" * 30
    folded = fold(line)
    physical = folded.split("\r\n")
    assert len(physical) > 1
    assert all(len(part.encode()) <= 75 for part in physical)
    assert len(physical[0].encode()) == 75
    assert all(part.startswith(" ") for part in physical[1:])
    assert unfold(folded) == line


def test_folding_never_splits_a_multibyte_character():
    line = "SUMMARY:" + "é€" * 60
    folded = fold(line)
    for part in folded.split("\r\n"):
        assert len(part.encode("utf-8")) <= 75
        part.encode("utf-8").decode("utf-8")  # a split character would not survive the round trip
    assert unfold(folded) == line


def test_utc_stamp():
    brussels = datetime.datetime(2024, 10, 30, 11, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=1)))
    assert utc_stamp(brussels) == "20241030T103000Z"


def test_calendar_structure_and_crlf(settings):
    settings.SITE_URL = "https://portal.example.org:8443"
    text = webinar_calendar(build(description="Line one\nLine two"), URL)
    assert text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "") and "\r" not in text.replace("\r\n", "")
    lines = content_lines(text)
    assert lines[:4] == [
        "BEGIN:VCALENDAR",
        "PRODID:-//Resilient Borders//Webinars//EN",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
    ]
    assert lines.count("BEGIN:VEVENT") == 1 and lines.count("END:VEVENT") == 1
    assert "UID:webinar-7@portal.example.org" in lines
    assert "SEQUENCE:0" in lines
    assert "DTSTAMP:20250203T091530Z" in lines
    assert "SUMMARY;LANGUAGE=en:A webinar" in lines
    assert "DESCRIPTION;LANGUAGE=en:Line one\\nLine two" in lines
    assert f"URL:{URL}" in lines


def test_timed_webinar_starts_and_ends_in_utc():
    webinar = build(
        date=datetime.date(2024, 10, 30), start_time=datetime.time(11, 30), duration=datetime.timedelta(minutes=60)
    )
    lines = content_lines(webinar_calendar(webinar, URL))
    assert "DTSTART:20241030T103000Z" in lines
    assert "DTEND:20241030T113000Z" in lines


def test_summer_time_is_two_hours_ahead_of_utc_in_brussels():
    webinar = build(
        date=datetime.date(2025, 6, 16), start_time=datetime.time(10, 0), duration=datetime.timedelta(minutes=90)
    )
    lines = content_lines(webinar_calendar(webinar, URL))
    assert "DTSTART:20250616T080000Z" in lines
    assert "DTEND:20250616T093000Z" in lines


def test_timed_webinar_without_duration_has_no_end():
    lines = content_lines(webinar_calendar(build(start_time=datetime.time(14, 0), duration=None), URL))
    assert "DTSTART:20250127T130000Z" in lines
    assert not any(line.startswith("DTEND") for line in lines)


def test_date_only_webinar_is_an_all_day_event():
    webinar = build(date=datetime.date(2025, 1, 27), start_time=None, duration=None)
    lines = content_lines(webinar_calendar(webinar, URL))
    assert "DTSTART;VALUE=DATE:20250127" in lines
    assert "DTEND;VALUE=DATE:20250128" in lines
    assert not any(line.startswith(("DTSTART:", "DTEND:")) for line in lines)


def test_all_day_event_ends_on_the_next_day_across_a_year_end():
    lines = content_lines(webinar_calendar(build(date=datetime.date(2025, 12, 31), start_time=None), URL))
    assert "DTEND;VALUE=DATE:20260101" in lines


def test_title_and_description_are_escaped_and_folded():
    webinar = build(platform="Zoom, then Teams")
    webinar.title = "Floods; fires, and more"
    webinar.description = "Résumé, long " * 20
    text = webinar_calendar(webinar, URL)
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    lines = content_lines(text)
    assert "SUMMARY;LANGUAGE=en:Floods\\; fires\\, and more" in lines
    assert "LOCATION:Zoom\\, then Teams" in lines
    assert "DESCRIPTION;LANGUAGE=en:" + "Résumé\\, long " * 20 in lines
