"""The map's clusters, counted ahead of time: public pilot actions per cell of each zoom level's grid.

The grid: at zoom ``z`` a cell is about CLUSTER_PIXELS wide on screen, ``360 / 2**z * CLUSTER_PIXELS / 256``
degrees, fixed per zoom and aligned on 0°, so that a cell of zoom ``z - 1`` is exactly four of zoom ``z``. A
viewport that would hold more than MAX_CELLS cells is clustered on a coarser level's grid (``grid_zoom``): each
level up merges 2 × 2 cells. A cluster is a whole cell: one on the viewport's edge counts its pilot actions just
outside too, so that clusters do not change as the map pans.

The cells (``MapCell``) are counted by ``build`` (the Celery task ``build_map_cells``, enqueued whenever public
content changes: ``core.pagecache.content_changed``), of every group and of each group (the map's one filter
that is common), for zoom 0 down to the finest level whose grid, over the pilot actions' extent, has far fewer
cells than there are pilot actions (RATIO); below it a viewport is small and the rows in it are few, so the
indexed columns answer as fast. The finest level is counted from the rows, each coarser one from the level
below. Their build (``MapCellBuild``) records the public content version it counted.

``precomputed_cells`` answers only from cells of the current content version, at a level that was built, for a
request filtered by nothing or by group alone (``filter_scope``); in every other case it answers None and the
caller aggregates the rows live (``PilotActionQuerySet.grid_cells``): correct, never stale.

Pilot actions are placed (``map_latitude``, ``map_longitude``, ``placed_on_border``) by their save and their
queryset's bulk methods; the receivers here place them when their borders, or a border's label point, change.
"""

import functools
import math
import operator
import time

from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.core.validators import EMPTY_VALUES
from django.db import connection, models, transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Cast, Floor
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver
from django.utils import timezone
from django_filters import OrderingFilter

from borders.models import Border
from core.pagecache import content_changed, content_version
from projects.models import MapCell, MapCellBuild, PilotAction

CLUSTER_PIXELS = 80  # a cluster gathers what lies within about this many screen pixels
MAX_CELLS = 300  # at most this many cells in a viewport: a coarser level's grid beyond
RATIO = 4  # a level is counted ahead while its grid has at most a quarter as many cells as pilot actions
FINEST_ZOOM = 16  # a bound, whatever the number of pilot actions
# Rows within this many degrees outside a viewport's cells are read too, and then kept by the cell they fall in:
# a row on a cell's edge falls in the same cell whether it is counted live or ahead.
EDGE_DEGREES = 1e-9
BUILD_KEY = "map-cells-build"
EVERY_GROUP = "every group"  # the scope of the cells of every public pilot action


def cell_degrees(zoom):
    return 360 / 2**zoom * CLUSTER_PIXELS / 256


class Window:
    """The cells of a zoom level's grid that a viewport touches: ranges of columns (two where the viewport
    crosses the antimeridian) and one of rows, both ends included."""

    def __init__(self, bbox, zoom):
        west, south, east, north = bbox
        self.zoom = zoom
        self.size = size = cell_degrees(zoom)
        self.rows = (math.floor(south / size), math.floor(north / size))
        first, last = math.floor(-180 / size), math.floor(180 / size)
        if west <= east:
            self.columns = [(math.floor(west / size), math.floor(east / size))]
        elif math.floor(west / size) <= math.floor(east / size):  # cells so wide that both ends meet
            self.columns = [(first, last)]
        else:
            self.columns = [(math.floor(west / size), last), (first, math.floor(east / size))]

    def __len__(self):
        return sum(high - low + 1 for low, high in self.columns) * (self.rows[1] - self.rows[0] + 1)

    def bbox(self):
        """West, south, east, north around the cells, a little wider (EDGE_DEGREES): what ``in_bbox`` reads."""
        size, edge = self.size, EDGE_DEGREES
        west, east = self.columns[0][0] * size - edge, (self.columns[-1][1] + 1) * size + edge
        return west, self.rows[0] * size - edge, east, (self.rows[1] + 1) * size + edge

    def holds(self, cell):
        return self.rows[0] <= cell["cell_y"] <= self.rows[1] and any(
            low <= cell["cell_x"] <= high for low, high in self.columns
        )

    def cell_filter(self):
        columns = functools.reduce(operator.or_, (Q(cell_x__gte=low, cell_x__lte=high) for low, high in self.columns))
        return columns & Q(cell_y__gte=self.rows[0], cell_y__lte=self.rows[1])


def grid_zoom(bbox, zoom):
    """The level whose grid clusters a viewport at ``zoom``: its own, or the first coarser one on which the
    viewport holds at most MAX_CELLS cells."""
    while zoom > 0 and len(Window(bbox, zoom)) > MAX_CELLS:
        zoom -= 1
    return zoom


def filter_scope(filterset):
    """The cells a filtered request may read: every group's when it filters by nothing, one group's when by group
    alone (its id); None for any other filter (theme, border, country, search...), which the cells do not
    count: the rows are aggregated live."""
    filterset.is_valid()
    chosen = {
        name: value
        for name, value in getattr(filterset.form, "cleaned_data", {}).items()
        if value not in EMPTY_VALUES and not isinstance(filterset.filters.get(name), OrderingFilter)
    }
    if not chosen:
        return EVERY_GROUP
    if chosen.keys() == {"group"}:
        return chosen["group"].pk
    return None


