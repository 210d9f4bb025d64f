import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError

from tests.factories import WebinarFactory
from webinars.models import Webinar

pytestmark = pytest.mark.django_db


def test_start_and_end_are_aware_in_the_webinars_time_zone():
    webinar = WebinarFactory(date=datetime.date(2024, 10, 30), start_time=datetime.time(11, 30))
    assert webinar.starts_at == datetime.datetime(2024, 10, 30, 10, 30, tzinfo=datetime.UTC)
    assert webinar.starts_at.tzinfo == zoneinfo.ZoneInfo("Europe/Brussels")
    assert webinar.ends_at - webinar.starts_at == datetime.timedelta(minutes=90)


def test_date_only_webinar_has_no_start_time():
    webinar = WebinarFactory(start_time=None)
    assert webinar.starts_at is None and webinar.ends_at is None


def test_upcoming_and_past():
    today = datetime.date(2025, 6, 1)
    past = WebinarFactory(date=datetime.date(2025, 1, 27))
    upcoming = WebinarFactory(date=datetime.date(2025, 9, 1))
    assert list(Webinar.objects.upcoming(today)) == [upcoming]
    assert list(Webinar.objects.past(today)) == [past]


def test_time_zone_must_exist():
    with pytest.raises(ValidationError) as error:
        WebinarFactory.build(time_zone="Mars/Olympus").full_clean()
    assert "time_zone" in error.value.message_dict
