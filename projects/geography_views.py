"""The pages and GeoJSON of borders and countries with their pilot actions. The geography app (borders) holds the
places; which of them are in the programme, and what their pages show of it, is about pilot actions, so the views
are here, with their templates (``projects/templates/borders/``); their URL names stay in the ``borders`` namespace."""

import hashlib
import json
import re
import unicodedata

from django.core.cache import cache
from django.db.models import Count, Max
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import condition, require_GET
from django.views.generic import DetailView, ListView

from borders.geojson import border_feature, country_feature, feature_collection
from borders.models import Border, Country
from projects.models import borders_in_programme, countries_in_programme
from projects.views import pilot_action_preview

ISO_CODE = re.compile(r"[A-Za-z]{2}")


def collation_key(name):
    """Sort names as a reader expects, accents and case aside: États-Unis next to Espagne, not after Zambie."""
    decomposed = unicodedata.normalize("NFKD", str(name))
    return "".join(character for character in decomposed if not unicodedata.combining(character)).casefold()


class BorderListView(ListView):
    template_name = "borders/border_list.html"
    context_object_name = "borders"

    def get_queryset(self):
        return borders_in_programme().with_lines().with_countries()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            crumbs=[(_("Borders"), None)],
            map_geojson=feature_collection(border_feature(border) for border in self.object_list if border.line),
            **kwargs,
        )


class BorderDetailView(DetailView):
    """Any border answers: borders are public geographic facts; only public pilot actions show."""

    template_name = "borders/border_detail.html"
    context_object_name = "border"

    def get_queryset(self):
        return Border.objects.with_countries()

    def get_context_data(self, **kwargs):
        border = self.object
        pilot_actions = border.pilot_actions.public()
        features = [border_feature(border)] if border.line else []
        return super().get_context_data(
            crumbs=[(_("Borders"), reverse("borders:border-list")), (border.name, None)],
            countries=border.countries.all(),
            **pilot_action_preview(
                pilot_actions, f"{reverse('projects:pilot-action-list')}?border={border.slug}", features
            ),
            **kwargs,
        )


class CountryListView(ListView):
    template_name = "borders/country_list.html"
    context_object_name = "countries"

    def get_queryset(self):
        # The display name depends on the active language, so the database cannot sort by it.
        return sorted(countries_in_programme(), key=lambda country: collation_key(country.display_name))

    def get_context_data(self, **kwargs):
        return super().get_context_data(crumbs=[(_("Countries"), None)], **kwargs)


class CountryDetailView(DetailView):
    """A country by its ISO code, in either case; anything but two letters is a 404, never a 500."""

    template_name = "borders/country_detail.html"
    context_object_name = "country"

    def get_object(self, queryset=None):
        iso_code = self.kwargs["iso_code"]
        if not ISO_CODE.fullmatch(iso_code):
            raise Http404(_("No country has this code."))
        try:
            return Country.objects.get(iso_code=iso_code.upper())
        except Country.DoesNotExist as error:
            raise Http404(_("No country has this code.")) from error

    def get_context_data(self, **kwargs):
        country = self.object
        pilot_actions = country.pilot_actions.public()
        features = [country_feature(country)] if country.shape else []
        see_all = f"{reverse('projects:pilot-action-list')}?country={country.iso_code.lower()}"
        return super().get_context_data(
            crumbs=[(_("Countries"), reverse("borders:country-list")), (country.display_name, None)],
            borders=borders_in_programme(country.borders.all()),
            **pilot_action_preview(pilot_actions, see_all, features),
            **kwargs,
        )


def _geojson_version(queryset):
    version = queryset.aggregate(changed=Max("updated_at"), total=Count("pk", distinct=True))
    changed = version["changed"].isoformat() if version["changed"] else ""
    return f"{changed}|{version['total']}|{get_language()}"


def cached_geojson(name, queryset_factory, to_feature):
    """A GeoJSON view whose body is built once per data version and language, and answers 304 when unchanged."""

    def etag(request):
        return hashlib.sha256(f"{name}|{_geojson_version(queryset_factory())}".encode()).hexdigest()[:32]

    @require_GET
    @condition(etag_func=etag)
    def view(request):
        cache_key = f"geojson:{name}:{etag(request)}"
        body = cache.get(cache_key)
        if body is None:
            body = json.dumps(feature_collection(to_feature(row) for row in queryset_factory()))
            cache.set(cache_key, body, timeout=60 * 60 * 24)
        response = HttpResponse(body, content_type="application/geo+json")
        patch_cache_control(response, public=True, max_age=300)
        return response

    return view


borders_geojson = cached_geojson(
    "borders", lambda: borders_in_programme().with_lines().filter(line__isnull=False), border_feature
)
countries_geojson = cached_geojson(
    "countries", lambda: countries_in_programme().defer(None).filter(shape__isnull=False), country_feature
)
