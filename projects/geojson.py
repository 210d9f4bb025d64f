import math

from borders.geojson import feature, feature_collection, point
from projects.models import PilotAction

CLUSTER_PIXELS = 80  # a cluster gathers what lies within about this many screen pixels
MAX_CELLS = 300
MAX_POINTS = 300  # up to this many in view, every pilot action is its own marker


def pilot_action_feature(pilot_action):
    """A located pilot action as a point; needs ``with_relations()`` for its group."""
    group = pilot_action.group
    return feature(
        point(pilot_action.latitude, pilot_action.longitude),
        kind="pilot_action",
        name=str(pilot_action),
        title=pilot_action.title,
        url=pilot_action.get_absolute_url(),
        group=group.slug if group else None,
        colour=group.colour if group else "#4a5360",
    )


def pilot_actions_collection(pilot_actions):
    return feature_collection(
        pilot_action_feature(pilot_action) for pilot_action in pilot_actions if pilot_action.latitude is not None
    )


def cluster_feature(cell):
    return feature(
        point(cell["mean_latitude"], cell["mean_longitude"]),
        kind="cluster",
        count=cell["count"],
    )


def cell_size(bbox, zoom):
    """Degrees per grid cell: about CLUSTER_PIXELS on screen, but never more than MAX_CELLS in the viewport."""
    west, south, east, north = bbox
    size = 360 / 2**zoom * CLUSTER_PIXELS / 256
    width = (east - west) % 360 or 360
    height = north - south
    cells = math.ceil(width / size) * math.ceil(max(height, size) / size)
    if cells > MAX_CELLS:
        size *= math.sqrt(cells / MAX_CELLS) * 1.01
    return size


def viewport_collection(pilot_actions, bbox, zoom):
    """The pilot actions in a viewport: each one where they are few, else clusters by grid cell.

    A response never carries more than about MAX_CELLS features, however many pilot actions there are.
    """
    # Filtering by partner or theme joins rows; clustering a subquery of ids counts each pilot action once.
    unique = PilotAction.objects.filter(pk__in=pilot_actions.values("pk")).in_bbox(*bbox)
    if unique.count() <= MAX_POINTS:
        return pilot_actions_collection(unique.for_map())
    cells = list(unique.grid_cells(cell_size(bbox, zoom)))
    single_ids = [cell["any_id"] for cell in cells if cell["count"] == 1]
    singles = PilotAction.objects.filter(pk__in=single_ids).for_map() if single_ids else []
    return feature_collection(
        [cluster_feature(cell) for cell in cells if cell["count"] > 1]
        + [pilot_action_feature(pilot_action) for pilot_action in singles]
    )
