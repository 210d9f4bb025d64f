from functools import lru_cache
from pathlib import Path

import django_countries
from babel import UnknownLocaleError
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django_countries import countries as country_names

from borders import geometry
from core.content_language import LanguageText, displayed_language, page_language, same_language
from core.languages import cldr_locale
from core.models import TimeStampedModel
from core.pagecache import PublicContentQuerySet

# Public bodies of the EU-27 and EFTA states may apply (programme-facts.md, call rules).
ELIGIBLE_COUNTRY_CODES = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "HR",
        "CY",
        "CZ",
        "DK",
        "EE",
        "FI",
        "FR",
        "DE",
        "GR",
        "HU",
        "IE",
        "IT",
        "LV",
        "LT",
        "LU",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SK",
        "SI",
        "ES",
        "SE",
        "IS",
        "LI",
        "NO",
        "CH",
    ]
)


class CountryQuerySet(PublicContentQuerySet):
    def eligible(self):
        return self.filter(is_eligible=True)

    def without_shapes(self):
        """Lists never need the shapes, which weigh up to 140 kB each."""
        return self.defer("shape", "simplified_shapes")


class Country(TimeStampedModel):
    iso_code = models.CharField(
        _("ISO 3166-1 code"),
        max_length=2,
        unique=True,
        help_text=_("Two capital letters, ISO 3166-1 alpha-2 (Greece is GR, not EL)."),
    )
    name = models.CharField(_("name"), max_length=100)
    shape = models.JSONField(_("shape"), null=True, blank=True, help_text=_("GeoJSON (multi)polygon."))
    simplified_shapes = models.JSONField(
        _("simplified shapes"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The shape simplified for the map’s low zooms, by level of detail; computed when it is saved."),
    )
    bbox = models.JSONField(_("bounding box"), null=True, blank=True, editable=False)
    label_latitude = models.FloatField(_("label latitude"), null=True, blank=True, editable=False)
    label_longitude = models.FloatField(_("label longitude"), null=True, blank=True, editable=False)
    is_eligible = models.BooleanField(
        _("eligible"), default=False, help_text=_("EU-27 or EFTA: its border regions may apply.")
    )

    objects = CountryQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self):
        return f"{self.display_name} ({self.iso_code})"

    @property
    def display_name(self):
        """The name in the active language (``localised_country_name``), else the stored one, which is English."""
        return localised_country_name(self.iso_code) or LanguageText(self.name, "en")

    def get_absolute_url(self):
        return reverse("borders:country-detail", kwargs={"iso_code": self.iso_code.lower()})

    def clean(self):
        self.iso_code = (self.iso_code or "").upper()
        if self.shape:
            geometry.polygonal(self.shape)

    def save(self, *args, **kwargs):
        self.iso_code = self.iso_code.upper()
        if self.shape:
            outline = geometry.polygonal(self.shape)
            self.shape = geometry.to_geojson(outline)  # however it came in: rounded, right-hand rule (RFC 7946)
            point = outline.representative_point()
            self.label_latitude, self.label_longitude = round(point.y, 5), round(point.x, 5)
            self.bbox = geometry.bounding_box(outline)
            self.simplified_shapes = geometry.simplified_shapes(outline)  # now, not when a map first asks
        else:
            self.simplified_shapes = None
        super().save(*args, **kwargs)


class BorderQuerySet(PublicContentQuerySet):
    def with_lines(self):
        """Undo a deferral of the lines (as ``projects.models.borders_in_programme`` defers them) where a map draws
        them."""
        return self.defer(None)

    def with_countries(self):
        return self.prefetch_related(models.Prefetch("countries", queryset=Country.objects.without_shapes()))

    def between(self, iso_codes):
        """The border whose countries include all of ``iso_codes``."""
        queryset = self
        for code in iso_codes:
            queryset = queryset.filter(countries__iso_code=code.upper())
        return queryset.distinct()


BORDER_NAME_SEPARATOR = " – "


