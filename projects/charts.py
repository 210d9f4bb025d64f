"""Charts drawn on the server as inline SVG: horizontal bars, a timeline, monthly columns and a choropleth map.

No script and no inline style (the CSP): geometry and colour are SVG presentation attributes, text is escaped.
Every value is printed as text beside its mark, so nothing is said by colour alone; colours come from the
Okabe–Ito palette, which people with colour-vision deficiency tell apart. Each SVG is ``role="img"``, named by
the chart's title and described by its summary (ids given by the caller); the data are in a table beside it.
"""

import datetime
import math

from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from shapely.geometry import box, shape

from borders.models import Country
from core.pagecache import cached_for_content

# Okabe & Ito (2008), "Color Universal Design".
BLUE = "#0072B2"
VERMILLION = "#D55E00"
BLUISH_GREEN = "#009E73"
ORANGE = "#E69F00"
SKY_BLUE = "#56B4E9"
INK = "#1b1f24"
MUTED = "#4a5360"
GRID = "#c9d1db"
EMPTY_FILL = "#eef1f4"
# Tints of Okabe–Ito blue for the map's classes, lightest first: they differ in lightness, which every kind of
# colour vision sees, and each shaded country carries its count as text as well.
BLUE_TINTS = ["#c6dcec", "#8cbad9", "#4d94c4", "#0072B2", "#004c77"]

WIDTH = 360  # user units: on a phone (about 320 px for the chart) text stays near its size
FONT = 13
SMALL = 11


def _svg(height, labelled_by, described_by, body, css_class="", width=WIDTH):
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart__svg{}" viewBox="0 0 {} {}" width="{}" height="{}" '
        'role="img" aria-labelledby="{}" aria-describedby="{}" focusable="false" '
        'font-family="system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif" font-size="{}">{}</svg>',
        f" {css_class}" if css_class else "",
        width,
        _n(height),
        width,
        _n(height),
        labelled_by,
        described_by,
        FONT,
        body,
    )


