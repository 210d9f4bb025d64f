"""/about/ counts and names the thematic groups from the data, as the home page does: never "two" written in."""

import re

import pytest
from django.contrib.humanize.templatetags.humanize import apnumber
from django.utils import translation
from django.utils.html import escape
from django.utils.text import capfirst

from projects.models import ThematicGroup
from tests.factories import ThematicGroupFactory

pytestmark = pytest.mark.django_db


def about(client, path="/about/"):
    response = client.get(path)
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


def lead(content):
    return re.search(r'<p class="lead">(.*?)</p>', content).group(1)


def meta_description(content):
    return re.search(r'<meta name="description" content="([^"]*)"', content).group(1)


def first_lower(name):
    return name[:1].lower() + name[1:]


def test_about_counts_and_names_the_groups_in_the_database(client, programme):
    count = ThematicGroup.objects.count()
    content = about(client)
    assert f"in {apnumber(count)} thematic groups:" in lead(content)
    for group in ThematicGroup.objects.all():
        assert escape(first_lower(group.name)) in lead(content)
    assert f'<h2 id="groups-heading">{capfirst(apnumber(count))} thematic groups</h2>' in content
    assert f"its {apnumber(count)} thematic groups" in meta_description(content)


def test_a_group_added_in_admin_changes_every_sentence(client, programme):
    ThematicGroupFactory(name="Cross-border health cooperation")
    count = ThematicGroup.objects.count()
    content = about(client)
    assert f"in {apnumber(count)} thematic groups:" in lead(content)
    assert "cross-border health cooperation" in lead(content)
    assert f"{capfirst(apnumber(count))} thematic groups</h2>" in content
    assert "two thematic groups" not in content.lower()
    with translation.override("fr"):
        word = capfirst(apnumber(count))
    assert f"{word} groupes thématiques</h2>" in about(client, "/fr/about/")


def test_one_group_is_said_in_the_singular(client, db):
    ThematicGroupFactory(name="Cross-border crisis management")
    content = about(client)
    assert "in one thematic group: cross-border crisis management." in lead(content)
    assert "One thematic group</h2>" in content
