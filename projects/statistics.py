"""The programme in figures: what /statistics/ counts of the public pilot actions a PilotActionFilter selects.

Each figure is a fixed number of queries whatever the number of pilot actions (grouped counts in the database,
then the few named rows they point to). Apps above this one add monthly series (the results app: outputs
published per month) through ``register_monthly_series``: projects never imports them.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Case, Count, F, Max, Min, Q, When
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from borders.models import Border, Country
from projects import charts, programme
from projects.models import PilotAction, ProgressReport, ThematicGroup, Theme

# The timeline draws one bar per pilot action: past this many, the chart and its table show the first ones (by
# start date) and say how many more the CSV holds, so that the page stays readable at any size.
TIMELINE_LIMIT = 40


def one_row_each(pilot_actions):
    """The filtered pilot actions as a subquery of ids: a filter through borders or themes joins rows, and a
    count grouped by borders must count every border of each pilot action, not only the one filtered on."""
    return PilotAction.objects.filter(pk__in=pilot_actions.order_by().values("pk"))


def counts_by(pilot_actions, relation):
    """{related id (None for those without one): how many pilot actions} in one grouped query."""
    rows = pilot_actions.order_by().values(relation).annotate(total=Count("pk", distinct=True))
    return {row[relation]: row["total"] for row in rows}


def ranked(objects, counts, name=str):
    """(object, count) pairs, most pilot actions first, then by name; only those with some."""
    pairs = [(obj, counts[obj.pk]) for obj in objects if counts.get(obj.pk)]
    return sorted(pairs, key=lambda pair: (-pair[1], name(pair[0]).casefold()))


def per_group(pilot_actions):
    """Every group with its count (none left out, zero included), and how many have no group."""
    counts = counts_by(pilot_actions, "group")
    return [(group, counts.get(group.pk, 0)) for group in ThematicGroup.objects.all()], counts.get(None, 0)


def per_border(pilot_actions):
    counts = counts_by(pilot_actions, "borders")
    borders = Border.objects.filter(pk__in=[pk for pk in counts if pk is not None]).defer("line")
    return ranked(borders, counts), counts.get(None, 0)


def per_country(pilot_actions):
    counts = counts_by(pilot_actions, "countries")
    countries = Country.objects.filter(pk__in=[pk for pk in counts if pk is not None]).without_shapes()
    return ranked(countries, counts, name=lambda country: country.display_name), counts.get(None, 0)


@dataclass
class ThemeFamily:
    """A crisis family of the call (or, with ``value`` empty, the themes outside them) and its themes' counts."""

    value: str
    label: str
    total: int  # pilot actions with at least one theme of the family, each counted once
    themes: list = field(default_factory=list)  # (theme, count)


def per_theme(pilot_actions):
    """The themes by crisis family, in the call's order, the themes without a family last; the families and
    themes without pilot actions left out. Also how many pilot actions have no theme at all."""
    theme_counts = counts_by(pilot_actions, "themes")
    family_counts = counts_by(pilot_actions, "themes__hazard_family")
    themes = Theme.objects.filter(pk__in=[pk for pk in theme_counts if pk is not None])
    families = [(value, label) for value, label in Theme.HazardFamily.choices]
    families.append(("", _("Other themes (outside the crisis families)")))
    result = []
    for value, label in families:
        members = [(theme, theme_counts[theme.pk]) for theme in themes if theme.hazard_family == value]
        if members:
            result.append(ThemeFamily(value, label, family_counts.get(value, 0), members))
    return result, family_counts.get(None, 0)


@dataclass
class Milestone:
    date: datetime.date
    label: str
    month_only: bool = False  # the sources give the month, not the day


# The programme's own dates (programme-facts.md §1, kept with their sources in projects/programme.py): the call,
# the jury's selection (December 2024: no day published), the start (AEBR: pilots started 3 Feb 2025) and the end
# of the active phase.


def milestones():
    return [
        Milestone(programme.CALL_OPENED, _("Call for proposals opened")),
        Milestone(programme.CALL_CLOSED, _("Call for proposals closed")),
        Milestone(programme.SELECTION_MONTH, _("Selection by the independent jury"), month_only=True),
        Milestone(programme.PILOTS_STARTED, _("Pilot actions started")),
        Milestone(programme.ACTIVE_PHASE_END, _("Active phase ended")),
    ]


@dataclass
class Timeline:
    pilot_actions: list  # the first TIMELINE_LIMIT, earliest start first, those without dates last
    total: int
    dated: int  # how many of all have both a start and an end date
    first_start: datetime.date | None
    last_end: datetime.date | None
    milestones: list

    @property
    def not_shown(self):
        return self.total - len(self.pilot_actions)