@lru_cache(maxsize=1)
def _languages_django_countries_translates():
    locale = Path(django_countries.__file__).resolve().parent / "locale"
    return frozenset(path.name.split("_")[0].lower() for path in locale.iterdir() if (path / "LC_MESSAGES").is_dir())


def localised_country_name(iso_code):
    """A country's name in the active language: django-countries' where it translates the language, else the CLDR's
    through Babel (django-countries has no Irish or Maltese; the CLDR gives "An Bhulgáir", "Il-Bulgarija"), first
    letter capitalised as a name in a list; None where neither knows the code."""
    language = page_language()
    base = language.split("-")[0].lower()
    if iso_code in country_names and (base == "en" or base in _languages_django_countries_translates()):
        return LanguageText(str(country_names.name(iso_code)), language)
    try:
        name = cldr_locale(language).territories.get(iso_code)
    except (ValueError, UnknownLocaleError):
        name = None
    return LanguageText(capfirst(name), language) if name else None


def joined_country_names(names):
    """A border's name from its countries' names: in alphabetical order, joined by an en dash ("France – Germany")."""
    return BORDER_NAME_SEPARATOR.join(sorted(str(name) for name in names))


@lru_cache(maxsize=1024)
def countries_named(border_name):
    """The ISO codes of the countries an English border name joins ("Bulgaria – Greece": BG, GR), or None where it is
    not such a join."""
    parts = border_name.split(BORDER_NAME_SEPARATOR)
    codes = tuple(country_names.by_name(part.strip()) for part in parts)
    return codes if len(codes) >= 2 and all(codes) else None


class Border(TimeStampedModel):
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    name = models.CharField(_("name"), max_length=200, help_text=_("For example “France – Germany”."))
    countries = models.ManyToManyField(Country, related_name="borders", verbose_name=_("countries"))
    line = models.JSONField(
        _("line"),
        null=True,
        blank=True,
        help_text=_("GeoJSON (multi)line. Left empty, it is derived from the countries’ shared edge."),
    )
    label_latitude = models.FloatField(_("label latitude"), null=True, blank=True)
    label_longitude = models.FloatField(_("label longitude"), null=True, blank=True)
    length_degrees = models.FloatField(_("length in degrees"), null=True, blank=True, editable=False)
    description = models.TextField(_("description"), blank=True)

    objects = BorderQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("border")
        verbose_name_plural = _("borders")

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        """The name in the active language: its column where the language has one (a content language), else its
        countries' names in that language, joined as the loader joins them, where the English name is such a join
        (staff may have named it otherwise); else the English name. Read from the row alone: no query."""
        language = page_language()
        shown = displayed_language(self, "name")
        if shown is not None and same_language(shown, language):
            return LanguageText(self.name, shown)
        codes = countries_named(self.__dict__.get("name_en") or "")
        names = [localised_country_name(code) for code in codes] if codes else []
        if names and all(names):
            return LanguageText(joined_country_names(names), language)
        return LanguageText(self.name, shown)

    def get_absolute_url(self):
        return reverse("borders:border-detail", kwargs={"slug": self.slug})

    def clean(self):
        if self.line:
            line = geometry.to_shape(self.line)
            if line.geom_type not in ("LineString", "MultiLineString"):
                raise ValidationError({"line": _("A border line must be a LineString or MultiLineString.")})

    def derive_line(self):
        """Set the line and label point from the countries' shared edge; True if one was found."""
        shapes = [geometry.polygonal(country.shape) for country in self.countries.all() if country.shape]
        line = geometry.shared_edge(shapes) if len(shapes) >= 2 else None
        if line is None:
            return False
        self.line = geometry.to_geojson(line)
        self.label_latitude, self.label_longitude = geometry.label_point(line)
        self.length_degrees = round(line.length, 4)
        return True

    def save(self, *args, **kwargs):
        if "line" not in self.get_deferred_fields() and self.line:
            line = geometry.to_shape(self.line)
            self.line = geometry.to_geojson(line)  # however it came in: rounded as every served coordinate
            if self.label_latitude is None:
                self.label_latitude, self.label_longitude = geometry.label_point(line)
                self.length_degrees = round(line.length, 4)
        super().save(*args, **kwargs)
