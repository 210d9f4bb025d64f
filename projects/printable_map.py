"""The printable map of the selected pilot actions, drawn on the server from the data alone (no tiles).

Countries and border lines come from the GeoJSON in the database; each public pilot action is a
numbered dot in its group's colour, listed by number, title and border in the legend beside it.
Drawn in one language at a time: its title, captions and date are in that language, and the names read from the
data (groups, pilot actions, borders) are in the language content is shown in (English for the interface's
languages without content), so each of settings.LANGUAGES has a map of its own. ``projects.tasks`` keeps them:
the content languages' drawn after each change, the others' on their first request.
"""

import io
import math
import textwrap

import matplotlib

matplotlib.use("Agg")  # no display on a server

from django.conf import settings
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext
from matplotlib.collections import PatchCollection
from matplotlib.figure import Figure
from matplotlib.patches import Polygon
from shapely.geometry import box, shape

from borders.models import Country
from core.pagecache import cached_for_content
from projects.geojson import BORDER_PLACEMENT_LABEL
from projects.models import PilotAction, ThematicGroup, borders_in_programme

EXTENT = (-25.0, 34.0, 45.0, 71.0)  # west, south, east, north
ASPECT = 1 / math.cos(math.radians(52))  # a plain plate carrée, stretched to look right at Europe's latitude
A4_LANDSCAPE = (11.69, 8.27)
PNG_DPI = 150
TITLE_WIDTH = 58  # characters per legend line
BORDER_MARKER = {"s": 150, "facecolors": "none", "linewidths": 1.4, "linestyle": "--", "clip_on": False}

matplotlib.rcParams["pdf.fonttype"] = 42  # TrueType in the PDF, so its text can be searched and extracted


def numbered_pilot_actions():
    """Public pilot actions in a stable order: group, then code, then title."""
    return sorted(
        PilotAction.objects.public().with_relations(),
        key=lambda pilot_action: (
            pilot_action.group.order if pilot_action.group else 99,
            pilot_action.code or "~",
            pilot_action.title,
        ),
    )


def _polygons(geojson):
    """Outer rings clipped to the map (Russia would otherwise wrap round the antimeridian)."""
    geometry = shape(geojson).simplify(0.02).intersection(box(*EXTENT).buffer(2))
    for polygon in getattr(geometry, "geoms", [geometry]):
        if polygon.geom_type == "Polygon" and not polygon.is_empty:
            yield list(polygon.exterior.coords)


def countries_rings():
    """{country id: its outer rings, clipped and simplified}, once per content version: the other languages' maps,
    drawn one by one on their first request, decode and simplify no shape again (half a second each)."""
    return cached_for_content("printable-map:country-rings", _countries_rings)


def _countries_rings():
    return {
        country_id: list(_polygons(geojson))
        for country_id, geojson in Country.objects.filter(shape__isnull=False).values_list("pk", "shape")
    }


def _lines(geojson):
    geometry = shape(geojson)
    for line in getattr(geometry, "geoms", [geometry]):
        yield list(line.coords)


def _draw_map(axes, pilot_actions):
    involved = {country.pk for pilot_action in pilot_actions for country in pilot_action.countries.all()}
    rings, colours = [], []
    for country_id, country_rings in countries_rings().items():
        for ring in country_rings:
            rings.append(Polygon(ring, closed=True))
            colours.append("#c9d6e3" if country_id in involved else "#eef1f4")
    # One collection, not a patch per ring: adding 500 patches one by one, each widening the axes' limits that
    # set_xlim fixes anyway, took half of a map's drawing time.
    axes.add_collection(PatchCollection(rings, facecolors=colours, edgecolors="#8a96a3", linewidths=0.3), autolim=False)
    for border in borders_in_programme().with_lines().filter(line__isnull=False):
        for coords in _lines(border.line):
            xs, ys = zip(*coords, strict=True)
            axes.plot(xs, ys, color="#7a1f5c", linewidth=1.8, solid_capstyle="round")
    for number, pilot_action in enumerate(pilot_actions, start=1):
        if (place := pilot_action.map_point) is None:
            continue
        latitude, longitude, on_border = place
        colour = pilot_action.group.colour if pilot_action.group else "#4a5360"
        if on_border:
            # On its border's label point, not a town: a hollow dashed ring, explained in the legend.
            axes.scatter([longitude], [latitude], **BORDER_MARKER, edgecolors=colour, zorder=3)
            number_colour = colour
        else:
            axes.scatter([longitude], [latitude], s=150, color=colour, edgecolors="white", linewidths=1.2, zorder=3)
            number_colour = "white"
        axes.annotate(
            str(number), (longitude, latitude), ha="center", va="center", fontsize=6, color=number_colour,
            weight="bold", zorder=4,
        )  # fmt: skip
    west, south, east, north = EXTENT
    axes.set_xlim(west, east)
    axes.set_ylim(south, north)
    axes.set_aspect(ASPECT)
    axes.set_xticks([])
    axes.set_yticks([])
    axes.set_facecolor("#ffffff")