def timeline(pilot_actions, limit=TIMELINE_LIMIT):
    """Each pilot action's period where both its dates are known (no source gives most of them: say so)."""
    dated = Q(start_date__isnull=False, end_date__isnull=False)
    totals = pilot_actions.aggregate(
        total=Count("pk"),
        dated=Count("pk", filter=dated),
        first_start=Min("start_date", filter=dated),
        last_end=Max("end_date", filter=dated),
    )
    rows = (
        pilot_actions.select_related("group")
        .only("code", "title", "acronym", "slug", "start_date", "end_date", "group")
        .order_by(
            F("start_date").asc(nulls_last=True),
            F("end_date").asc(nulls_last=True),
            F("group__order").asc(nulls_last=True),
            Case(When(code="", then=1), default=0),  # those with a programme code first, in its order
            "code",
            "title",
        )
    )
    return Timeline(
        pilot_actions=list(rows if limit is None else rows[:limit]),
        total=totals["total"],
        dated=totals["dated"],
        first_start=totals["first_start"],
        last_end=totals["last_end"],
        milestones=milestones(),
    )


@dataclass
class MonthlySeries:
    """Something published per month for the filtered pilot actions: ``count`` takes them, returns {month: n}."""

    slug: str
    title: str
    column: str  # the table's and CSV's column of counts
    count: object
    counted: object  # (total) -> "12 progress reports published", in words
    empty: str  # what the page says while nothing is published
    order: int = 0


MONTHLY_SERIES = {}


def register_monthly_series(series):
    """Apps above this one add their series here (in their AppConfig.ready)."""
    MONTHLY_SERIES[series.slug] = series


def by_month(queryset, field_name):
    """{first day of the month: count} of ``queryset`` by ``field_name`` (a date-time), in the site's time zone."""
    rows = (
        queryset.order_by()
        .annotate(month=TruncMonth(field_name, tzinfo=timezone.get_current_timezone()))
        .values("month")
        .annotate(total=Count("pk"))
    )
    return {_as_date(row["month"]): row["total"] for row in rows if row["month"] is not None}


def _as_date(value):
    return value.date() if isinstance(value, datetime.datetime) else value


def progress_reports_per_month(pilot_actions):
    return by_month(ProgressReport.objects.published().filter(pilot_action__in=pilot_actions), "published_at")


register_monthly_series(
    MonthlySeries(
        slug="reports",
        title=_("Progress reports published per month"),
        column=_("Progress reports published"),
        count=progress_reports_per_month,
        counted=lambda total: (
            ngettext("%(count)s progress report published", "%(count)s progress reports published", total)
            % {"count": total}
        ),
        empty=_("No progress report of these pilot actions has been published yet."),
    )
)


def every_month(counts):
    """[(month, count)] from the first month with something to the last, the months between included at 0."""
    if not counts:
        return []
    month, last = min(counts), max(counts)
    months = []
    while month <= last:
        months.append((month, counts.get(month, 0)))
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months


# The charts of /statistics/: title, one-sentence summary, table (which the CSV repeats) and SVG, per figure. --


@dataclass
class Chart:
    slug: str
    title: str
    summary: str
    columns: list
    rows: list  # what the table shows, cell by cell, and the CSV holds
    draw: object = None  # () -> the SVG, drawn only for the page (a CSV needs none)
    notes: list = field(default_factory=list)  # honest remarks: what is not shown, what is not known
    key: list = field(default_factory=list)  # the timeline's milestones, numbered as on the chart
    all_rows: object = None  # () -> every row, for the CSV, where the table shows only the first ones
    heading_rows: frozenset = frozenset()  # indices of rows that sum up a section (a crisis family)

    @property
    def title_id(self):
        return f"chart-{self.slug}-title"

    @property
    def summary_id(self):
        return f"chart-{self.slug}-summary"

    @cached_property
    def svg(self):
        return self.draw() if self.draw and self.rows else ""

    def csv_rows(self):
        return self.all_rows() if self.all_rows else self.rows

    def table(self):
        """(is a section's heading, cells) per row, for the template."""
        return [(index in self.heading_rows, row) for index, row in enumerate(self.rows)]


def _has_count(name, count):
    return ngettext("%(name)s has %(count)s pilot action", "%(name)s has %(count)s pilot actions", count) % {
        "name": name,
        "count": count,
    }


def _counts_sentence(pairs):
    """“Crisis management has 5 pilot actions, Spatial planning 4.”"""
    if not pairs:
        return ""
    (first_name, first_count), *others = pairs
    return ", ".join([_has_count(first_name, first_count), *(f"{name} {count}" for name, count in others)]) + "."