def _n(value):
    """A coordinate, short: SVG needs no more than a tenth of a unit here."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _text(x, y, text, **attributes):
    extra = format_html_join("", ' {}="{}"', ((name.replace("_", "-"), value) for name, value in attributes.items()))
    return format_html('<text x="{}" y="{}"{}>{}</text>', _n(x), _n(y), extra, text)


def _rect(x, y, width, height, fill, **attributes):
    extra = format_html_join("", ' {}="{}"', ((name.replace("_", "-"), value) for name, value in attributes.items()))
    return format_html(
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"{}/>', _n(x), _n(y), _n(width), _n(height), fill, extra
    )


def _shorten(text, limit=58):
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _join(parts):
    return mark_safe("".join(str(part) for part in parts))  # noqa: S308 (each part is built with format_html)


# Horizontal bars ---------------------------------------------------------------------------------------------


class Bar:
    """One row of a bar chart; a ``heading`` row names a section (a crisis family) with its own total."""

    def __init__(self, label, value, heading=False, indent=False):
        self.label, self.value, self.heading, self.indent = label, value, heading, indent


def horizontal_bars(bars, labelled_by, described_by, colours=(BLUE,)):
    """Each row: its label on a line, then its bar with the value printed after it."""
    if not bars:
        return ""
    top = max(bar.value for bar in bars) or 1
    row_height, bar_height, value_room = 42, 16, 56
    parts, y, colour_index = [], 8, 0
    for bar in bars:
        x0 = 16 if bar.indent else 0
        label = _shorten(bar.label, 48 if not bar.indent else 46)
        if bar.heading:
            parts.append(_text(x0, y + 14, f"{label}: {bar.value}", font_weight="700", fill=INK))
            y += 24
            continue
        colour = colours[colour_index % len(colours)]
        colour_index += 1
        parts.append(_text(x0, y + 13, label, fill=INK))
        length = (WIDTH - x0 - value_room) * bar.value / top
        parts.append(_rect(x0, y + 19, max(length, 0), bar_height, colour, stroke=INK, stroke_width="0.5"))
        parts.append(_text(x0 + length + 6, y + 19 + bar_height - 3, bar.value, font_weight="700", fill=INK))
        y += row_height
    return _svg(y + 4, labelled_by, described_by, _join(parts))


# Timeline ----------------------------------------------------------------------------------------------------


def _month_start(day):
    return day.replace(day=1)


def _next_month(day):
    return (day.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)


def timeline(rows, milestones, labelled_by, described_by, undated_label):
    """``rows``: (label, start, end) of the pilot actions with both dates, a bar each; ``undated_label``: one line
    that says how many have no published dates (the table lists them). ``milestones``: numbered markers across
    the rows, their key listed beside the chart by the page."""
    dates = [m.date for m in milestones] + [day for _label, start, end in rows for day in (start, end)]
    first, last = _month_start(min(dates)), _next_month(max(dates))
    left, right = 4, WIDTH - 8
    span = (last - first).days or 1

    def x(day):
        return left + (right - left) * (day - first).days / span

    axis_top, row_height = 44, 38
    rows_bottom = axis_top + row_height * len(rows) + (30 if undated_label else 0)
    height = rows_bottom + 28
    parts = []
    # Month gridlines, a label every few months.
    month, months = first, []
    while month <= last:
        months.append(month)
        month = _next_month(month)
    step = max(1, math.ceil(len(months) / 4))
    for index, month in enumerate(months):
        parts.append(
            format_html(
                '<line x1="{0}" x2="{0}" y1="{1}" y2="{2}" stroke="{3}" stroke-width="0.5"/>',
                _n(x(month)),
                axis_top - 4,
                _n(rows_bottom + 4),
                GRID,
            )
        )
        if index % step == 0 and month < last:
            parts.append(_text(x(month) + 2, height - 8, date_format(month, "M Y"), font_size=SMALL, fill=MUTED))
    # Milestones: a dashed line across the rows and its number in a circle on top, staggered when close.
    previous_x, level = None, 0
    for number, milestone in enumerate(milestones, start=1):
        mx = x(milestone.date)
        level = 1 - level if previous_x is not None and mx - previous_x < 22 else 0
        previous_x = mx
        cy = 12 + level * 20
        parts.append(
            format_html(
                '<line x1="{0}" x2="{0}" y1="{1}" y2="{2}" stroke="{3}" stroke-width="1.5" stroke-dasharray="4 3"/>',
                _n(mx),
                cy + 9,
                _n(rows_bottom + 4),
                VERMILLION,
            )
        )
        parts.append(
            format_html(
                '<circle cx="{}" cy="{}" r="9" fill="#ffffff" stroke="{}" stroke-width="1.5"/>', _n(mx), cy, VERMILLION
            )
        )
        parts.append(_text(mx, cy + 4, number, text_anchor="middle", font_size=SMALL, font_weight="700", fill=INK))
    # One bar per pilot action with dates; its label haloed in white, so the lines behind it do not cross it.
    halo = {"paint_order": "stroke", "stroke": "#ffffff", "stroke_width": "4", "stroke_linejoin": "round"}
    for index, (label, start, end) in enumerate(rows):
        y = axis_top + index * row_height
        parts.append(_text(left, y + 12, _shorten(label, 48), fill=INK, **halo))
        x1, x2 = x(start), x(end + datetime.timedelta(days=1))
        parts.append(_rect(x1, y + 17, max(x2 - x1, 2), 14, BLUE, stroke=INK, stroke_width="0.5"))
    if undated_label:
        y = axis_top + len(rows) * row_height
        parts.append(_text(left, y + 16, undated_label, font_style="italic", fill=MUTED, **halo))
    return _svg(height, labelled_by, described_by, _join(parts))


# Monthly columns ---------------------------------------------------------------------------------------------


def monthly_columns(months, labelled_by, described_by, colour=BLUISH_GREEN):
    """``months``: [(first day of the month, count)], every month in the range; the count printed above each."""
    if not months:
        return ""
    top = max(count for _month, count in months) or 1
    plot_top, plot_height, left, right = 22, 150, 4, WIDTH - 4
    slot = (right - left) / len(months)
    width = max(min(slot * 0.7, 48), 1)
    baseline = plot_top + plot_height
    parts = [format_html('<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="{}"/>', left, right, baseline, baseline, MUTED)]
    label_step = max(1, math.ceil(len(months) / 6))
    show_values = slot >= 14
    for index, (month, count) in enumerate(months):
        cx = left + slot * (index + 0.5)
        height = plot_height * count / top
        if count:
            parts.append(
                _rect(cx - width / 2, baseline - height, width, height, colour, stroke=INK, stroke_width="0.5")
            )
        if show_values or count == top:
            parts.append(
                _text(
                    cx, baseline - height - 5, count, text_anchor="middle", font_size=SMALL, font_weight="700", fill=INK
                )
            )
        if index % label_step == 0:
            parts.append(
                _text(cx, baseline + 16, date_format(month, "M"), text_anchor="middle", font_size=SMALL, fill=MUTED)
            )
            parts.append(_text(cx, baseline + 30, month.year, text_anchor="middle", font_size=SMALL, fill=MUTED))
    return _svg(baseline + 36, labelled_by, described_by, _join(parts))


# Choropleth --------------------------------------------------------------------------------------------------

EUROPE = (-25.0, 34.0, 45.0, 72.0)  # west, south, east, north: overseas parts (French Guiana…) stay out
SIMPLIFY_DEGREES = 0.05
MAP_PADDING_DEGREES = 1.5


def country_outlines():
    """{country id: (ISO code, simplified GeoJSON shape within Europe)}: simplified once per content version, so a
    page costs no query for them, never the shapes' 800 kB."""
    return cached_for_content("statistics:country-outlines", simplified_country_outlines)


