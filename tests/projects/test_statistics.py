"""/statistics/: figures checked against the data (expected values computed from the database, never pinned),
the list's filters, each chart's CSV equal to its table, bad filters, the empty state and query budgets."""

import csv
import datetime
import io
import re
from collections import Counter

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from projects.models import PilotAction, ProgressReport, Theme
from projects.statistics import TIMELINE_LIMIT, chart_slugs
from results.models import Output
from tests.factories import (
    BorderFactory,
    CountryFactory,
    OutputFactory,
    PilotActionFactory,
    ProgressReportFactory,
    ThematicGroupFactory,
    ThemeFactory,
)

URL = reverse("projects:statistics")


def csv_url(chart):
    return reverse("projects:statistics-csv", kwargs={"chart": chart})


def charts_of(response):
    return {chart.slug: chart for chart in response.context["charts"]}


def rows_as_text(chart):
    return [[str(cell) for cell in row] for row in chart.rows]


@pytest.fixture
def figures(db):
    """Public pilot actions over two groups, three borders, four countries and themes of two crisis families and
    none, with hidden ones (submitted, probable) that no figure may count."""
    crisis, planning = ThematicGroupFactory(slug="crisis", order=1), ThematicGroupFactory(slug="planning", order=2)
    floods = ThemeFactory(slug="floods", hazard_family=Theme.HazardFamily.METEOROLOGICAL)
    drought = ThemeFactory(slug="drought", hazard_family=Theme.HazardFamily.METEOROLOGICAL)
    epidemics = ThemeFactory(slug="epidemics", hazard_family=Theme.HazardFamily.BIOLOGICAL)
    housing = ThemeFactory(slug="housing", hazard_family="")
    fr, de, it, at = (CountryFactory(iso_code=code) for code in ("FR", "DE", "IT", "AT"))
    fr_de = BorderFactory(name="France – Germany", countries=[fr, de])
    fr_it = BorderFactory(name="France – Italy", countries=[fr, it])
    de_at = BorderFactory(name="Austria – Germany", countries=[de, at])
    made = [
        PilotActionFactory(group=crisis, themes=[floods, drought], borders=[fr_de], countries=[fr, de]),
        PilotActionFactory(group=crisis, themes=[floods], borders=[fr_de, de_at], countries=[fr, de, at]),
        PilotActionFactory(group=crisis, themes=[epidemics], borders=[fr_it], countries=[fr, it]),
        PilotActionFactory(group=planning, themes=[housing], borders=[fr_it], countries=[fr, it]),
        PilotActionFactory(group=planning, themes=[housing, drought], borders=[de_at], countries=[de, at]),
        PilotActionFactory(group=planning, themes=[], borders=[], countries=[]),
        PilotActionFactory(
            group=crisis,
            themes=[floods],
            borders=[fr_de],
            countries=[fr, de],
            start_date=datetime.date(2025, 2, 3),
            end_date=datetime.date(2025, 9, 30),
        ),
    ]
    PilotActionFactory(group=crisis, themes=[floods], borders=[fr_de], countries=[fr], status="submitted")
    PilotActionFactory(group=planning, themes=[housing], borders=[fr_it], countries=[it], record_confidence="probable")
    return made


def public():
    return PilotAction.objects.public()


def test_figures_match_the_data(client, figures, django_assert_max_num_queries):
    response = client.get(URL)
    assert response.status_code == 200
    charts = charts_of(response)
    assert list(charts) == chart_slugs()
    assert response.context["total"] == public().count()

    groups = dict(charts["groups"].rows)
    for group in {pilot_action.group for pilot_action in figures}:
        assert groups[group.name] == public().filter(group=group).count()

    borders = dict(charts["borders"].rows)
    expected = Counter(border.name for pilot_action in public() for border in pilot_action.borders.all())
    assert borders == dict(expected)
    assert [count for _name, count in charts["borders"].rows] == sorted(borders.values(), reverse=True)
    assert charts["borders"].notes == ["1 pilot action has no border recorded."]

    countries = {code: count for _name, code, count in charts["countries"].rows}
    assert countries == dict(Counter(c.iso_code for p in public() for c in p.countries.all()))

    themes = {(family, theme): count for family, theme, count in charts["themes"].rows}
    for theme in Theme.objects.all():
        count = public().filter(themes=theme).count()
        assert themes.get((str(theme.get_hazard_family_display() or _other()), theme.name), 0) == count
    for family in {theme.hazard_family for theme in Theme.objects.all()}:
        label = str(Theme.HazardFamily(family).label) if family else _other()
        distinct = public().filter(themes__hazard_family=family).distinct().count()
        assert themes[(label, "All its themes")] == distinct


