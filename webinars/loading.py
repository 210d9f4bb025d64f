"""The programme's public webinars, as far as their facts have been published."""

import datetime
from pathlib import Path

from core.loading import read_json, upsert
from projects.models import Organisation
from webinars.models import Webinar

WEBINARS_PATH = Path(__file__).resolve().parent / "data" / "webinars.json"


def load_webinars(path=WEBINARS_PATH):
    created = 0
    for record in read_json(path):
        webinar, was_created = upsert(
            Webinar,
            {"slug": record["slug"]},
            {
                "title": record["title"],
                "date": datetime.date.fromisoformat(record["date"]),
                "start_time": datetime.time.fromisoformat(record["start_time"]) if record["start_time"] else None,
                "time_zone": record["time_zone"],
                "duration": (
                    datetime.timedelta(minutes=record["duration_minutes"]) if record["duration_minutes"] else None
                ),
                "platform": record["platform"],
                "description": record["description"],
                "source_url": record["source_url"],
            },
        )
        if was_created:
            webinar.organisers.set(Organisation.objects.filter(acronym__in=record["organisers"]))
            webinar.attending_organisations.set(
                Organisation.objects.filter(acronym__in=record["attending_organisations"])
            )
        created += was_created
    return created
