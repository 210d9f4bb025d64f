"""The one FilterSet behind the pilot-action list, the map's GeoJSON and the exports."""

import hashlib

import django_filters
from django import forms
from django.core.validators import EMPTY_VALUES
from django.db.models import Count, Q
from django.utils.choices import BaseChoiceIterator
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from borders.models import Border, Country
from core.languages import collation_key
from core.pagecache import cached_for_content
from projects.fragments import rendering_shortcuts
from projects.geojson import programme_border_ids, programme_country_ids
from projects.models import Organisation, PilotAction, ProgressReport, ThematicGroup, Theme
from projects.widgets import render_widgets_directly

# Each word of a search adds a condition on every row (two subqueries among them): eight is enough to narrow
# 19 pilot actions or 10,000 down, and bounds what one request can ask of the database.
MAX_SEARCH_WORDS = 8

FACETS = {
    # filter name: (the pilot action's relation, the related field the URL carries)
    "group": ("group", "slug"),
    "family": ("themes", "hazard_family"),
    "theme": ("themes", "slug"),
    "border": ("borders", "slug"),
    "country": ("countries", "iso_code"),
}


class CountryCodeField(forms.ModelChoiceField):
    """Country codes read and written in lower case in URLs (?country=fr), stored in upper case."""

    def to_python(self, value):
        return super().to_python(value.upper() if isinstance(value, str) else value)

    def prepare_value(self, value):
        prepared = super().prepare_value(value)
        return prepared.lower() if isinstance(prepared, str) else prepared


class CountryFilter(django_filters.ModelChoiceFilter):
    field_class = CountryCodeField


def group_filter(field_name):
    return django_filters.ModelChoiceFilter(
        label=_("Thematic group"),
        field_name=field_name,
        to_field_name="slug",
        queryset=ThematicGroup.objects.all(),
        empty_label=_("All groups"),
        error_messages={"invalid_choice": _("“%(value)s” is not a thematic group.")},
    )


def theme_filter(field_name):
    return django_filters.ModelChoiceFilter(
        label=_("Theme"),
        field_name=field_name,
        to_field_name="slug",
        queryset=Theme.objects.all(),
        empty_label=_("All themes"),
        error_messages={"invalid_choice": _("“%(value)s” is not a theme.")},
        distinct=True,
    )


class FamilyFilter(django_filters.ChoiceFilter):
    """What has any theme in the family, matched in a subquery: a join would give a row per theme of the family
    (floods and drought are both meteorological) for every count and cluster to fold again."""

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        return qs.filter(pk__in=qs.model._default_manager.filter(**{self.field_name: value}).values("pk"))


def family_filter(field_name):
    """The call's five families of crisis, a level above the themes."""
    return FamilyFilter(
        label=_("Family of crisis"),
        field_name=field_name,
        choices=Theme.HazardFamily.choices,
        empty_label=_("All families"),
        error_messages={"invalid_choice": _("“%(value)s” is not a family of crisis.")},
    )


def border_filter(field_name):
    return django_filters.ModelChoiceFilter(
        label=_("Border"),
        field_name=field_name,
        to_field_name="slug",
        queryset=lambda request: Border.objects.filter(pk__in=programme_border_ids()).defer("line"),
        empty_label=_("All borders"),
        error_messages={"invalid_choice": _("“%(value)s” is not a border with documented pilot actions.")},
        distinct=True,
    )


def country_filter(field_name):
    return CountryFilter(
        label=_("Country"),
        field_name=field_name,
        to_field_name="iso_code",
        queryset=lambda request: Country.objects.filter(pk__in=programme_country_ids()).without_shapes(),
        empty_label=_("All countries"),
        error_messages={"invalid_choice": _("“%(value)s” is not the code of a country with documented pilot actions.")},
        distinct=True,
    )


def search_filter():
    """Free text, run by the FilterSet's ``search`` method; bounded in length and in words."""
    return django_filters.CharFilter(
        label=_("Search"),
        method="search",
        max_length=200,
        validators=[validate_search_words],
        widget=forms.TextInput(attrs={"type": "search"}),
    )


def search_words(text):
    """The words of a search, each once: a repeated word would only repeat its condition."""
    return list(dict.fromkeys(text.split()))


def validate_search_words(text):
    if len(search_words(text)) > MAX_SEARCH_WORDS:
        raise forms.ValidationError(
            _("Search for at most %(limit)s words."), params={"limit": MAX_SEARCH_WORDS}, code="too_many_words"
        )