def _leaders_sentence(spread, pairs):
    """“<spread>; Bulgaria – Greece has the most (2).” ``pairs`` come most first."""
    if not pairs:
        return ""
    top = pairs[0][1]
    leaders = [name for name, count in pairs if count == top]
    if len(leaders) == 1:
        most = gettext("%(name)s has the most (%(count)s)") % {"name": leaders[0], "count": top}
    else:
        most = gettext("%(names)s have the most (%(count)s each)") % {"names": ", ".join(leaders), "count": top}
    return f"{spread}; {most}."


def _without_note(count, text_one, text_many):
    return [ngettext(text_one, text_many, count) % {"count": count}] if count else []


def groups_chart(pilot_actions):
    groups, without = per_group(pilot_actions)
    pairs = [(group.display_name, count) for group, count in groups]
    if without:
        pairs.append((gettext("No thematic group recorded"), without))
    bars = [charts.Bar(name, count) for name, count in pairs]
    return Chart(
        slug="groups",
        title=gettext("Pilot actions per thematic group"),
        summary=_counts_sentence(pairs),
        columns=[gettext("Thematic group"), gettext("Pilot actions")],
        rows=[[name, count] for name, count in pairs],
        draw=lambda: charts.horizontal_bars(
            bars, "chart-groups-title", "chart-groups-summary", colours=(charts.BLUE, charts.VERMILLION)
        ),
    )


def countries_chart(pilot_actions):
    countries, without = per_country(pilot_actions)
    pairs = [(country.display_name, count) for country, count in countries]
    spread = ngettext(
        "The pilot actions shown involve %(count)s country",
        "The pilot actions shown involve %(count)s countries",
        len(pairs),
    ) % {"count": len(pairs)}
    counts = {country.pk: count for country, count in countries}
    return Chart(
        slug="countries",
        title=gettext("Pilot actions per country"),
        summary=_leaders_sentence(spread, pairs),
        columns=[gettext("Country"), gettext("ISO code"), gettext("Pilot actions")],
        rows=[[country.display_name, country.iso_code, count] for country, count in countries],
        draw=lambda: charts.choropleth(
            counts,
            "chart-countries-title",
            "chart-countries-summary",
            legend_title=gettext("Pilot actions per country"),
            none_label=gettext("none"),
        ),
        notes=_without_note(
            without,
            "%(count)s pilot action has no country recorded.",
            "%(count)s pilot actions have no country recorded.",
        ),
    )


def borders_chart(pilot_actions):
    borders, without = per_border(pilot_actions)
    pairs = [(border.display_name, count) for border, count in borders]
    spread = ngettext(
        "The pilot actions shown lie on %(count)s border",
        "The pilot actions shown lie on %(count)s borders",
        len(pairs),
    ) % {"count": len(pairs)}
    bars = [charts.Bar(name, count) for name, count in pairs]
    return Chart(
        slug="borders",
        title=gettext("Pilot actions per border"),
        summary=_leaders_sentence(spread, pairs),
        columns=[gettext("Border"), gettext("Pilot actions")],
        rows=[[name, count] for name, count in pairs],
        draw=lambda: charts.horizontal_bars(bars, "chart-borders-title", "chart-borders-summary"),
        notes=_without_note(
            without,
            "%(count)s pilot action has no border recorded.",
            "%(count)s pilot actions have no border recorded.",
        ),
    )


def themes_chart(pilot_actions):
    families, without = per_theme(pilot_actions)
    rows, headings, bars = [], set(), []
    for family in families:
        headings.add(len(rows))
        rows.append([str(family.label), gettext("All its themes"), family.total])
        bars.append(charts.Bar(family.label, family.total, heading=True))
        for theme, count in family.themes:
            rows.append([str(family.label), theme.display_name, count])
            bars.append(charts.Bar(theme.display_name, count, indent=True))
    return Chart(
        slug="themes",
        title=gettext("Pilot actions per theme, by crisis family"),
        summary=_counts_sentence([(family.label, family.total) for family in families]),
        columns=[gettext("Crisis family"), gettext("Theme"), gettext("Pilot actions")],
        rows=rows,
        heading_rows=frozenset(headings),
        draw=lambda: charts.horizontal_bars(bars, "chart-themes-title", "chart-themes-summary"),
        notes=[
            gettext("A pilot action with several themes counts once in each, and once in its family."),
            *_without_note(
                without,
                "%(count)s pilot action has no theme recorded.",
                "%(count)s pilot actions have no theme recorded.",
            ),
        ],
    )


def _day(value):
    return value.isoformat() if value else gettext("not published")


