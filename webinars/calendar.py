"""iCalendar (RFC 5545) files for webinars, written by hand: one VEVENT, no dependency."""

import datetime

from core.content_language import displayed_language
from core.syndication import site_domain

PRODUCT_ID = "-//Resilient Borders//Webinars//EN"
LINE_OCTETS = 75
CRLF = "\r\n"


def escape_text(value):
    """A TEXT value (RFC 5545, 3.3.11): backslash, semicolon and comma escaped, newlines as \\n."""
    value = str(value).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")


def fold(line):
    """Split a content line into lines of at most 75 octets, never inside a UTF-8 character (3.1)."""
    parts, current, size, limit = [], [], 0, LINE_OCTETS
    for character in line:
        octets = len(character.encode("utf-8"))
        if size + octets > limit:
            parts.append("".join(current))
            # A continuation line starts with a space, which counts against its 75 octets.
            current, size, limit = [], 0, LINE_OCTETS - 1
        current.append(character)
        size += octets
    parts.append("".join(current))
    return (CRLF + " ").join(parts)


def utc_stamp(moment):
    """An aware datetime as a UTC DATE-TIME, such as 20241030T103000Z."""
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def language_parameter(webinar, field):
    """``;LANGUAGE=en``: the language ``webinar.<field>`` is shown in, where it has a value."""
    language = displayed_language(webinar, field)
    return f";LANGUAGE={language}" if language else ""


def webinar_calendar(webinar, url):
    """The .ics text for ``webinar``; ``url`` is the absolute address of its page."""
    lines = [
        "BEGIN:VCALENDAR",
        f"PRODID:{PRODUCT_ID}",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        # The primary key, not the slug (which an editor may change), at the site's public domain (RFC 5545, 3.8.4.7).
        f"UID:webinar-{webinar.pk}@{site_domain()}",
        f"DTSTAMP:{utc_stamp(webinar.updated_at)}",
        # Raised by each rescheduling save, so that calendars replace the copy they hold (3.8.7.4).
        f"SEQUENCE:{webinar.sequence}",
    ]
    if webinar.starts_at is not None:
        lines.append(f"DTSTART:{utc_stamp(webinar.starts_at)}")
        if webinar.ends_at is not None:
            lines.append(f"DTEND:{utc_stamp(webinar.ends_at)}")
    else:
        # Only the date is known: an all-day event, whose DTEND is the day after (exclusive).
        lines.append(f"DTSTART;VALUE=DATE:{webinar.date:%Y%m%d}")
        lines.append(f"DTEND;VALUE=DATE:{webinar.date + datetime.timedelta(days=1):%Y%m%d}")
    # Each text says its language (3.2.10): the page's where translated, English where it falls back.
    lines.append(f"SUMMARY{language_parameter(webinar, 'title')}:{escape_text(webinar.title)}")
    lines.append(f"DESCRIPTION{language_parameter(webinar, 'description')}:{escape_text(webinar.description)}")
    if webinar.platform:
        lines.append(f"LOCATION:{escape_text(webinar.platform)}")
    lines.append(f"URL:{url}")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "".join(fold(line) + CRLF for line in lines)
