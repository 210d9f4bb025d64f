import re
import unicodedata

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView

from borders.geojson import border_feature, country_feature, feature_collection
from borders.models import Border, Country
from projects.geojson import pilot_action_feature

ISO_CODE = re.compile(r"[A-Za-z]{2}")


def collation_key(name):
    """Sort names as a reader expects, accents and case aside: États-Unis next to Espagne, not after Zambie."""
    decomposed = unicodedata.normalize("NFKD", str(name))
    return "".join(character for character in decomposed if not unicodedata.combining(character)).casefold()


def located_features(pilot_actions):
    return [pilot_action_feature(pilot_action) for pilot_action in pilot_actions if pilot_action.latitude is not None]


class BorderListView(ListView):
    template_name = "borders/border_list.html"
    context_object_name = "borders"

    def get_queryset(self):
        return Border.objects.in_programme().with_lines().with_countries()

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
        pilot_actions = list(border.pilot_actions.public().with_relations())
        features = [border_feature(border)] if border.line else []
        return super().get_context_data(
            crumbs=[(_("Borders"), reverse("borders:border-list")), (border.name, None)],
            countries=border.countries.all(),
            pilot_actions=pilot_actions,
            map_geojson=feature_collection(features + located_features(pilot_actions)),
            **kwargs,
        )


class CountryListView(ListView):
    template_name = "borders/country_list.html"
    context_object_name = "countries"

    def get_queryset(self):
        # The display name depends on the active language, so the database cannot sort by it.
        return sorted(Country.objects.in_programme(), key=lambda country: collation_key(country.display_name))

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
        pilot_actions = list(country.pilot_actions.public().with_relations())
        features = [country_feature(country)] if country.shape else []
        return super().get_context_data(
            crumbs=[(_("Countries"), reverse("borders:country-list")), (country.display_name, None)],
            borders=country.borders.in_programme(),
            pilot_actions=pilot_actions,
            map_geojson=feature_collection(features + located_features(pilot_actions)),
            **kwargs,
        )