def _other():
    return "Other themes (outside the crisis families)"


def test_a_pilot_action_with_two_themes_of_a_family_counts_once_in_it(client, figures):
    rows = charts_of(client.get(URL))["themes"].rows
    meteorological = {theme: count for family, theme, count in rows if family == "Meteorological and hydrological"}
    both = public().filter(themes__slug="floods").filter(themes__slug="drought").count()
    assert both  # the fixture has one with floods and drought
    floods, drought = (Theme.objects.get(slug=slug).name for slug in ("floods", "drought"))
    assert meteorological["All its themes"] == meteorological[floods] + meteorological[drought] - both


def test_summaries_are_computed_from_the_figures(client, figures):
    charts = charts_of(client.get(URL))
    crisis = public().filter(group__slug="crisis").count()
    assert charts["groups"].summary.startswith("Group ")  # the factory's names
    assert f"has {crisis} pilot actions" in charts["groups"].summary
    border_count = len(charts["borders"].rows)
    assert charts["borders"].summary.startswith(f"The pilot actions shown lie on {border_count} borders;")
    top = charts["borders"].rows[0][1]
    assert f"({top}" in charts["borders"].summary


@pytest.mark.parametrize("group", ["crisis", "planning"])
def test_a_group_filter_gives_that_groups_figures(client, figures, group):
    response = client.get(URL, {"group": group})
    charts = charts_of(response)
    chosen = public().filter(group__slug=group)
    assert response.context["total"] == chosen.count()
    assert {name: count for name, count in charts["groups"].rows if count} == {
        chosen.first().group.name: chosen.count()
    }
    borders = dict(charts["borders"].rows)
    assert borders == dict(Counter(border.name for p in chosen for border in p.borders.all()))


@pytest.mark.parametrize("family", ["meteorological", "biological"])
def test_a_family_filter_gives_that_familys_figures(client, figures, family):
    response = client.get(URL, {"family": family})
    assert not response.context["filter"].form.errors
    chosen = public().filter(themes__hazard_family=family).distinct()
    assert 0 < response.context["total"] == chosen.count() < public().count()
    charts = charts_of(response)
    assert {name: count for name, count in charts["groups"].rows if count} == dict(
        Counter(p.group.name for p in chosen)
    )
    themes = {(family_label, theme): count for family_label, theme, count in charts["themes"].rows}
    label = str(Theme.HazardFamily(family).label)
    assert themes[(label, "All its themes")] == chosen.count()
    for slug in chart_slugs():
        assert f"{csv_url(slug)}?family={family}" in response.content.decode()
    rows = list(csv.reader(io.StringIO(client.get(csv_url("groups"), {"family": family}).content.decode())))
    assert sum(int(count) for _name, count in rows[1:]) == chosen.count()


def test_a_border_filter_counts_every_border_of_its_pilot_actions(client, figures):
    """Filtering on one border must not hide the other borders of the pilot actions on it."""
    border = (
        PilotAction.objects.public().filter(borders__slug="austria-germany").first().borders.get(slug="austria-germany")
    )
    charts = charts_of(client.get(URL, {"border": border.slug}))
    on_it = public().filter(borders=border)
    expected = Counter(b.name for p in on_it for b in p.borders.all())
    assert len(expected) > 1  # one of them is on France – Germany as well
    assert dict(charts["borders"].rows) == dict(expected)
    assert {code: count for _n, code, count in charts["countries"].rows} == dict(
        Counter(c.iso_code for p in on_it for c in p.countries.all())
    )