class PilotActionFilterForm(forms.Form):
    """The filters of the pilot actions' list, its map, feeds and downloads, and of the outputs library.

    A parameter none of the fields names (a tracking tag such as ``utm_source`` or ``fbclid``, the page number, the
    map's viewport, a scanner's junk) is no filter: ignored alike by every page, API and download, as Django's
    forms ignore it, never refused. Only a known filter's bad value is an error, which pages show beside the other
    filters and the API and downloads answer with a 400."""

    def clean_sort(self):
        """One order at a time: the list offers no more, and "title,title,…" would make endless distinct pages."""
        order = self.cleaned_data.get("sort")
        if order and len(order) > 1:
            raise forms.ValidationError(_("Choose one order."), code="several_orders")
        return order


class CachedChoices(BaseChoiceIterator):
    """The choices of ``filterset``'s select ``name``, read from those its form keeps (``model_choices``)."""

    def __init__(self, filterset, name):
        self.filterset, self.name = filterset, name

    def __iter__(self):
        yield from self.filterset.model_choices[self.name]


# The facets whose choices are names the active language decides (a border's countries, a country): the others
# (groups, themes, families) keep the programme's order.
SORTED_BY_LABEL = {"border", "country"}


def choices_as_text(choices):
    """[(value, label)] as the select prints them, for the cache: no model rows, no lazy translations."""
    return [(str(value), str(label)) for value, label in choices]


class PublicFilterSet(django_filters.FilterSet):
    """A public page's filters, with the rendering shortcuts (``projects.fragments.rendering_shortcuts``): widgets
    rendered without Django's template per option, and the choices of model rows from the cache (read when a
    select is rendered: the facets' labelled choices replace them first on the pages with counts)."""

    @property
    def form(self):
        if not hasattr(self, "_form"):
            form = super().form
            if rendering_shortcuts():
                render_widgets_directly(form)
                for name in self.model_choice_fields():
                    form.fields[name].widget.choices = CachedChoices(self, name)
        return self._form

    def model_choice_fields(self):
        return [name for name, field in self.form.fields.items() if isinstance(field, forms.ModelChoiceField)]

    @cached_property
    def model_choices(self):
        """{field: [(value, label)]} of the form's selects of model rows, as Django would list them (a query each):
        once per content version and language, in one cache read for them all."""
        return cached_for_content(
            f"choices:{type(self).__name__}:{get_language()}",
            lambda: {name: choices_as_text(self.form.fields[name].choices) for name in self.model_choice_fields()},
        )

    def is_ordering(self, name):
        return isinstance(self.filters[name], django_filters.OrderingFilter)

    def choice_digest(self):
        """The filters chosen (the order aside) as a short key, for what is cached per set of results. A filter
        left empty is no choice: the opening view, unbound in a view (no query string) and bound to ``{}`` in the
        task that counts it ahead, has one key."""
        self.is_valid()
        chosen = getattr(self.form, "cleaned_data", {})
        filters_key = "&".join(
            f"{name}={getattr(value, 'pk', value)}"
            for name, value in sorted(chosen.items())
            if not self.is_ordering(name) and value not in (None, "", [], ())
        )
        return hashlib.sha256(filters_key.encode()).hexdigest()[:24]

    def result_count(self):
        """How many results these filters give: counted once per set of filters and content version."""
        return cached_for_content(f"count:{type(self).__name__}:{self.choice_digest()}", self.qs.count)


