"""The one FilterSet behind the outputs library, its feed's filters and its downloads."""

import django_filters
from django.utils.translation import gettext_lazy as _

from projects.filters import (
    FacetCountsMixin,
    PilotActionFilterForm,
    PublicFilterSet,
    border_filter,
    country_filter,
    family_filter,
    group_filter,
    search_filter,
    search_words,
    theme_filter,
)
from results.models import Language, Output, OutputKind

FACETS = {
    # filter name: (the output's relation, the related field the URL carries)
    "kind": ("kind", "slug"),
    "group": ("pilot_action__group", "slug"),
    "family": ("themes", "hazard_family"),
    "theme": ("themes", "slug"),
    "border": ("pilot_action__borders", "slug"),
    "country": ("pilot_action__countries", "iso_code"),
    "language": ("languages", "code"),
}


class StableOrderingFilter(django_filters.OrderingFilter):
    """Outputs with the same title or date keep one order from page to page: the newest added last breaks ties."""

    def filter(self, qs, value):
        ordered = super().filter(qs, value)
        return ordered.order_by(*ordered.query.order_by, "-id") if value else ordered


def languages_in_use(request):
    """The languages of published outputs: a select of the 26 languages a document may be in would mostly
    offer choices that find nothing."""
    return Language.objects.filter(
        pk__in=Output.languages.through.objects.filter(output__in=Output.objects.published()).values("language")
    )


class OutputFilter(FacetCountsMixin, PublicFilterSet):
    q = search_filter()
    kind = django_filters.ModelChoiceFilter(
        label=_("Kind of output"),
        field_name="kind",
        to_field_name="slug",
        queryset=OutputKind.objects.all(),
        empty_label=_("All kinds"),
        error_messages={"invalid_choice": _("“%(value)s” is not a kind of output.")},
    )
    group = group_filter("pilot_action__group")
    family = family_filter("themes__hazard_family")
    theme = theme_filter("themes")
    border = border_filter("pilot_action__borders")
    country = country_filter("pilot_action__countries")
    language = django_filters.ModelChoiceFilter(
        label=_("Language"),
        field_name="languages",
        to_field_name="code",
        queryset=languages_in_use,
        empty_label=_("All languages"),
        error_messages={"invalid_choice": _("“%(value)s” is not the code of a language of a published output.")},
        distinct=True,
    )
    sort = StableOrderingFilter(
        label=_("Sort by"),
        fields=(("date", "date"), ("title", "title")),
        choices=[
            ("date", _("Oldest first")),
            ("title", _("Title (A–Z)")),
            ("-title", _("Title (Z–A)")),
        ],
        empty_label=_("Newest first"),
    )

    facets = FACETS
    facet_cache_prefix = "output-facets"

    class Meta:
        model = Output
        fields = ["q", "kind", "group", "family", "theme", "border", "country", "language"]
        form = PilotActionFilterForm  # unknown parameters ignored, one order at a time, as the list's

    def search(self, queryset, name, value):
        return queryset.matching(search_words(value))