def test_each_csv_holds_its_table(client, figures):
    ProgressReportFactory(pilot_action=figures[0])
    OutputFactory(pilot_action=figures[1])
    response = client.get(URL, {"group": "crisis"})
    for slug, chart in charts_of(response).items():
        download = client.get(csv_url(slug), {"group": "crisis"})
        assert download.status_code == 200
        assert download["Content-Type"] == "text/csv; charset=utf-8"
        header, *rows = list(csv.reader(io.StringIO(download.content.decode())))
        assert header == [str(column) for column in chart.columns]
        assert rows == rows_as_text(chart), slug
        assert f"{csv_url(slug)}?group=crisis" in response.content.decode()


def test_the_table_is_on_the_page(client, figures):
    response = client.get(URL)
    content, chart = response.content.decode(), charts_of(response)["borders"]
    for name, count in chart.rows:
        assert f'<th scope="row">{name}</th><td>{count}</td>' in content


def test_each_chart_is_an_accessible_figure(client, figures):
    content = client.get(URL).content.decode()
    for slug in chart_slugs():
        title, summary = f"chart-{slug}-title", f"chart-{slug}-summary"
        assert f'<figure class="chart chart--{slug}" id="chart-{slug}" aria-labelledby="{title}">' in content
        assert f'id="{summary}"' in content
    for slug in ("groups", "borders", "countries", "themes", "timeline"):
        assert f'role="img" aria-labelledby="chart-{slug}-title" aria-describedby="chart-{slug}-summary"' in content
    assert "<script" not in content.split("<main", 1)[1].split("</main>", 1)[0]
    assert ' style="' not in content  # the CSP: presentation attributes only


def test_the_map_prints_each_countrys_count(client, figures):
    chart = charts_of(client.get(URL))["countries"]
    svg = str(chart.svg)
    assert svg.count("<path") == len(CountryFactory._meta.model.objects.exclude(shape=None))
    printed = re.findall(r'font-weight="700" fill="#1b1f24">(\d+)</text>', svg)
    assert sorted(map(int, printed)) == sorted(count for _name, _code, count in chart.rows)


def test_the_timeline_says_which_dates_are_not_published(client, figures):
    chart = charts_of(client.get(URL))["timeline"]
    dated = public().filter(start_date__isnull=False, end_date__isnull=False)
    assert chart.summary.startswith(f"{dated.count()} of the {public().count()} pilot actions shown has published")
    first = dated.first()
    assert chart.rows[0][1:] == [
        first.title,
        first.group.name,
        first.start_date.isoformat(),
        first.end_date.isoformat(),
    ]
    assert all(row[3:] == ["not published", "not published"] for row in chart.rows[1:])
    undated = public().count() - dated.count()
    assert f"{undated} pilot actions: dates not published (see the table)" in str(chart.svg)
    assert str(chart.svg).count("<rect") == dated.count()
    assert next(label for _number, _day, label in chart.key) == "Call for proposals opened"
    assert date_format(datetime.date(2025, 2, 3)) in [day for _number, day, _label in chart.key]


def test_the_timeline_of_real_data_invents_no_date(client, programme):
    chart = charts_of(client.get(URL))["timeline"]
    undated = public().filter(start_date__isnull=True).count()
    assert undated == public().count()  # no source gives the pilot actions' own dates
    assert chart.summary.startswith(f"None of the {undated} pilot actions shown has published")
    assert f"{undated} pilot actions: dates not published (see the table)" in str(chart.svg)
    assert "<rect" not in str(chart.svg)  # no bar