def current_build():
    """(content version, finest zoom) of the stored cells: from the cache, or else from their build's row."""
    built = cache.get(BUILD_KEY)
    if built is None:
        built = MapCellBuild.objects.filter(pk=1).values_list("content_version", "finest_zoom").first() or ("", -1)
        # add, not set: a build that finished meanwhile has set what it built, which must stay.
        cache.add(BUILD_KEY, built, timeout=None)
    return built


def scope_cells(scope, zoom):
    """The cells of ``scope`` at ``zoom`` if they are current (of this content version, at a level built), else
    None."""
    if scope is None:
        return None
    version, finest = current_build()
    if zoom > finest or version != content_version():
        return None
    return MapCell.objects.filter(zoom=zoom, group=None if scope == EVERY_GROUP else scope)


def precomputed_cells(scope, window):
    """The cells of ``scope`` in ``window`` as ``grid_cells`` gives them, or None where none are current."""
    cells = scope_cells(scope, window.zoom)
    if cells is None:
        return None
    rows = (
        cells.filter(window.cell_filter())
        .order_by("cell_x", "cell_y")
        .values_list("cell_x", "cell_y", "count", "latitude_sum", "longitude_sum", "any_id")
    )
    return [
        {
            "cell_x": cell_x,
            "cell_y": cell_y,
            "count": count,
            "mean_latitude": latitude_sum / count,
            "mean_longitude": longitude_sum / count,
            "any_id": any_id,
        }
        for cell_x, cell_y, count, latitude_sum, longitude_sum, any_id in rows
    ]


def precomputed_extent_and_count(scope):
    """``extent_and_count()`` of ``scope``'s pilot actions from the coarsest cells, or None where none are
    current."""
    cells = scope_cells(scope, 0)
    if cells is None:
        return None
    box = cells.aggregate(
        west=models.Min("west"),
        south=models.Min("south"),
        east=models.Max("east"),
        north=models.Max("north"),
        located=models.Sum("count"),
    )
    if box["west"] is None:
        return None, 0
    return [box[side] for side in ("west", "south", "east", "north")], box["located"]


def live_cells(pilot_actions, window):
    """What ``precomputed_cells`` would give, aggregated from the rows: those in the window's cells."""
    cells = pilot_actions.in_bbox(*window.bbox()).grid_cells(window.size).order_by("cell_x", "cell_y")
    return [cell for cell in cells if window.holds(cell)]


# Building


def finest_zoom(count, extent):
    """The finest level worth counting ahead: its grid over ``extent`` has at most 1/RATIO as many cells as there
    are pilot actions (however they gather, a level never has more occupied cells than that); -1 for none."""
    zoom = -1
    while count and zoom < FINEST_ZOOM and len(Window(extent, zoom + 1)) * RATIO <= count:
        zoom += 1
    return zoom


CELL_FIELDS = [
    "zoom", "group", "cell_x", "cell_y", "count", "latitude_sum", "longitude_sum",
    "west", "south", "east", "north", "any_id",
]  # fmt: skip


def insert_cells(queryset, zoom, group, x="cell_x", y="cell_y"):
    """INSERT … SELECT of ``queryset``'s rows (one per cell, with the cell's columns as annotations named
    ``cell_…``, ``x`` and ``y``) as cells of ``zoom``: counted in the database, never read into Python. ``group``
    names the group's column, or None for every group's cells. The columns are picked from the compiled query by
    name, whatever order Django selects them in."""
    selected = queryset.annotate(
        cell_zoom=Value(zoom, output_field=models.IntegerField()),
        **({"cell_group": Cast(Value(None), models.BigIntegerField())} if group is None else {}),  # typed NULL
    )
    sources = [
        "cell_zoom", "cell_group" if group is None else f"{group}_id", x, y, "cell_count", "cell_latitude_sum",
        "cell_longitude_sum", "cell_west", "cell_south", "cell_east", "cell_north", "cell_any_id",
    ]  # fmt: skip
    sql, params = selected.values(*sources).query.sql_with_params()
    quote = connection.ops.quote_name
    columns = ", ".join(quote(MapCell._meta.get_field(name).column) for name in CELL_FIELDS)
    picked = ", ".join(f"counted.{quote(name)}" for name in sources)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(MapCell._meta.db_table)} ({columns}) SELECT {picked} FROM ({sql}) counted",  # noqa: S608 (names of ours, a compiled query)
            params,
        )


def count_rows(rows, size, by_group):
    longitude, latitude = F("map_longitude"), F("map_latitude")
    cell = Value(size, output_field=models.FloatField())
    grouping = ["group", "cell_x", "cell_y"] if by_group else ["cell_x", "cell_y"]
    return (
        rows.order_by()
        .annotate(cell_x=Floor(longitude / cell), cell_y=Floor(latitude / cell))
        .values(*grouping)
        .annotate(
            cell_count=models.Count("pk"),
            cell_latitude_sum=models.Sum(latitude),
            cell_longitude_sum=models.Sum(longitude),
            cell_west=models.Min(longitude),
            cell_south=models.Min(latitude),
            cell_east=models.Max(longitude),
            cell_north=models.Max(latitude),
            cell_any_id=models.Min("pk"),
        )
    )


