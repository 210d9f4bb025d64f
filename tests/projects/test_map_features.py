"""The map's markers built from stored columns and cached names are the features ``pilot_action_feature`` makes
of each pilot action."""

import pytest
from django.utils import translation

from projects.geojson import pilot_action_feature, pilot_action_features
from projects.models import PilotAction
from tests.factories import BorderFactory, PilotActionFactory, ThemeFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["en", "fr"])
def test_markers_are_the_features_of_each_pilot_action(programme, language):
    extra = PilotActionFactory(
        group=None, code="ZZ9", acronym="", themes=[ThemeFactory(name="Zebra"), ThemeFactory(name="Aardvark")]
    )
    extra.borders.set([BorderFactory(name="Zulu"), BorderFactory(name="Alpha")])
    with translation.override(language):
        expected = [pilot_action_feature(pilot_action) for pilot_action in PilotAction.objects.public().for_map()]
        assert pilot_action_features(PilotAction.objects.public()) == expected
    assert len(expected) == PilotAction.objects.public().on_map().count()
    assert any(feature["properties"]["location"] == "border" for feature in expected)


def test_a_name_added_since_the_labels_were_read_is_printed(client):
    pilot_action = PilotActionFactory()
    assert pilot_action_features(PilotAction.objects.all())[0]["properties"]["themes"] == []
    pilot_action.themes.add(ThemeFactory(name="New"))
    assert pilot_action_features(PilotAction.objects.all())[0]["properties"]["themes"] == ["New"]