def test_reports_and_outputs_per_month_come_from_the_published_ones(client, figures):
    now = timezone.now()
    reports = [ProgressReportFactory(pilot_action=figures[index % 3]) for index in range(5)]
    ProgressReport.objects.filter(pk__in=[reports[0].pk, reports[1].pk]).update(
        published_at=datetime.datetime(2025, 3, 10, 12, tzinfo=datetime.UTC)
    )
    ProgressReportFactory(pilot_action=figures[0], status=ProgressReport.Status.DRAFT)
    ProgressReportFactory(pilot_action=PilotAction.objects.exclude(pk__in=public()).first())
    OutputFactory(pilot_action=figures[0])
    OutputFactory(pilot_action=figures[1], status=Output.Status.DRAFT)
    charts = charts_of(client.get(URL))
    published = ProgressReport.objects.published()
    expected = Counter(timezone.localtime(r.published_at).strftime("%Y-%m") for r in published)
    rows = dict(charts["reports"].rows)
    assert {month: count for month, count in rows.items() if count} == dict(expected)
    assert sum(rows.values()) == published.count() == 5
    assert rows.get("2025-04", 0) == expected.get("2025-04", 0)  # the months between are there, at 0 or more
    assert list(rows) == sorted(rows)
    assert charts["reports"].summary.startswith("5 progress reports published from March 2025 to ")
    outputs = dict(charts["outputs"].rows)
    assert outputs == {timezone.localtime(now).strftime("%Y-%m"): Output.objects.published().count()}


def test_nothing_published_yet_is_said(client, figures):
    charts = charts_of(client.get(URL))
    assert charts["reports"].rows == []
    assert charts["reports"].summary == "No progress report of these pilot actions has been published yet."
    assert charts["outputs"].summary == "No output of these pilot actions has been published yet."


def test_no_result_says_so(client, figures):
    response = client.get(URL, {"q": "nothing-matches-this"})
    assert response.status_code == 200
    assert response.context["total"] == 0
    assert "No documented pilot action matches these filters" in response.content.decode()
    assert "<figure" not in response.content.decode()


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"group": "nonsense"}, "group"),
        ({"country": "<script>"}, "country"),
        ({"border": "a" * 500}, "border"),
        ({"q": "x" * 201}, "q"),
        ({"border": "nul\x00byte"}, "border"),
    ],
)
def test_bad_parameters_give_a_form_error_not_a_500(client, figures, query, field):
    response = client.get(URL, {**query, "theme": "floods"})
    assert response.status_code == 200
    assert field in response.context["filter"].form.errors
    assert "<script>" not in response.content.decode()
    assert response.context["total"] == public().filter(themes__slug="floods").count()  # the valid filter holds
    assert f'{csv_url("groups")}?theme=floods"' in response.content.decode()  # the CSV links keep only it


def test_unknown_parameter_is_ignored(client, figures):
    response = client.get(URL, {"colour": "red"})
    assert response.context["filter"].is_valid()
    assert "Unknown filter" not in response.content.decode()


def test_csv_of_an_unknown_chart_is_404_and_a_bad_filter_400(client, figures):
    assert client.get(csv_url("nonsense")).status_code == 404
    bad = client.get(csv_url("groups"), {"group": "nonsense"})
    assert bad.status_code == 400
    assert "group" in bad.json()["errors"]


def test_french(client, figures):
    response = client.get("/fr/statistics/")
    assert response.status_code == 200
    assert 'lang="fr"' in response.content.decode()


def test_the_timeline_shows_the_first_ones_and_the_csv_all(client, db):
    group = ThematicGroupFactory()
    PilotActionFactory.create_batch(TIMELINE_LIMIT + 3, group=group)
    chart = charts_of(client.get(URL))["timeline"]
    assert len(chart.rows) == TIMELINE_LIMIT
    assert chart.notes == [
        f"The chart and the table show the first {TIMELINE_LIMIT} of {TIMELINE_LIMIT + 3} pilot actions, "
        "by start date; the CSV holds them all."
    ]
    rows = list(csv.reader(io.StringIO(client.get(csv_url("timeline")).content.decode())))
    assert len(rows) == 1 + TIMELINE_LIMIT + 3


@pytest.mark.django_db
@pytest.mark.parametrize("many_pilot_actions", [20, 200], indirect=True)
def test_query_budget(client, many_pilot_actions, django_assert_max_num_queries):
    with django_assert_max_num_queries(30):
        response = client.get(URL, {"theme": "floods", "country": "fr"})
    assert response.status_code == 200
    assert response.context["total"] == len(many_pilot_actions) // 2
    for slug in chart_slugs():
        with django_assert_max_num_queries(10):
            assert client.get(csv_url(slug), {"theme": "floods"}).status_code == 200
