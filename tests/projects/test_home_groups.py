"""The home page counts the thematic groups it lists instead of printing "Two"."""

import re

import pytest
from django.contrib.humanize.templatetags.humanize import apnumber
from django.utils.text import capfirst

from projects.models import ThematicGroup
from tests.factories import ThematicGroupFactory

pytestmark = pytest.mark.django_db


def groups_heading(client, path="/"):
    html = client.get(path).content.decode()
    return re.search(r'<h2 id="groups-heading">([^<]*)</h2>', html)[1], html


def in_words(count):
    return capfirst(str(apnumber(count)))  # humanize spells one to nine: "Two", "Three"


def test_the_heading_counts_the_groups_the_data_holds(client, programme):
    heading, _html = groups_heading(client)
    assert heading == f"{in_words(ThematicGroup.objects.count())} thematic groups"

    ThematicGroupFactory(name="One group more for the test")
    heading, html = groups_heading(client)
    assert heading == f"{in_words(ThematicGroup.objects.count())} thematic groups"
    assert not heading.startswith("Two")
    assert "One group more for the test" in html


def test_one_group_is_singular(client):
    ThematicGroupFactory(name="Only group")
    heading, _html = groups_heading(client)
    assert heading == "One thematic group"
