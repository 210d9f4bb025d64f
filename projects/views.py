from urllib.parse import urlencode

import tablib
from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import condition, require_GET
from django.views.generic import DetailView, TemplateView
from django_filters.views import FilterView

from borders.geojson import feature_collection
from borders.geometry import FULL_SHAPE_FROM_ZOOM, POINT_PRECISION, SHAPE_DETAILS, rounded
from core.canonical import CanonicalFiltersMixin, valid_form_parameters
from core.content_language import shown_text
from core.pagecache import content_etag, content_last_modified
from core.spreadsheets import escape_formula
from projects import attachments, mapcells, opendata, programme, statistics
from projects.filters import PilotActionFilter, ProgressReportFilter
from projects.forms import ViewportForm
from projects.fragments import public_pilot_action_count, rendering_shortcuts
from projects.geojson import (
    cached_extent,
    overview_collection,
    pilot_actions_collection,
    programme_border_ids,
    programme_country_ids,
    viewport_collection,
)
from projects.models import PilotAction, ProgressReport, ThematicGroup


class HomeView(TemplateView):
    template_name = "projects/home.html"

    def get_context_data(self, **kwargs):
        public_pilot_actions = PilotAction.objects.public()
        return super().get_context_data(
            groups=ThematicGroup.objects.select_related("coordinating_organisation"),
            documented_count=public_pilot_action_count(),
            border_count=len(programme_border_ids()),
            country_count=len(programme_country_ids()),
            programme=programme,
            map_geojson=overview_collection(public_pilot_actions, scope=mapcells.EVERY_GROUP),
            latest_reports=ProgressReport.objects.published().for_list().newest_first()[:5],
            **kwargs,
        )


PREVIEW_SIZE = 24


def pilot_action_preview(pilot_actions, see_all_url, map_features=(), map_scope=None):
    """A group's, border's or country's pilot actions: the first few, how many, where to see them all, and
    the small map's data (``map_scope``: the map cells that hold them, if any; see ``projects.mapcells``). While
    they are few, the cards' rows draw the map too and nothing is counted."""
    preview = list(pilot_actions.with_relations()[: PREVIEW_SIZE + 1])
    if len(preview) <= PREVIEW_SIZE:
        total = len(preview)
        map_geojson = feature_collection([*map_features, *pilot_actions_collection(preview)["features"]])
    else:
        preview = preview[:PREVIEW_SIZE]
        total = pilot_actions.count()
        map_geojson = overview_collection(pilot_actions, map_features, scope=map_scope)
    return {
        "pilot_actions": preview,
        "pilot_action_total": total,
        "see_all_url": see_all_url,
        "map_geojson": map_geojson,
    }


class ForgivingPaginationMixin:
    """An out-of-range or malformed page number shows the nearest page instead of a 404."""

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        if rendering_shortcuts():
            paginator.count = self.result_count()
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()

    def result_count(self):
        """How many results the filters give, as the paginator would count them: once per set of filters and
        content version."""
        return self.filterset.result_count()


class PilotActionListView(CanonicalFiltersMixin, ForgivingPaginationMixin, FilterView):
    filterset_class = PilotActionFilter
    template_name = "projects/pilot_action_list.html"
    paginate_by = 20
    strict = False  # a bad parameter shows its error; the valid ones still filter

    def get_queryset(self):
        # The cards are kept rendered (projects.fragments): only those not stored fetch what they print.
        return PilotAction.objects.public().only("pk")

    def get_context_data(self, **kwargs):
        self.filterset.label_choices_with_counts()
        return super().get_context_data(
            crumbs=[(_("Pilot actions"), None)],
            documented_count=public_pilot_action_count(),
            programme=programme,
            **kwargs,
        )


def countries_by_zoom():
    """[[from zoom, address]] of the countries GeoJSON the map draws, coarsest first: simplified at low zooms."""
    url = reverse("borders:countries-geojson")
    steps = [[detail.from_zoom, f"{url}?{urlencode({'detail': detail.name})}"] for detail in SHAPE_DETAILS]
    return [*steps, [FULL_SHAPE_FROM_ZOOM, url]]