class FacetCountsMixin:
    """Counts for a FilterSet's facets: how many results each choice of a select would give, the other filters
    kept, shown in the select as "Floods (3)".

    ``facets`` maps a filter's name to (the relation from the FilterSet's model, the related field the URL
    carries). Counts are cached per set of filters under ``facet_cache_prefix``, for as long as the data they
    count stay the same (``cached_facets``).
    """

    facets = {}
    facet_cache_prefix = "facets"

    def cached_facets(self, key, compute):
        """Once per version of the public content (core.pagecache), which any public change moves on."""
        return cached_for_content(key, compute)

    def queryset_without(self, excluded):
        """The results as filtered by every facet but ``excluded``, for that facet's counts."""
        queryset = self.queryset.all()
        # An unbound form (no query string) filters nothing and has no cleaned_data.
        for name, value in getattr(self.form, "cleaned_data", {}).items():
            if name != excluded and not self.is_ordering(name):
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def facet_counts(self):
        """{facet: {value: count}}: how many results each choice would give with the other filters kept.

        A grouped count per facet over every public row: computed once per set of filters and data version.
        """
        return self.cached_facets(f"{self.facet_cache_prefix}:{self.choice_digest()}", self.count_facets)

    def count_facets(self):
        counts = {}
        relations = [relation for relation, _key in self.facets.values()]
        for name, (relation, key) in self.facets.items():
            results = self.queryset_without(name)
            if relations.count(relation) > 1:
                # Two facets over one relation (the themes, and their families): counted over a join of their own,
                # since grouping by the join the other facet's filter made would count only the rows it matched.
                results = self.queryset.model._default_manager.filter(pk__in=results.values("pk"))
            rows = results.order_by().values(f"{relation}__{key}").annotate(total=Count("pk", distinct=True))
            counts[name] = {row[f"{relation}__{key}"]: row["total"] for row in rows}
        return counts

    def label_choices_with_counts(self):
        """Show each choice of the form's selects with its count, as "Floods (3)". The choices so labelled are kept
        per set of filters, language and content version: a page then needs neither the counts nor the rows."""
        if rendering_shortcuts():
            choices = cached_for_content(
                f"{self.facet_cache_prefix}-choices:{get_language()}:{self.choice_digest()}", self.labelled_choices
            )
        else:
            choices = self.labelled_choices()
        for name, labelled in choices.items():
            self.form.fields[name].widget.choices = labelled

    def labelled_choices(self):
        """{facet: [(value, label with its count)]}, as the selects print them; borders and countries in the
        alphabetical order of their names in the active language (the database sorts by the English ones)."""
        self.label_choices(self.facet_counts())
        choices = {name: choices_as_text(self.form.fields[name].choices) for name in self.facets}
        for name in SORTED_BY_LABEL & choices.keys():
            empty = [choice for choice in choices[name] if choice[0] == ""]
            named = [choice for choice in choices[name] if choice[0] != ""]
            choices[name] = empty + sorted(named, key=lambda choice: collation_key(choice[1]))
        return choices

    def label_choices(self, counts):
        for name, (_relation, key) in self.facets.items():
            field = self.form.fields[name]
            facet = counts[name]
            if isinstance(field, forms.ModelChoiceField):
                field.label_from_instance = lambda obj, facet=facet, key=key: (
                    f"{getattr(obj, 'display_name', obj)} ({facet.get(getattr(obj, key), 0)})"
                )
            else:  # fixed choices (the families of crisis), keyed by their value; the field adds its empty label
                field.choices = [
                    (value, f"{label} ({facet.get(value, 0)})") for value, label in field.choices if value != ""
                ]


class PilotActionFilter(FacetCountsMixin, PublicFilterSet):
    q = search_filter()
    group = group_filter("group")
    family = family_filter("themes__hazard_family")
    theme = theme_filter("themes")
    border = border_filter("borders")
    country = country_filter("countries")
    sort = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=(("title", "title"), ("code", "code"), ("created_at", "added")),
        field_labels={"title": _("Title"), "code": _("Programme code"), "created_at": _("Date added")},
        empty_label=_("Title (A–Z)"),
    )

    facets = FACETS

    class Meta:
        model = PilotAction
        fields = ["q", "group", "family", "theme", "border", "country"]
        form = PilotActionFilterForm

    def search(self, queryset, name, value):
        """Every word must be in the title, acronym, summary, an organisation's or a border's name, or be the
        programme code. Organisations and borders are matched in a subquery per word, not joined: a join per
        word multiplies the rows by each relation's size once per word (a 41-byte query took minutes), and
        needs a DISTINCT after. Each subquery is run once per statement, so the cost grows with the words.

        The pilot action's and the border's managers are modeltranslation's: ``summary`` and ``name`` are read
        in the active language, as they were when joined."""
        for word in search_words(value):
            queryset = queryset.filter(
                Q(title__icontains=word)
                | Q(acronym__icontains=word)
                | Q(code__iexact=word)
                | Q(summary__icontains=word)
                | Q(pk__in=Organisation.objects.filter(name__icontains=word).values("pilot_actions"))
                | Q(pk__in=Border.objects.filter(name__icontains=word).values("pilot_actions"))
            )
        return queryset


class ProgressReportFilter(PublicFilterSet):
    """The published progress reports, by their pilot action's group, border and theme."""

    group = group_filter("pilot_action__group")
    border = border_filter("pilot_action__borders")
    theme = theme_filter("pilot_action__themes")

    class Meta:
        model = ProgressReport
        fields = ["group", "border", "theme"]
