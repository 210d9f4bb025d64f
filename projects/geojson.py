from borders.geojson import feature, feature_collection, point


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