def simplified_country_outlines():
    outlines = {}
    europe = box(*EUROPE)
    for pk, iso_code, geojson in Country.objects.filter(shape__isnull=False).values_list("pk", "iso_code", "shape"):
        try:
            outline = shape(geojson).buffer(0).simplify(SIMPLIFY_DEGREES).intersection(europe)
        except (ValueError, TypeError, KeyError, AttributeError):
            continue  # a broken shape leaves its country off the map, not the page in error
        if not outline.is_empty:
            outlines[pk] = (iso_code, outline.__geo_interface__)
    return outlines


def map_classes(top):
    """Ranges of counts, one shade each: one per count up to five, else five ranges of equal width."""
    if top <= len(BLUE_TINTS):
        bounds = [(value, value) for value in range(1, top + 1)]
    else:
        step = math.ceil(top / len(BLUE_TINTS))
        bounds = [(1 + i * step, min((i + 1) * step, top)) for i in range(len(BLUE_TINTS)) if 1 + i * step <= top]
    # Spread the shades over the tints, so that two classes are never two neighbouring tints when fewer are used.
    tints = [BLUE_TINTS[round(i * (len(BLUE_TINTS) - 1) / max(len(bounds) - 1, 1))] for i in range(len(bounds))]
    if len(bounds) == 1:
        tints = [BLUE_TINTS[3]]
    return list(zip(bounds, tints, strict=True))


def class_label(low, high):
    return str(low) if low == high else f"{low}–{high}"


