"""A pilot action's page lists the webinars it presented at, newest first (the webinars app's section on a page of
``projects``, which never imports ``webinars``), and has no webinars heading when there are none."""

import datetime
import re

import pytest

from tests.factories import PilotActionFactory, WebinarFactory

pytestmark = pytest.mark.django_db


def webinars_section(response):
    content = response.content.decode()
    match = re.search(r"<h2>Webinars</h2>\s*<ul[^>]*>(.*?)</ul>", content, re.S)
    return None if match is None else re.findall(r'<a href="[^"]+">([^<]+)</a>', match.group(1))


def test_the_pilot_actions_webinars_newest_first(client):
    pilot_action = PilotActionFactory()
    older = WebinarFactory(title="Kick-off", date=datetime.date(2025, 1, 27))
    newer = WebinarFactory(title="Mid-term exchange", date=datetime.date(2025, 5, 14))
    WebinarFactory(title="Someone else's")
    for webinar in (older, newer):
        webinar.presenting_pilot_actions.add(pilot_action)
    response = client.get(pilot_action.get_absolute_url())
    assert webinars_section(response) == ["Mid-term exchange", "Kick-off"]


def test_no_webinars_heading_without_webinars(client):
    pilot_action = PilotActionFactory()
    WebinarFactory(title="Someone else's")
    assert webinars_section(client.get(pilot_action.get_absolute_url())) is None
    assert "<h2>Webinars</h2>" not in client.get(pilot_action.get_absolute_url()).content.decode()
