"""The pages and GeoJSON of borders and countries with their pilot actions. The geography app (borders) holds the
places; which of them are in the programme, and what their pages show of it, is about pilot actions, so the views
are here, with their templates (``projects/templates/borders/``); their URL names stay in the ``borders`` namespace."""

import json
import re

from django import forms
from django.conf import settings
from django.db.models.fields.json import KeyTransform
from django.http import Http404, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import condition, require_GET
from django.views.generic import DetailView, ListView

from borders.geojson import border_feature, country_feature, feature_collection, features_bbox
from borders.geometry import SHAPE_DETAILS
from borders.models import Border, Country
from core.languages import collation_key
from core.pagecache import cached_for_content, content_etag, content_last_modified
from projects.geojson import programme_country_ids
from projects.models import borders_in_programme, countries_in_programme
from projects.views import pilot_action_preview

ISO_CODE = re.compile(r"[A-Za-z]{2}")


class BorderListView(ListView):
    template_name = "borders/border_list.html"
    context_object_name = "borders"

    def get_queryset(self):
        # As the countries: the display name depends on the active language, so the database cannot sort by it.
        borders = borders_in_programme().with_lines().with_countries()
        return sorted(borders, key=lambda border: collation_key(border.display_name))

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
            crumbs=[(_("Borders"), reverse("borders:border-list")), (border.display_name, None)],
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
            borders=sorted(
                borders_in_programme(country.borders.all()), key=lambda border: collation_key(border.display_name)
            ),
            **pilot_action_preview(pilot_actions, see_all, features),
            **kwargs,
        )


# The shapes are the same in every language, their names and addresses are not: each body is cached once per content
# version for all 25 languages (its geometry serialised once, and its bbox), and each language's names and addresses
# are put around it when it is served, which costs less than a millisecond.


def collection_text(bbox, features):
    """A FeatureCollection as GeoJSON text, from ``features`` as [(properties, geometry as JSON text)]: the same
    text as ``json.dumps(feature_collection(...))``, without serialising the geometry again."""
    head = '{"type": "FeatureCollection", ' + (f'"bbox": {json.dumps(bbox)}, ' if bbox is not None else "")
    return (
        head
        + '"features": ['
        + ", ".join(
            f'{{"type": "Feature", "geometry": {geometry}, "properties": {json.dumps(properties)}}}'
            for properties, geometry in features
        )
        + "]}"
    )


def border_lines():
    """{bbox, lines: [(slug, {content language: name}, line as JSON text)]} of the programme's borders, once per
    content version."""

    def compute():
        borders = list(borders_in_programme().with_lines().filter(line__isnull=False))
        names = {}
        for language in settings.CONTENT_LANGUAGES:
            with translation.override(language):
                names[language] = [border.name for border in borders]
        return {
            "bbox": features_bbox(border_feature(border) for border in borders),
            "lines": [
                (border.slug, {language: names[language][index] for language in names}, json.dumps(border.line))
                for index, border in enumerate(borders)
            ],
        }

    return cached_for_content("geojson:border-lines", compute)


def borders_body():
    """The programme's border lines as GeoJSON text, in the active language: names as pages show them
    (``Border.display_name``, from the stored columns: the column of a content language, else the countries' names
    in the active one), addresses in the active language."""
    lines = border_lines()
    features = []
    for slug, names, line in lines["lines"]:
        border = Border(slug=slug, **{f"name_{language}": name for language, name in names.items()})
        features.append(({"kind": "border", "name": border.display_name, "url": border.get_absolute_url()}, line))
    return collection_text(lines["bbox"], features)


def country_shapes(detail=""):
    """{bbox, shapes: [(ISO code, stored name, shape as JSON text)]} of the programme's countries at ``detail``
    (``countries_collection``), once per content version and detail."""

    def compute():
        features = list(countries_features(detail))
        return {
            "bbox": features_bbox(item for item, _country in features),
            "shapes": [(country.iso_code, country.name, json.dumps(item["geometry"])) for item, country in features],
        }

    return cached_for_content(f"geojson:country-shapes:{detail}", compute)


def countries_body(detail=""):
    """The programme's country shapes as GeoJSON text (``countries_collection``), in the active language."""
    shapes = country_shapes(detail)
    return collection_text(
        shapes["bbox"],
        (
            (country_properties(Country(iso_code=iso_code, name=name)), shape)
            for iso_code, name, shape in shapes["shapes"]
        ),
    )


def country_properties(country):
    return country_feature(country, shape={})["properties"]


def map_shapes_ahead():
    """Every border and country GeoJSON a map asks for, at every detail: computed after a change
    (``projects.tasks``), so that no visitor waits for them. Once for every language (see ``collection_text``)."""
    border_lines()
    for detail in ["", *(detail.name for detail in SHAPE_DETAILS)]:
        country_shapes(detail)


def geojson_response(body):
    response = HttpResponse(body, content_type="application/geo+json")
    patch_cache_control(response, public=True, max_age=300)
    return response


@require_GET
@condition(etag_func=content_etag, last_modified_func=content_last_modified)
def borders_geojson(request):
    return geojson_response(borders_body())


class CountryShapesForm(forms.Form):
    detail = forms.ChoiceField(choices=[(detail.name, detail.name) for detail in SHAPE_DETAILS], required=False)


def countries_collection(detail=""):
    """The programme's countries as GeoJSON text: their shapes simplified to ``detail`` (a name of
    ``borders.geometry.SHAPE_DETAILS``, stored when a shape is saved), or as stored without one. Only the shapes
    asked for are read from the database."""
    return json.dumps(feature_collection(item for item, _country in countries_features(detail)))


def countries_features(detail=""):
    """(feature, country) of the programme's countries, their shapes at ``detail``, in the active language."""
    countries = Country.objects.filter(pk__in=programme_country_ids(), shape__isnull=False)
    if detail:
        countries = countries.without_shapes().annotate(outline=KeyTransform(detail, "simplified_shapes"))
        return ((country_feature(country, country.outline), country) for country in countries)
    return ((country_feature(country), country) for country in countries.defer("simplified_shapes"))


@require_GET
@condition(etag_func=content_etag, last_modified_func=content_last_modified)
def countries_geojson(request):
    """The programme's countries, their shapes as stored; with ``detail`` (``low``, ``medium``), simplified for a
    map's lower zooms (the map page says which from which zoom). A bad ``detail`` is a 400 with the reason."""
    form = CountryShapesForm(request.GET)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    return geojson_response(countries_body(form.cleaned_data["detail"]))