def _legend_lines(pilot_actions):
    lines = []
    for number, pilot_action in enumerate(pilot_actions, start=1):
        label = f"{pilot_action.code} " if pilot_action.code else ""
        borders = ", ".join(border.display_name for border in pilot_action.borders.all())
        wrapped = textwrap.wrap(f"{number}. {label}{pilot_action.title}", TITLE_WIDTH, subsequent_indent="    ")
        lines.extend((text, pilot_action.group.colour if pilot_action.group else "#4a5360") for text in wrapped)
        if borders:
            lines.append((f"    {borders}", "#4a5360"))
    return lines


def _figure(pilot_actions, generated_on):
    figure = Figure(figsize=A4_LANDSCAPE)
    figure.suptitle(
        gettext("Resilient Borders – selected pilot actions"), x=0.03, ha="left", fontsize=15, weight="bold"
    )
    map_axes = figure.add_axes((0.02, 0.08, 0.56, 0.82))
    _draw_map(map_axes, pilot_actions)
    legend = figure.add_axes((0.60, 0.08, 0.38, 0.82))
    legend.axis("off")
    y = 1.0
    for group in ThematicGroup.objects.all():
        legend.scatter([0.02], [y - 0.012], s=60, color=group.colour, transform=legend.transAxes, clip_on=False)
        legend.text(0.06, y - 0.012, group.display_name, va="center", fontsize=8, transform=legend.transAxes)
        y -= 0.035
    if any(place and place[2] for place in (pilot_action.map_point for pilot_action in pilot_actions)):
        legend.scatter([0.02], [y - 0.012], **BORDER_MARKER, edgecolors="#4a5360", transform=legend.transAxes)
        legend.text(0.06, y - 0.012, str(BORDER_PLACEMENT_LABEL), va="center", fontsize=8, transform=legend.transAxes)
        y -= 0.035
    y -= 0.015
    lines = _legend_lines(pilot_actions)
    step = min(0.028, (y - 0.02) / max(len(lines), 1))
    for text, colour in lines:
        legend.text(0.0, y, text, va="top", fontsize=min(7.5, step * 280), color=colour, transform=legend.transAxes)
        y -= step
    caption = ngettext(
        "Generated on %(date)s. %(count)s pilot action documented in public sources. "
        "Country shapes: Natural Earth (public domain).",
        "Generated on %(date)s. %(count)s pilot actions documented in public sources. "
        "Country shapes: Natural Earth (public domain).",
        len(pilot_actions),
    ) % {"date": date_format(generated_on, "DATE_FORMAT"), "count": len(pilot_actions)}
    figure.text(
        0.03,
        0.03,
        caption,
        fontsize=7,
        color="#4a5360",
    )
    return figure


FORMATS = ("pdf", "png")


def render_maps(language, file_formats=FORMATS):
    """{format: the map as PDF or PNG bytes}, drawn once in ``language`` (a code of settings.LANGUAGES)."""
    if unknown := set(file_formats) - set(FORMATS):
        raise ValueError(f"unknown format {', '.join(sorted(unknown))!r}")
    with translation.override(language):  # names read through modeltranslation, captions and date alike
        figure = _figure(numbered_pilot_actions(), timezone.localdate())
        rendered = {}
        for file_format in file_formats:
            buffer = io.BytesIO()
            figure.savefig(buffer, format=file_format, dpi=PNG_DPI)
            rendered[file_format] = buffer.getvalue()
    return rendered


def render_map(file_format, language=settings.LANGUAGE_CODE):
    """The map as PDF or PNG bytes, in ``language``."""
    return render_maps(language, [file_format])[file_format]