def _extent(outlines, counts):
    """The countries with pilot actions, with some room around; Europe where there are none. Widened so the map
    is never much taller than wide, nor flatter than twice as wide as tall."""
    shaded = [shape(outlines[pk][1]).bounds for pk in counts if pk in outlines]
    if not shaded:
        west, south, east, north = EUROPE
    else:
        west = max(min(b[0] for b in shaded) - MAP_PADDING_DEGREES, EUROPE[0])
        south = max(min(b[1] for b in shaded) - MAP_PADDING_DEGREES, EUROPE[1])
        east = min(max(b[2] for b in shaded) + MAP_PADDING_DEGREES, EUROPE[2])
        north = min(max(b[3] for b in shaded) + MAP_PADDING_DEGREES, EUROPE[3])
    aspect = 1 / math.cos(math.radians((south + north) / 2))
    width, height = east - west, (north - south) * aspect
    if height > width * 1.1:
        grow = (height / 1.1 - width) / 2
        west, east = west - grow, east + grow
    elif width > height * 2:
        grow = (width / 2 - height) / aspect / 2
        south, north = south - grow, north + grow
    return west, south, east, north, aspect


def choropleth(counts, labelled_by, described_by, legend_title, none_label):
    """``counts``: {country id: pilot actions}. Countries shaded by class, each shaded one with its count printed
    on it (in a white disc); a legend of the classes under the map."""
    outlines = country_outlines()
    west, south, east, north, aspect = _extent(outlines, counts)
    scale = WIDTH / (east - west)
    map_height = (north - south) * aspect * scale
    frame = box(west, south, east, north)
    top = max(counts.values(), default=0)
    classes = map_classes(top) if top else []

    def fill_for(count):
        for (low, high), tint in classes:
            if low <= count <= high:
                return tint
        return EMPTY_FILL

    def project(lon, lat):
        return (lon - west) * scale, (north - lat) * aspect * scale

    shapes, labels = [], []
    for pk, (_iso, geojson) in outlines.items():
        outline = shape(geojson).intersection(frame)
        if outline.is_empty:
            continue
        path = _path(outline, project)
        if not path:
            continue
        count = counts.get(pk, 0)
        shapes.append(
            format_html(
                '<path d="{}" fill="{}" stroke="{}" stroke-width="{}" stroke-linejoin="round"/>',
                path,
                fill_for(count) if count else EMPTY_FILL,
                INK if count else "#8a96a3",
                "0.8" if count else "0.4",
            )
        )
        if count:
            point = max(getattr(outline, "geoms", [outline]), key=lambda part: part.area).representative_point()
            lx, ly = project(point.x, point.y)
            labels.append(
                format_html('<circle cx="{}" cy="{}" r="10" fill="#ffffff" stroke="{}"/>', _n(lx), _n(ly), INK)
            )
            labels.append(_text(lx, ly + 4, count, text_anchor="middle", font_size=SMALL, font_weight="700", fill=INK))
    legend, y = [], map_height + 20
    legend.append(_text(0, y, legend_title, font_weight="700", fill=INK))
    x = 0
    for (low, high), tint in [((0, 0), EMPTY_FILL), *classes]:
        label = str(none_label) if high == 0 else class_label(low, high)
        room = 28 + 7 * len(label) + 18
        if x and x + room > WIDTH:  # the next line of the legend
            x, y = 0, y + 24
        legend.append(_rect(x, y + 10, 22, 16, tint, stroke=INK, stroke_width="0.5"))
        legend.append(_text(x + 28, y + 23, label, font_size=SMALL, fill=INK))
        x += room
    return _svg(
        y + 32,
        labelled_by,
        described_by,
        _join([_rect(0, 0, WIDTH, map_height, "#f7fbff"), *shapes, *labels, *legend]),
        css_class="chart__svg--map",
    )


def _path(outline, project):
    parts = []
    for polygon in getattr(outline, "geoms", [outline]):
        if polygon.geom_type != "Polygon":
            continue
        for ring in [polygon.exterior, *polygon.interiors]:
            points = [project(lon, lat) for lon, lat, *_z in ring.coords]
            if len(points) < 3:
                continue
            parts.append("M" + "L".join(f"{_n(px)} {_n(py)}" for px, py in points) + "Z")
    return "".join(parts)