def opening_countries_url(steps):
    """The address of ``countries_by_zoom`` the map asks for at its configured opening zoom."""
    opening_zoom = settings.LEAFLET_CONFIG["DEFAULT_ZOOM"]
    return [url for from_zoom, url in steps if from_zoom <= opening_zoom][-1]


class MapView(PilotActionListView):
    """The map: the list's filters and results, which stay usable without JavaScript, beside a Leaflet map."""

    template_name = "projects/map.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        steps = countries_by_zoom()
        context["crumbs"] = [(_("Map"), None)]
        context["groups"] = ThematicGroup.objects.all()
        context["matches_bbox"] = self.matches_bbox()
        context["countries_by_zoom"] = steps
        context["opening_countries_url"] = opening_countries_url(steps)
        context["map_labels"] = {
            "group": gettext("Thematic group"),
            "border": gettext("Border"),
            "themes": gettext("Themes"),
            "open": gettext("Open the pilot action’s page"),
            "cluster": gettext("%(count)s pilot actions here: zoom in"),
            "loading": gettext("Loading the map…"),
            "failed": gettext("The map data could not be loaded. The list below is complete."),
            "pilotActions": gettext("Pilot actions"),
            "borders": gettext("Borders"),
            "countries": gettext("Countries"),
        }
        return context

    def matches_bbox(self):
        """The box around every match on the map, as the GeoJSON's ``matches_bbox`` gives it (from the same cache):
        the script opens the map on it and asks for the markers once, for that view. None without a match, or
        when a filter is bad (the GeoJSON refuses it, so the map keeps its opening view)."""
        if not self.filterset.is_valid():
            return None
        on_map = self.filterset.filter_queryset(PilotAction.objects.public().on_map())
        extent = cached_extent(on_map, self.filterset.choice_digest())
        return rounded(extent, POINT_PRECISION) if extent else None


class MapResultsView(PilotActionListView):
    """The list part of the map (its filter form, with the counts and errors, and the results), alone: what the
    map's script swaps in after a filter change, filtered, sorted and paginated as the page, with the same
    includes. Its own address, so that neither it nor the page is ever served (or cached by a browser) as the
    other."""

    template_name = "projects/includes/map_results.html"

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        response["X-Robots-Tag"] = "noindex"  # a part of /map/, which is the page to find
        return response


class StatisticsView(CanonicalFiltersMixin, FilterView):
    """The programme in figures: the charts of the public pilot actions the list's own filters select."""

    filterset_class = PilotActionFilter
    template_name = "projects/statistics.html"
    strict = False  # as the list: a bad parameter shows its error; the valid ones still filter

    def get_filterset(self, filterset_class):
        filterset = super().get_filterset(filterset_class)
        filterset.form.fields.pop("sort", None)  # figures have no order
        return filterset

    def get_queryset(self):
        return PilotAction.objects.public()

    def get_context_data(self, **kwargs):
        self.filterset.label_choices_with_counts()
        pilot_actions = statistics.one_row_each(self.object_list)
        total = pilot_actions.count()
        return super().get_context_data(
            crumbs=[(_("Statistics"), None)],
            total=total,
            charts=statistics.build_charts(pilot_actions) if total else [],
            csv_query=self.valid_filters(),
            programme=programme,
            **kwargs,
        )

    def valid_filters(self):
        """The query string of the filters that hold, for the CSV links: a bad one would make the CSV answer 400."""
        return urlencode(valid_form_parameters(self.filterset.form))


