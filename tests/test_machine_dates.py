"""Every <time datetime> is a string HTML accepts (issue #15): the W3C checker failed 5 pages on microseconds."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import translation

from projects.templatetags.machine_dates import machine_datetime
from tests.factories import PilotActionFactory, ProgressReportFactory, ResultsFactory

# HTML's valid date string, month string, year, time string, or (local or global) date and time string:
# seconds may have at most three decimals.
TIME = r"\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?"
VALID_DATETIME = re.compile(
    rf"^(\d{{4}}(-\d{{2}}(-\d{{2}}([T ]{TIME}(Z|[+-]\d{{2}}:?\d{{2}})?)?)?)?|{TIME})$"
)  # fmt: skip
DATETIME_ATTRIBUTE = re.compile(r'<time[^>]*\sdatetime="([^"]*)"')


@pytest.fixture
def published(db):
    pilot_action = PilotActionFactory()
    report = ProgressReportFactory(pilot_action=pilot_action)
    results = ResultsFactory(pilot_action=pilot_action)
    # Times as saved, microseconds and all (a test run could land on a whole second).
    for published in (report, results):
        type(published).objects.filter(pk=published.pk).update(
            published_at=published.published_at.replace(microsecond=123456)
        )
    return pilot_action


@pytest.mark.parametrize("language", ["en", "fr"])
def test_every_datetime_attribute_is_valid_html(client, published, language):
    with translation.override(language):
        urls = [reverse("projects:home"), reverse("projects:update-list"), published.get_absolute_url()]
    found = []
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        values = DATETIME_ATTRIBUTE.findall(response.content.decode())
        found.extend(values)
        assert all(VALID_DATETIME.match(value) for value in values), (url, values)
    # The report's publication time is on every one of the three pages, to the second.
    assert sum(1 for value in found if "T" in value) >= 3, found


def test_machine_datetime_keeps_the_offset_and_drops_microseconds():
    moment = datetime.datetime(2025, 3, 4, 9, 15, 0, 123456, tzinfo=datetime.UTC)
    with translation.override("en"):
        assert machine_datetime(moment) in {"2025-03-04T09:15:00+00:00", "2025-03-04T10:15:00+01:00"}
    assert machine_datetime(None) == ""
