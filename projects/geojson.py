from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from borders.geojson import feature, feature_collection, point
from borders.geometry import POINT_PRECISION, rounded
from borders.models import Border
from core.pagecache import cached_for_content
from projects import mapcells
from projects.mapcells import MAX_CELLS  # noqa: F401 (a response's limit, for its readers)
from projects.models import PilotAction, ThematicGroup, Theme, borders_in_programme, countries_in_programme

MAX_POINTS = 300  # up to this many in view, every pilot action is its own marker


# Said wherever a pilot action without a place of its own is drawn on its border's label point.
BORDER_PLACEMENT_LABEL = _("placed on its border: the exact place is not published")


def placement(on_border):
    """How a feature's point was placed: its own place ("exact"), or its border's label point ("border"), which
    maps draw as a hollow marker with ``location_label`` (null for a place of its own), so that it is not taken
    for a town."""
    return {
        "location": "border" if on_border else "exact",
        "location_label": str(BORDER_PLACEMENT_LABEL) if on_border else None,
    }


def pilot_action_feature(pilot_action):
    """A pilot action as a point, saying how it was placed; ``with_relations()`` or ``for_map()`` fetch what it
    prints."""
    latitude, longitude, on_border = pilot_action.map_point
    group = pilot_action.group
    return feature(
        point(latitude, longitude),
        kind="pilot_action",
        **placement(on_border),
        name=str(pilot_action),
        title=pilot_action.title,
        acronym=pilot_action.acronym,
        code=pilot_action.code,
        url=pilot_action.get_absolute_url(),
        group=group.slug if group else None,
        group_name=group.display_name if group else None,
        colour=group.colour if group else "#4a5360",
        borders=[border.display_name for border in pilot_action.borders.all()],
        themes=[theme.display_name for theme in pilot_action.themes.all()],
    )


def pilot_actions_collection(pilot_actions):
    return feature_collection(
        pilot_action_feature(pilot_action) for pilot_action in pilot_actions if pilot_action.map_point is not None
    )


def linked_names(related_model, relation, pilot_action_ids):
    """The names each of ``pilot_action_ids`` links to (``related_model``'s rows, through their ``relation``
    back to pilot actions), in that model's order and the active language, as a prefetch gives them: one query."""
    linked = related_model.objects.filter(**{f"{relation}__in": pilot_action_ids}).annotate(
        linked_pilot_action_id=F(relation)
    )
    names = {}
    for row in linked.only("pk", *translated("name", related_model)):
        names.setdefault(row.linked_pilot_action_id, []).append(row.display_name)
    return names


def translated(name, model):
    """The columns of ``model``'s field ``name`` in every language (modeltranslation's ``name_en``, ...)."""
    return [field.name for field in model._meta.concrete_fields if field.name.startswith(f"{name}_")]


URL_SLUG = "url-slug"


def pilot_action_features(pilot_actions):
    """``pilot_action_feature`` of each of ``pilot_actions`` (a queryset) that is on the map, the same, without a
    pilot action instance each (up to MAX_POINTS of them make a response): their stored map points and columns,
    their group's columns (its name read by modeltranslation from an unsaved instance, in the active language),
    their borders' and themes' names; in three queries."""
    group_names = translated("name", ThematicGroup)
    rows = list(
        pilot_actions.on_map().values_list(
            "pk", "code", "title", "acronym", "slug", "map_latitude", "map_longitude", "placed_on_border",
            "group_id", "group__slug", "group__colour", *(f"group__{name}" for name in group_names),
        )
    )  # fmt: skip
    if not rows:
        return []
    ids = [row[0] for row in rows]
    themes = linked_names(Theme, "pilot_actions", ids)
    borders = linked_names(Border, "pilot_actions", ids)
    url_start, url_end = reverse("projects:pilot-action-detail", kwargs={"slug": URL_SLUG}).split(URL_SLUG)
    groups, features = {}, []
    for pk, code, title, acronym, slug, latitude, longitude, on_border, group_id, *group_columns in rows:
        if group_id is not None and group_id not in groups:
            group_slug, colour, *names = group_columns
            groups[group_id] = ThematicGroup(
                pk=group_id, slug=group_slug, colour=colour, **dict(zip(group_names, names, strict=True))
            )
        group = groups.get(group_id)
        label = acronym or title
        features.append(
            feature(
                point(latitude, longitude),
                kind="pilot_action",
                **placement(on_border),
                name=f"{code} {label}" if code else label,
                title=title,
                acronym=acronym,
                code=code,
                url=f"{url_start}{slug}{url_end}",
                group=group.slug if group else None,
                group_name=group.display_name if group else None,
                colour=group.colour if group else "#4a5360",
                borders=borders.get(pk, []),
                themes=themes.get(pk, []),
            )
        )
    return features