def merge_level(zoom):
    """The cells of ``zoom`` from those of ``zoom + 1``, each of four (every group's and each group's at once)."""
    two = Value(2.0, output_field=models.FloatField())
    return (
        MapCell.objects.filter(zoom=zoom + 1)
        .order_by()
        .annotate(parent_x=Floor(F("cell_x") / two), parent_y=Floor(F("cell_y") / two))
        .values("group", "parent_x", "parent_y")
        .annotate(
            cell_count=models.Sum("count"),
            cell_latitude_sum=models.Sum("latitude_sum"),
            cell_longitude_sum=models.Sum("longitude_sum"),
            cell_west=models.Min("west"),
            cell_south=models.Min("south"),
            cell_east=models.Max("east"),
            cell_north=models.Max("north"),
            cell_any_id=models.Min("any_id"),
        )
    )


def build(force=False):
    """Count the cells for the current content version, unless they already are (then it costs two queries).

    One build at a time (the build's row is locked), in one transaction: a reader sees the old cells or the new
    ones. Run it outside a transaction (a task): the cache says what was built once it has committed. Nothing here
    sends a model signal, which would move the content version on and call for another build."""
    started = time.perf_counter()
    quote = connection.ops.quote_name
    with transaction.atomic():
        MapCellBuild.objects.bulk_create([MapCellBuild(pk=1)], ignore_conflicts=True)
        built = MapCellBuild.objects.select_for_update().get(pk=1)
        version = content_version()  # read before the rows: cells are never older than the version they carry
        if built.content_version == version and not force:
            return built
        with connection.cursor() as cursor:  # one statement (a queryset's delete sends a signal per cell)
            cursor.execute(f"DELETE FROM {quote(MapCell._meta.db_table)}")  # noqa: S608
        rows = PilotAction.objects.public().on_map()
        extent, count = rows.extent_and_count()
        finest = finest_zoom(count, extent) if extent else -1
        if finest >= 0:
            size = cell_degrees(finest)
            insert_cells(count_rows(rows, size, by_group=False), finest, group=None)
            insert_cells(count_rows(rows.filter(group__isnull=False), size, by_group=True), finest, group="group")
            for zoom in range(finest - 1, -1, -1):
                insert_cells(merge_level(zoom), zoom, group="group", x="parent_x", y="parent_y")
        MapCellBuild.objects.filter(pk=1).update(
            content_version=version,
            finest_zoom=finest,
            pilot_action_count=count,
            cell_count=MapCell.objects.count(),
            built_at=timezone.now(),
            seconds=time.perf_counter() - started,
        )
    cache.set(BUILD_KEY, (version, finest), timeout=None)
    return MapCellBuild.objects.get(pk=1)


@shared_task(autoretry_for=(Exception,), retry_backoff=True, retry_backoff_max=600, max_retries=5)
def build_map_cells():
    built = build()
    return {"version": built.content_version, "finest_zoom": built.finest_zoom, "cells": built.cell_count}


@receiver(content_changed)
def count_cells_again(sender, **kwargs):
    """Sent after the commit of a public change: the cells are counted again by a worker (at once where Celery is
    eager). Until then requests aggregate the rows live. (Not sent while migrations run: core.pagecache.)"""
    if getattr(settings, "MAP_CELLS_AUTO_BUILD", True):
        build_map_cells.delay()


# Placement kept current


@receiver(m2m_changed, sender=PilotAction.borders.through)
def borders_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """A pilot action without a place of its own stands on its first border: place those whose borders changed,
    from either side of the relation (``border.pilot_actions.clear()`` names none after, so they are noted
    before)."""
    if action == "pre_clear" and reverse:
        instance._placed_pilot_action_ids = list(instance.pilot_actions.values_list("pk", flat=True))
    elif action in ("post_add", "post_remove", "post_clear"):
        if not reverse:
            ids = [instance.pk]
        elif action == "post_clear":
            ids = getattr(instance, "_placed_pilot_action_ids", [])
        else:
            ids = pk_set or []
        PilotAction.objects.place_by_id(ids)


@receiver(post_save, sender=Border)
def border_saved(sender, instance, raw=False, **kwargs):
    """Its label point may have moved: place again those of its pilot actions without a place of their own."""
    if not raw:
        PilotAction.objects.unlocated().filter(borders=instance).place_on_map()


@receiver(pre_delete, sender=Border)
def border_deleting(sender, instance, **kwargs):
    instance._placed_pilot_action_ids = list(instance.pilot_actions.unlocated().values_list("pk", flat=True))


@receiver(post_delete, sender=Border)
def border_deleted(sender, instance, **kwargs):
    """Its links went with it, without a many-to-many signal: those it placed go to their next border, if any."""
    PilotAction.objects.place_by_id(getattr(instance, "_placed_pilot_action_ids", []))
