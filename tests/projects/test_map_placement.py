"""A pilot action's map placement, stored in columns of its own, stays what ``map_point`` says after every kind
of change: its own place, its borders, a border's label point, and bulk changes."""

from decimal import Decimal

import pytest

from projects.models import PilotAction
from tests.factories import BorderFactory, PilotActionFactory, ThematicGroupFactory, bulk_pilot_actions

pytestmark = pytest.mark.django_db


def stored(pilot_action):
    """(latitude, longitude, on_border) as stored, None where it is not on the map: ``map_point``'s form."""
    row = PilotAction.objects.values_list("map_latitude", "map_longitude", "placed_on_border").get(pk=pilot_action.pk)
    return None if row[0] is None else row


def fresh(pilot_action):
    """The pilot action as read again, with its borders (``map_point`` reads them)."""
    return PilotAction.objects.prefetch_related("borders").get(pk=pilot_action.pk)


def assert_placed(pilot_action):
    expected = fresh(pilot_action).map_point
    assert stored(pilot_action) == expected
    return expected


def border_at(latitude, longitude, **kwargs):
    return BorderFactory(label_latitude=latitude, label_longitude=longitude, **kwargs)


def test_own_place_set_and_cleared():
    border = border_at(45.5, 6.25)
    pilot_action = PilotActionFactory(latitude=Decimal("46.07270"), longitude=Decimal("18.23230"), borders=[border])
    assert assert_placed(pilot_action) == (46.0727, 18.2323, False)

    pilot_action.latitude = pilot_action.longitude = None
    pilot_action.save()
    assert assert_placed(pilot_action) == (45.5, 6.25, True)

    pilot_action.latitude, pilot_action.longitude = Decimal("44.1"), Decimal("7.2")
    pilot_action.save()
    assert assert_placed(pilot_action) == (44.1, 7.2, False)


def test_a_place_is_stored_as_its_column_rounds_it():
    pilot_action = PilotActionFactory(latitude=Decimal("46.1234561"), longitude=Decimal("7.0000049"))
    assert_placed(pilot_action)


def test_borders_added_removed_and_cleared_from_either_side():
    first, second = border_at(45.0, 6.0), border_at(47.0, 8.0)
    pilot_action = PilotActionFactory(latitude=None, longitude=None)
    assert assert_placed(pilot_action) is None

    pilot_action.borders.add(second)
    assert assert_placed(pilot_action) == (47.0, 8.0, True)
    pilot_action.borders.add(first)  # the first border (by id) places it
    assert assert_placed(pilot_action) == (45.0, 6.0, True)
    pilot_action.borders.remove(first)
    assert assert_placed(pilot_action) == (47.0, 8.0, True)

    first.pilot_actions.add(pilot_action)
    assert assert_placed(pilot_action) == (45.0, 6.0, True)
    first.pilot_actions.remove(pilot_action)
    assert assert_placed(pilot_action) == (47.0, 8.0, True)
    second.pilot_actions.clear()
    assert assert_placed(pilot_action) is None

    pilot_action.borders.set([first, second])
    assert assert_placed(pilot_action) == (45.0, 6.0, True)
    pilot_action.borders.clear()
    assert assert_placed(pilot_action) is None


def test_a_border_without_label_point_places_nothing():
    unlabelled = BorderFactory(line=None, label_latitude=None, label_longitude=None)
    pilot_action = PilotActionFactory(latitude=None, longitude=None, borders=[unlabelled])
    assert assert_placed(pilot_action) is None


def test_a_border_label_moved_or_the_border_deleted():
    first, second = border_at(45.0, 6.0), border_at(47.0, 8.0)
    on_border = PilotActionFactory(latitude=None, longitude=None, borders=[first, second])
    own_place = PilotActionFactory(latitude=Decimal("40"), longitude=Decimal("2"), borders=[first])

    first.label_latitude, first.label_longitude = 45.25, 6.5
    first.save()
    assert assert_placed(on_border) == (45.25, 6.5, True)
    assert assert_placed(own_place) == (40.0, 2.0, False)

    first.delete()
    assert assert_placed(on_border) == (47.0, 8.0, True)


def test_bulk_create_and_update_place_their_rows():
    group = ThematicGroupFactory()
    bulk_pilot_actions(30, group=group)
    rows = PilotAction.objects.filter(group=group)
    assert not rows.filter(map_latitude__isnull=True).exists()
    for pilot_action in rows:
        assert_placed(pilot_action)

    rows.filter(pk__in=list(rows.values_list("pk", flat=True)[:10])).update(latitude=Decimal("50.5"))
    moved = rows.filter(latitude=Decimal("50.5"))
    assert moved.count() == 10
    for pilot_action in rows:
        assert_placed(pilot_action)

    border = border_at(48.0, 9.0)
    unplaced = list(moved[:3])
    for pilot_action in unplaced:
        pilot_action.latitude = pilot_action.longitude = None
    PilotAction.objects.bulk_update(unplaced, ["latitude", "longitude"])
    assert all(stored(pilot_action) is None for pilot_action in unplaced)

    # Links made in bulk send no signal: the queryset method places the rows they concern.
    PilotAction.borders.through.objects.bulk_create(
        PilotAction.borders.through(pilotaction_id=pilot_action.pk, border_id=border.pk) for pilot_action in unplaced
    )
    placed = PilotAction.objects.filter(pk__in=[pilot_action.pk for pilot_action in unplaced]).place_on_map()
    assert placed == 3
    for pilot_action in rows:
        assert_placed(pilot_action)
    assert {stored(pilot_action) for pilot_action in unplaced} == {(48.0, 9.0, True)}


def test_update_clearing_a_place_in_bulk_moves_rows_to_their_border():
    border = border_at(44.0, 5.0)
    pilot_actions = [PilotActionFactory(borders=[border]) for _ in range(3)]
    PilotAction.objects.filter(pk__in=[p.pk for p in pilot_actions]).update(latitude=None, longitude=None)
    assert {assert_placed(pilot_action) for pilot_action in pilot_actions} == {(44.0, 5.0, True)}


def test_the_programme_is_placed_as_map_point_says(programme):
    pilot_actions = PilotAction.objects.prefetch_related("borders")
    assert pilot_actions.filter(placed_on_border=True).exists()
    for pilot_action in pilot_actions:
        assert stored(pilot_action) == pilot_action.map_point