def cluster_feature(cell):
    return feature(
        point(cell["mean_latitude"], cell["mean_longitude"]),
        kind="cluster",
        count=cell["count"],
    )


def viewport_collection(pilot_actions, bbox, zoom, extent=None, scope=None):
    """The pilot actions in a viewport: each one where they are few, else clusters by grid cell
    (``projects.mapcells``: counted ahead for ``scope``, see ``mapcells.filter_scope``, where they are current,
    else aggregated from the rows).

    A response never carries more than MAX_CELLS features, however many pilot actions there are.
    Its ``bbox`` frames the features it holds (RFC 7946 §5); ``extent``, the box around every match (in view or
    not), goes in the foreign member ``matches_bbox``, which lets a client fit the map to all the matches.
    """
    each_once = pilot_actions.one_row_each()
    window = mapcells.Window(bbox, mapcells.grid_zoom(bbox, zoom))
    cells = mapcells.precomputed_cells(scope, window)
    if cells is None:
        cells = mapcells.live_cells(each_once, window)
    if sum(cell["count"] for cell in cells) <= MAX_POINTS:
        collection = feature_collection(pilot_action_features(each_once.in_bbox(*bbox)))
    else:
        single_ids = [cell["any_id"] for cell in cells if cell["count"] == 1]
        singles = pilot_action_features(PilotAction.objects.filter(pk__in=single_ids)) if single_ids else []
        collection = feature_collection([cluster_feature(cell) for cell in cells if cell["count"] > 1] + singles)
    if extent is not None:
        collection["matches_bbox"] = rounded(extent, POINT_PRECISION)
    return collection


OVERVIEW_ZOOM = 5
OVERVIEW_MARGIN_DEGREES = 0.5


def overview_collection(pilot_actions, extra_features=(), scope=None):
    """A small map's pilot actions: each one while they are few, clusters where they are many, by the big
    map's rule at a fixed zoom, so a page stays light however many pilot actions there are. ``scope`` says
    which counted cells hold ``pilot_actions`` (``projects.mapcells``), if any."""
    each_once = pilot_actions.one_row_each()
    counted = mapcells.precomputed_extent_and_count(scope)
    extent, located = counted if counted is not None else each_once.extent_and_count()
    if extent is None:
        collection = feature_collection([])
    elif located <= MAX_POINTS:
        collection = feature_collection(pilot_action_features(each_once))
    else:
        west, south, east, north = extent
        margin = OVERVIEW_MARGIN_DEGREES
        bbox = (west - margin, south - margin, east + margin, north + margin)
        collection = viewport_collection(pilot_actions, bbox, OVERVIEW_ZOOM, scope=scope)
    return feature_collection([*extra_features, *collection["features"]])


def cached_extent(pilot_actions, choice_digest):
    """The box around the matches of a set of filters, computed once per data version."""
    return cached_for_content(f"map-extent:{choice_digest}", lambda: pilot_actions.one_row_each().extent())


def programme_border_ids():
    """Borders and countries with public pilot actions: the filters' choices and the home page's figures."""
    return cached_for_content("programme-borders", lambda: list(borders_in_programme().values_list("pk", flat=True)))


def programme_country_ids():
    return cached_for_content(
        "programme-countries", lambda: list(countries_in_programme().values_list("pk", flat=True))
    )