@require_GET
def statistics_csv(request, chart):
    """A chart's data as CSV, filtered like the page: 404 for an unknown chart, 400 and the reasons for bad filters."""
    if chart not in statistics.chart_slugs():
        raise Http404
    filterset = PilotActionFilter(request.GET, queryset=PilotAction.objects.public(), request=request)
    if not filterset.is_valid():
        return JsonResponse({"errors": filterset.form.errors.get_json_data()}, status=400)
    found = statistics.build_chart(chart, filterset.qs)
    dataset = tablib.Dataset(headers=found.columns, title=chart)
    for row in found.csv_rows():
        dataset.append([escape_formula(value) for value in row])
    response = HttpResponse(dataset.export("csv"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="resilient-borders-statistics-{chart}.csv"'
    return response


class UpdateListView(CanonicalFiltersMixin, ForgivingPaginationMixin, FilterView):
    """Every published progress report, newest first, filtered by group, border and theme."""

    filterset_class = ProgressReportFilter
    template_name = "projects/update_list.html"
    paginate_by = 20
    strict = False

    def get_queryset(self):
        return ProgressReport.objects.published().for_list().newest_first()

    def get_context_data(self, **kwargs):
        return super().get_context_data(crumbs=[(_("Progress updates"), None)], **kwargs)


class PilotActionDetailView(DetailView):
    """A pilot action's page: below its breadcrumbs, a fragment kept per content version and language
    (``projects.fragments.page_body``), which fetches what it prints when it is not stored."""

    template_name = "projects/pilot_action_detail.html"
    context_object_name = "pilot_action"

    def get_queryset(self):
        return PilotAction.objects.public().select_related("group", "group__coordinating_organisation")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            crumbs=[
                (_("Pilot actions"), reverse("projects:pilot-action-list")),
                (shown_text(self.object, "title"), None),
            ],
            **kwargs,
        )


class OpenDataView(TemplateView):
    """What the downloads hold, column by column, and under which licence."""

    template_name = "projects/open_data.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            crumbs=[(_("Open data"), None)],
            columns=[column.documentation for column in opendata.COLUMNS],
            geojson_properties=[column.documentation for column in opendata.GEOJSON_PLACEMENT_COLUMNS],
            datasets=opendata.DATASETS.values(),  # the other apps' open data
            licence=opendata.LICENCE,
            documented_count=public_pilot_action_count(),
            **kwargs,
        )


class ThematicGroupDetailView(DetailView):
    template_name = "projects/group_detail.html"
    context_object_name = "group"

    def get_queryset(self):
        return ThematicGroup.objects.select_related("coordinating_organisation")

    def get_context_data(self, **kwargs):
        pilot_actions = self.object.pilot_actions.public()
        return super().get_context_data(
            crumbs=[(self.object.display_name, None)],
            **pilot_action_preview(
                pilot_actions,
                f"{reverse('projects:pilot-action-list')}?group={self.object.slug}",
                map_scope=self.object.pk,
            ),
            **kwargs,
        )


@require_GET
@condition(etag_func=content_etag, last_modified_func=content_last_modified)
def pilot_actions_geojson(request):
    """The pilot actions as GeoJSON (RFC 7946), filtered like the list and clustered to the viewport."""
    filterset = PilotActionFilter(request.GET, queryset=PilotAction.objects.public().on_map(), request=request)
    viewport = ViewportForm(request.GET)
    if not filterset.is_valid() or not viewport.is_valid():
        errors = {**filterset.form.errors.get_json_data(), **viewport.errors.get_json_data()}
        return JsonResponse({"errors": errors}, status=400)
    collection = viewport_collection(
        filterset.qs,
        viewport.cleaned_data["bbox"],
        viewport.cleaned_data["zoom"],
        extent=cached_extent(filterset.qs, filterset.choice_digest()),
        scope=mapcells.filter_scope(filterset),
    )
    response = JsonResponse(collection, content_type="application/geo+json")
    patch_cache_control(response, public=True, max_age=60)
    return response


@require_GET
def report_attachment(request, name):
    """A report's photo or document, for whoever may see it; anyone else gets 404, as for an unknown address.

    Never wrapped in the page cache: whether a file may be served depends on who asks and on the report's state.
    """
    found = attachments.find(name, request.user)
    answer = attachments.response(*found) if found else None
    if answer is None:  # no such attachment, not for this user, or its file is missing
        raise Http404
    return answer