def _timeline_row(pilot_action):
    return [
        pilot_action.code,
        pilot_action.title,
        pilot_action.group.display_name if pilot_action.group else "",
        _day(pilot_action.start_date),
        _day(pilot_action.end_date),
    ]


def _timeline_label(pilot_action):
    name = pilot_action.acronym or pilot_action.title
    return f"{pilot_action.code} {name}" if pilot_action.code else name


def timeline_chart(pilot_actions):
    found = timeline(pilot_actions)
    if found.dated == 0:
        summary = ngettext(
            "None of the %(total)s pilot action shown has published start and end dates: the chart marks the "
            "programme’s milestones only.",
            "None of the %(total)s pilot actions shown has published start and end dates: the chart marks the "
            "programme’s milestones only.",
            found.total,
        ) % {"total": found.total}
    else:
        summary = ngettext(
            "%(dated)s of the %(total)s pilot actions shown has published dates, from %(first)s to %(last)s.",
            "%(dated)s of the %(total)s pilot actions shown have published dates, from %(first)s to %(last)s.",
            found.dated,
        ) % {
            "dated": found.dated,
            "total": found.total,
            "first": date_format(found.first_start),
            "last": date_format(found.last_end),
        }
    notes = []
    if found.not_shown:
        notes.append(
            gettext(
                "The chart and the table show the first %(shown)s of %(total)s pilot actions, by start date; "
                "the CSV holds them all."
            )
            % {"shown": len(found.pilot_actions), "total": found.total}
        )
    key = [
        (
            number,
            date_format(milestone.date, "YEAR_MONTH_FORMAT" if milestone.month_only else "DATE_FORMAT"),
            milestone.label,
        )
        for number, milestone in enumerate(found.milestones, start=1)
    ]
    bars = [(_timeline_label(p), p.start_date, p.end_date) for p in found.pilot_actions if p.start_date and p.end_date]
    undated = found.total - found.dated
    undated_label = ngettext(
        "%(count)s pilot action: dates not published (see the table)",
        "%(count)s pilot actions: dates not published (see the table)",
        undated,
    ) % {"count": undated}
    return Chart(
        slug="timeline",
        title=gettext("Activity timeline"),
        summary=summary,
        columns=[gettext("Code"), gettext("Pilot action"), gettext("Thematic group"), gettext("Start"), gettext("End")],
        rows=[_timeline_row(p) for p in found.pilot_actions],
        all_rows=lambda: [_timeline_row(p) for p in timeline(pilot_actions, limit=None).pilot_actions],
        draw=lambda: charts.timeline(
            bars, found.milestones, "chart-timeline-title", "chart-timeline-summary", undated_label if undated else ""
        ),
        notes=notes,
        key=key,
    )


def monthly_chart(series, pilot_actions):
    months = every_month(series.count(pilot_actions))
    total = sum(count for _month, count in months)
    if total:
        peak_month, peak = max(months, key=lambda pair: (pair[1], pair[0]))
        summary = gettext("%(counted)s from %(first)s to %(last)s; the most in %(peak)s (%(peak_count)s).") % {
            "counted": series.counted(total),
            "first": date_format(months[0][0], "YEAR_MONTH_FORMAT"),
            "last": date_format(months[-1][0], "YEAR_MONTH_FORMAT"),
            "peak": date_format(peak_month, "YEAR_MONTH_FORMAT"),
            "peak_count": peak,
        }
    else:
        summary = str(series.empty)
    title_id, summary_id = f"chart-{series.slug}-title", f"chart-{series.slug}-summary"
    return Chart(
        slug=series.slug,
        title=str(series.title),
        summary=summary,
        columns=[gettext("Month"), str(series.column)],
        rows=[[month.strftime("%Y-%m"), count] for month, count in months],
        draw=lambda: charts.monthly_columns(months, title_id, summary_id),
    )


CHARTS = {
    "groups": groups_chart,
    "countries": countries_chart,
    "borders": borders_chart,
    "themes": themes_chart,
    "timeline": timeline_chart,
}


def chart_slugs():
    return [*CHARTS, *sorted(MONTHLY_SERIES, key=lambda slug: MONTHLY_SERIES[slug].order)]


def build_chart(slug, pilot_actions):
    """One chart of ``pilot_actions`` (filtered public pilot actions); KeyError for an unknown slug."""
    pilot_actions = one_row_each(pilot_actions)
    if slug in CHARTS:
        return CHARTS[slug](pilot_actions)
    return monthly_chart(MONTHLY_SERIES[slug], pilot_actions)


def build_charts(pilot_actions):
    return [build_chart(slug, pilot_actions) for slug in chart_slugs()]
