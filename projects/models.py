from datetime import timedelta
from decimal import Decimal
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Cast, Floor, Round
from django.db.models.lookups import IsNull
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from borders.models import Border, Country
from core.content_language import catalogue_name
from core.models import TimeStampedModel
from core.pagecache import PublicContentQuerySet
from core.text import REPORT_BODY, render_markdown
from projects import vocabulary
from projects.uploads import (
    RandomName,
    document_type,
    photo_extension,
    private_storage,
    validate_document,
    validate_photo,
)


class Organisation(TimeStampedModel):
    name = models.CharField(_("name"), max_length=300, unique=True)
    acronym = models.CharField(_("acronym"), max_length=50, blank=True)
    city = models.CharField(_("city"), max_length=150, blank=True)
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("country"),
    )
    website = models.URLField(_("website"), blank=True)

    objects = PublicContentQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        if self.acronym and self.acronym not in self.name:
            return f"{self.name} ({self.acronym})"
        return self.name


class ThematicGroup(TimeStampedModel):
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    code_prefix = models.CharField(
        _("code prefix"), max_length=5, blank=True, help_text=_("Pilot actions of the group are numbered CM1, SP8…")
    )
    coordinating_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="coordinated_groups",
        verbose_name=_("coordinating organisation"),
    )
    description = models.TextField(_("description"), blank=True)
    colour = models.CharField(
        _("colour"), max_length=7, default="#1f5fa8", help_text=_("Marker colour on maps, as #rrggbb.")
    )
    reference_title = models.CharField(_("reference publication"), max_length=300, blank=True)
    reference_authors = models.CharField(_("reference authors"), max_length=300, blank=True)
    reference_year = models.PositiveSmallIntegerField(_("reference year"), null=True, blank=True)
    reference_url = models.URLField(_("reference link"), max_length=500, blank=True)
    staff_contacts = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="followed_groups",
        verbose_name=_("staff to notify"),
        help_text=_("Programme staff who get an email whenever a pilot action of this group publishes a report."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = PublicContentQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("thematic group")
        verbose_name_plural = _("thematic groups")

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        """The name in the active language, from its column or the catalogues (``projects.vocabulary``)."""
        return catalogue_name(self, vocabulary.GROUP_CONTEXT)

    def get_absolute_url(self):
        return reverse("projects:group-detail", kwargs={"slug": self.slug})


class Theme(TimeStampedModel):
    class HazardFamily(models.TextChoices):
        # The crisis taxonomy of the call (resilientborders.eu FAQ).
        METEOROLOGICAL = "meteorological", _("Meteorological and hydrological")
        GEOHAZARD = "geohazard", _("Geohazards")
        BIOLOGICAL = "biological", _("Biological")
        TECHNOLOGICAL = "technological", _("Technological")
        SOCIETAL = "societal", _("Societal")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    hazard_family = models.CharField(
        _("hazard family"),
        max_length=20,
        choices=HazardFamily.choices,
        blank=True,
        help_text=_("Only for crisis themes; planning themes such as housing have none."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = PublicContentQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        """The name in the active language, from its column or the catalogues (``projects.vocabulary``)."""
        return catalogue_name(self, vocabulary.THEME_CONTEXT)


def public_pilot_actions_q(prefix=""):
    """What the public may see: selected, and confirmed by a public source.

    ``prefix`` reaches pilot actions through a relation, as in ``pilot_actions__``.
    """
    return Q(**{f"{prefix}status": "selected", f"{prefix}record_confidence": "confirmed"})


def _public_pilot_action_count():
    return models.Count("pilot_actions", filter=public_pilot_actions_q("pilot_actions__"), distinct=True)


# "In the programme" is a pilot-action idea: the geography app (borders) knows borders and countries, not which of
# them have public pilot actions, so these queries live here and reach pilot actions by the reverse relation's name.
def borders_in_programme(borders=None):
    """The borders of ``borders`` (all by default) with at least one public pilot action, annotated with how many
    as ``pilot_action_count``; their lines deferred (``.with_lines()`` undoes it where a map draws them)."""
    borders = Border.objects.all() if borders is None else borders
    return (
        borders.defer("line").annotate(pilot_action_count=_public_pilot_action_count()).filter(pilot_action_count__gt=0)
    )


def countries_in_programme(countries=None):
    """The countries of ``countries`` (all by default) with at least one public pilot action, annotated with how
    many as ``pilot_action_count``; without their shapes."""
    countries = Country.objects.all() if countries is None else countries
    return (
        countries.without_shapes()
        .annotate(pilot_action_count=_public_pilot_action_count())
        .filter(pilot_action_count__gt=0)
    )


# A pilot action's own place, as its columns hold it.
OWN_LATITUDE, OWN_LONGITUDE = models.F("latitude"), models.F("longitude")
# Rows placed by one statement at most: the parameters of an ``id IN (...)`` stay within every database's limit.
PLACEMENT_BATCH = 2000


def stored_place_field():
    """A pilot action's own latitude or longitude as its column stores it (rounded to 5 decimals)."""
    return models.DecimalField(max_digits=8, decimal_places=5)


class PilotActionQuerySet(PublicContentQuerySet):
    def public(self):
        return self.filter(public_pilot_actions_q())

    def with_relations(self):
        """Everything a list or a card prints, in a fixed number of queries."""
        return self.select_related("group", "group__coordinating_organisation").prefetch_related(
            "themes",
            models.Prefetch("borders", queryset=Border.objects.defer("line")),
            models.Prefetch("countries", queryset=Country.objects.without_shapes()),
            models.Prefetch(
                "partnerships",
                queryset=Partnership.objects.filter(role=Partnership.Role.LEAD).select_related("organisation"),
                to_attr="lead_partnerships",
            ),
        )

    def for_detail(self):
        """A pilot action's page: with its partners, sources, published reports and border lines (its webinars are
        the webinars app's section, ``pilot_action_webinars``)."""
        return self.select_related("group", "group__coordinating_organisation").prefetch_related(
            "themes",
            "borders",
            models.Prefetch("countries", queryset=Country.objects.without_shapes()),
            models.Prefetch(
                "partnerships",
                queryset=Partnership.objects.select_related("organisation", "organisation__country").defer(
                    "organisation__country__shape"
                ),
            ),
            "sources",
            models.Prefetch(
                "progress_reports",
                queryset=ProgressReport.objects.filter(status=ProgressReport.Status.PUBLISHED)
                .select_related("author")
                .with_attachments()
                .newest_first(),
                to_attr="published_reports",
            ),
        )

    def located(self):
        """Those with a place of their own (latitude and longitude from a source or from staff)."""
        return self.filter(latitude__isnull=False, longitude__isnull=False)

    def unlocated(self):
        """Those without a place of their own: maps draw them on their border's label point."""
        return self.filter(Q(latitude__isnull=True) | Q(longitude__isnull=True))

    def placement(self, latitude=OWN_LATITUDE, longitude=OWN_LONGITUDE):
        """Where a map draws each one, as values of ``map_latitude``, ``map_longitude`` and ``placed_on_border``
        for an UPDATE: its own place, or else the label point of its first border with one (derived from the
        border line), as no source names its town; nowhere (null) without either. ``pilot_action.map_point`` says
        the same of one row.

        ``latitude`` and ``longitude`` are its own place: its columns, or the values an UPDATE gives them (in SQL,
        a column on the right of SET holds its old value), read as the columns store them."""
        # Rounded as the column stores it (PostgreSQL's numeric(8, 5)) and as Django reads it (SQLite keeps more).
        latitude, longitude = (Round(Cast(value, stored_place_field()), 5) for value in (latitude, longitude))
        own_place = Q(IsNull(latitude, False)) & Q(IsNull(longitude, False))
        border = Border.objects.filter(
            pilot_actions=models.OuterRef("pk"), label_latitude__isnull=False, label_longitude__isnull=False
        ).order_by("pk")

        def own_or_border(own, label):
            return models.Case(
                models.When(own_place, then=Cast(own, models.FloatField())),
                default=models.Subquery(border.values(label)[:1]),
                output_field=models.FloatField(),
            )

        return {
            "map_latitude": own_or_border(latitude, "label_latitude"),
            "map_longitude": own_or_border(longitude, "label_longitude"),
            "placed_on_border": models.Case(
                models.When(own_place, then=models.Value(False)),
                default=models.Exists(border),
                output_field=models.BooleanField(),
            ),
        }

    def place_on_map(self):
        """Store where maps draw these pilot actions (``placement``), in one UPDATE; how many it placed.

        A pilot action's save, changes of its borders and of a border's label point place the rows concerned
        (``PilotAction.save`` and ``projects.mapcells``), as do ``update`` of a place, ``bulk_create`` and
        ``bulk_update``; call it after changes that send no signal, such as ``bulk_create`` of links to borders
        or ``update`` of borders' label points. Like any ``update``, it moves the public content version on: after
        the placement, so that what is derived from it (``projects.mapcells``) is derived again."""
        return self.update(**self.placement())

    place_on_map.alters_data = True

    def place_by_id(self, ids):
        """``place_on_map`` the pilot actions of ``ids``, in statements of a bounded number of parameters."""
        ids = [pk for pk in ids if pk is not None]
        for start in range(0, len(ids), PLACEMENT_BATCH):
            PilotAction.objects.filter(pk__in=ids[start : start + PLACEMENT_BATCH]).place_on_map()

    place_by_id.alters_data = True

    def update(self, **kwargs):
        """A new place moves the map's point in the same UPDATE."""
        placed = {"map_latitude", "map_longitude", "placed_on_border"} & kwargs.keys()
        if {"latitude", "longitude"} & kwargs.keys() and not placed:
            own = {name: kwargs[name] for name in ("latitude", "longitude") if name in kwargs}
            kwargs.update(self.placement(**own))
        return super().update(**kwargs)

    update.alters_data = True

    def bulk_create(self, objs, *args, **kwargs):
        """Stored rows are placed on their own place (a new row has no border yet); rows a conflict left out
        (``ignore_conflicts``, which gives no ids) are not."""
        created = super().bulk_create(objs, *args, **kwargs)
        self.place_by_id(pilot_action.pk for pilot_action in created)
        return created

    bulk_create.alters_data = True

    def bulk_update(self, objs, fields, *args, **kwargs):
        changed = super().bulk_update(objs, fields, *args, **kwargs)
        if {"latitude", "longitude"} & set(fields):
            self.place_by_id(pilot_action.pk for pilot_action in objs)
        return changed

    bulk_update.alters_data = True

    def on_map(self):
        """Those a map can draw: with a place of their own, or on a border with a label point."""
        return self.filter(map_latitude__isnull=False, map_longitude__isnull=False)

    def free_slug(self, text):
        """A slug for ``text`` that no pilot action has yet: cut at a word under 80 characters, numbered if taken."""
        base = slugify(text) or "pilot-action"
        if len(base) > 80:
            base = base[:80].rsplit("-", 1)[0]
        slug, suffix = base, 2
        while PilotAction.objects.filter(slug=slug).exists():
            slug, suffix = f"{base}-{suffix}", suffix + 1
        return slug

    def owing_report(self, deadline):
        """The selected pilot actions that owe ``deadline``'s report: its group's, or all where it has none."""
        owing = self.filter(status=PilotAction.Status.SELECTED)
        return owing.filter(group_id=deadline.group_id) if deadline.group_id else owing

    def with_published_report_count(self):
        """Each one's number of published progress reports, as ``published_report_count``."""
        published = Q(progress_reports__status=ProgressReport.Status.PUBLISHED)
        return self.annotate(published_report_count=models.Count("progress_reports", filter=published, distinct=True))

    def for_open_data(self):
        """Everything a row of the open data reads (``projects.opendata.COLUMNS``), in a fixed number of queries
        whatever the number of pilot actions: partners lead first."""
        return (
            self.select_related("group")
            .prefetch_related(
                "themes",
                "borders",
                "countries",
                "sources",
                models.Prefetch(
                    "partnerships",
                    queryset=Partnership.objects.select_related("organisation").order_by("-role", "order", "id"),
                ),
            )
            .with_published_report_count()
        )

    def with_every_report(self):
        """Each one's reports in every state, the one changed last first, as ``all_reports``."""
        return self.prefetch_related(
            models.Prefetch(
                "progress_reports", queryset=ProgressReport.objects.latest_changed_first(), to_attr="all_reports"
            )
        )

    def coordinated_by(self, user):
        """The pilot actions a user may report on: their own; a superuser may act on any."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(coordinators=user)

    def for_map(self):
        """Located pilot actions with what a marker and its popup print."""
        return (
            self.on_map()
            .select_related("group")
            .only(
                "title", "acronym", "code", "slug", "latitude", "longitude",
                "group__slug", "group__name", "group__name_en", "group__name_fr", "group__colour",
            )
            .prefetch_related("themes", models.Prefetch("borders", queryset=Border.objects.defer("line")))
        )  # fmt: skip

    def extent(self):
        """[west, south, east, north] around these pilot actions, or None where none is located."""
        return self.extent_and_count()[0]

    def extent_and_count(self):
        """The extent and how many are located, in one query on the stored map points."""
        box = self.aggregate(
            west=models.Min("map_longitude"),
            south=models.Min("map_latitude"),
            east=models.Max("map_longitude"),
            north=models.Max("map_latitude"),
            located=models.Count("pk", filter=Q(map_latitude__isnull=False, map_longitude__isnull=False)),
        )
        if box["west"] is None:
            return None, 0
        return [float(box[side]) for side in ("west", "south", "east", "north")], box["located"]

    def one_row_each(self):
        """Filters through partners or themes join rows: a subquery of ids counts each pilot action once."""
        if self.query.distinct:
            return PilotAction.objects.filter(pk__in=self.values("pk"))
        return self

    def in_bbox(self, west, south, east, north):
        """Drawn inside a viewport; one that crosses the antimeridian has its west edge east of its east edge.
        The stored map points are matched, which the index on them (after the public filter) serves."""
        if west <= east:
            longitude = Q(map_longitude__gte=west, map_longitude__lte=east)
        else:
            longitude = Q(map_longitude__gte=west) | Q(map_longitude__lte=east)
        return self.filter(longitude, map_latitude__gte=south, map_latitude__lte=north)

    def grid_cells(self, cell_degrees):
        """One row per occupied square of a ``cell_degrees`` grid: how many, where on average, and one of them
        (the smallest id). ``projects.mapcells`` stores the same per zoom level, and merges them in the same way."""
        latitude = models.F("map_latitude")
        longitude = models.F("map_longitude")
        cell = models.Value(float(cell_degrees), output_field=models.FloatField())
        return (
            self.on_map()
            .order_by()
            .annotate(cell_x=Floor(longitude / cell), cell_y=Floor(latitude / cell))
            .values("cell_x", "cell_y")
            .annotate(
                count=models.Count("pk"),
                mean_latitude=models.Avg(latitude),
                mean_longitude=models.Avg(longitude),
                any_id=models.Min("pk"),
            )
        )


class PilotAction(TimeStampedModel):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        SHORTLISTED = "shortlisted", _("Shortlisted")
        SELECTED = "selected", _("Selected")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    # A selected pilot action can still withdraw, as one did before the start.
    TRANSITIONS = {
        Status.SUBMITTED: {Status.SHORTLISTED, Status.REJECTED, Status.WITHDRAWN},
        Status.SHORTLISTED: {Status.SELECTED, Status.REJECTED, Status.WITHDRAWN},
        Status.SELECTED: {Status.WITHDRAWN},
        Status.REJECTED: set(),
        Status.WITHDRAWN: set(),
    }

    class Confidence(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed by a public source")
        PROBABLE = "probable", _("Probable: its link to the programme is an inference")
        PARTIAL = "partial", _("Partial: needs checking before publication")

    code = models.CharField(
        _("code"), max_length=10, blank=True, help_text=_("The programme’s number, such as CM1 or SP8, where known.")
    )
    title = models.CharField(_("title"), max_length=300)
    acronym = models.CharField(_("acronym"), max_length=50, blank=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    group = models.ForeignKey(
        ThematicGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pilot_actions",
        verbose_name=_("thematic group"),
    )
    themes = models.ManyToManyField(Theme, blank=True, related_name="pilot_actions", verbose_name=_("themes"))
    borders = models.ManyToManyField(Border, blank=True, related_name="pilot_actions", verbose_name=_("borders"))
    countries = models.ManyToManyField(Country, blank=True, related_name="pilot_actions", verbose_name=_("countries"))
    organisations = models.ManyToManyField(
        Organisation,
        through="Partnership",
        related_name="pilot_actions",
        verbose_name=_("organisations"),
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("-90")), MaxValueValidator(Decimal("90"))],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("-180")), MaxValueValidator(Decimal("180"))],
    )
    # Where maps draw it, derived (``PilotActionQuerySet.placement``), stored so that a map's box, grid and extent
    # read indexed columns, not a subquery per row: its own place, or else its first border's label point.
    map_latitude = models.FloatField(_("latitude on the map"), null=True, blank=True, editable=False)
    map_longitude = models.FloatField(_("longitude on the map"), null=True, blank=True, editable=False)
    placed_on_border = models.BooleanField(_("placed on its border"), default=False, editable=False)
    location_is_approximate = models.BooleanField(_("location is approximate"), default=False)
    location_note = models.CharField(_("location note"), max_length=300, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    description = models.TextField(_("description"), blank=True)
    objectives = models.TextField(_("objectives"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.SUBMITTED, db_index=True
    )
    record_confidence = models.CharField(
        _("record confidence"),
        max_length=10,
        choices=Confidence.choices,
        default=Confidence.CONFIRMED,
        help_text=_("Probable and partial records stay out of public view until staff confirm them."),
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    website = models.URLField(_("website"), max_length=500, blank=True)
    eu_contribution = models.DecimalField(
        _("EU contribution (EUR)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="coordinated_pilot_actions",
        verbose_name=_("coordinators"),
    )
    internal_notes = models.TextField(
        _("internal notes"), blank=True, help_text=_("For staff only: provenance, doubts, what to check.")
    )
    call = models.ForeignKey(
        "selection.Call",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("call"),
        help_text=_("The call this pilot action applied to; empty for those documented from public sources."),
    )

    objects = PilotActionQuerySet.as_manager()
    # The map's placement is derived from the place and the borders, whose history is kept.
    history = HistoricalRecords(excluded_fields=["map_latitude", "map_longitude", "placed_on_border"])

    class Meta:
        ordering = ["title"]
        verbose_name = _("pilot action")
        verbose_name_plural = _("pilot actions")
        constraints = [
            models.UniqueConstraint(fields=["code"], condition=~Q(code=""), name="pilot_action_code_unique"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="pilot_action_dates_in_order",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "record_confidence", "title"], name="pilot_action_public_title"),
            # A map's box, grid and extent of the public pilot actions, in the index alone (group and id included,
            # for the group filter and the clusters' count and representative).
            models.Index(
                fields=["status", "record_confidence", "map_longitude", "map_latitude", "group", "id"],
                name="pilot_action_public_map_point",
            ),
        ]

    def __str__(self):
        label = self.acronym or self.title
        return f"{self.code} {label}" if self.code else label

    def get_absolute_url(self):
        return reverse("projects:pilot-action-detail", kwargs={"slug": self.slug})

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        update_fields = kwargs.get("update_fields")
        if update_fields is None or {"latitude", "longitude"} & set(update_fields):
            # In SQL, from the place as stored (rounded) and the borders, as every other change places rows; an
            # UPDATE, which moves the public content version on once more after it (in a transaction, once).
            type(self)._default_manager.filter(pk=self.pk).place_on_map()

    @property
    def lead_organisation(self):
        """The lead applicant; ``with_relations()`` or ``for_detail()`` spare the query."""
        leads = getattr(self, "lead_partnerships", None)
        if leads is None:
            leads = [partner for partner in self.partnerships.all() if partner.role == Partnership.Role.LEAD]
        return leads[0].organisation if leads else None

    @property
    def has_place(self):
        """A place of its own (latitude and longitude), as ``located()`` selects; else maps use its border's point."""
        return self.latitude is not None and self.longitude is not None

    @property
    def map_point(self):
        """(latitude, longitude, on_border) where a map draws it, as ``PilotActionQuerySet.placement`` places it
        (and stores in ``map_latitude``, ``map_longitude`` and ``placed_on_border``); None where it has neither a
        place nor a border. Reads the prefetched borders of ``for_map()`` or ``with_relations()``.
        """
        if self.has_place:
            return float(self.latitude), float(self.longitude), False
        labelled = [
            border
            for border in self.borders.all()
            if border.label_latitude is not None and border.label_longitude is not None
        ]
        if not labelled:
            return None
        border = min(labelled, key=lambda border: border.pk)
        return border.label_latitude, border.label_longitude, True

    @property
    def is_public(self):
        return self.status == self.Status.SELECTED and self.record_confidence == self.Confidence.CONFIRMED

    def can_move_to(self, new_status):
        return new_status == self.status or new_status in self.TRANSITIONS[self.status]

    def clean(self):
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end date cannot be before the start date.")
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude" if self.longitude is None else "latitude"] = _(
                "Give both latitude and longitude, or neither."
            )
        if self.pk:
            stored_status = type(self).objects.filter(pk=self.pk).values_list("status", flat=True).first()
            if stored_status and self.status != stored_status and self.status not in self.TRANSITIONS[stored_status]:
                errors["status"] = _("A pilot action cannot go from “%(old)s” to “%(new)s”.") % {
                    "old": self.Status(stored_status).label,
                    "new": self.Status(self.status).label,
                }
        if errors:
            raise ValidationError(errors)


class Partnership(TimeStampedModel):
    class Role(models.TextChoices):
        LEAD = "lead", _("Lead applicant")
        PARTNER = "partner", _("Partner")

    pilot_action = models.ForeignKey(
        PilotAction, on_delete=models.CASCADE, related_name="partnerships", verbose_name=_("pilot action")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="partnerships", verbose_name=_("organisation")
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.PARTNER)
    note = models.CharField(_("note"), max_length=300, blank=True, help_text=_("What the organisation does."))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = PublicContentQuerySet.as_manager()

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        constraints = [
            models.UniqueConstraint(fields=["pilot_action", "organisation"], name="partnership_once_per_pilot"),
            models.UniqueConstraint(
                fields=["pilot_action"], condition=Q(role="lead"), name="partnership_one_lead_per_pilot"
            ),
        ]

    def __str__(self):
        return f"{self.organisation} – {self.get_role_display()} ({self.pilot_action})"


class Source(TimeStampedModel):
    """A public document a pilot action's facts come from, cited on its page."""

    pilot_action = models.ForeignKey(
        PilotAction, on_delete=models.CASCADE, related_name="sources", verbose_name=_("pilot action")
    )
    url = models.URLField(_("address"), max_length=500)
    description = models.CharField(_("description"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = PublicContentQuerySet.as_manager()

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        constraints = [models.UniqueConstraint(fields=["pilot_action", "url"], name="source_once_per_pilot")]

    def __str__(self):
        return self.description or self.url


class ProgressReportQuerySet(PublicContentQuerySet):
    def published(self):
        """Published reports of public pilot actions; drafts never reach the public."""
        return self.filter(public_pilot_actions_q("pilot_action__"), status=ProgressReport.Status.PUBLISHED)

    def for_list(self):
        return self.select_related("pilot_action", "pilot_action__group")

    def newest_first(self):
        return self.order_by("-published_at", "-id")

    def latest_changed_first(self):
        """Drafts and published alike, the one changed last first: a coordinator's own list."""
        return self.order_by("-updated_at", "-id")

    def editable_by(self, user):
        """Reports, draft or published, of the pilot actions ``user`` coordinates."""
        return self.filter(pilot_action__in=PilotAction.objects.coordinated_by(user))

    def with_attachments(self):
        return self.prefetch_related("photos", "documents")


class ProgressReport(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    pilot_action = models.ForeignKey(
        PilotAction, on_delete=models.CASCADE, related_name="progress_reports", verbose_name=_("pilot action")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="progress_reports",
        verbose_name=_("author"),
    )
    title = models.CharField(_("title"), max_length=200)
    period_start = models.DateField(_("reporting period from"))
    period_end = models.DateField(_("reporting period to"))
    body = models.TextField(_("body"), help_text=_("Markdown."))
    body_html = models.TextField(_("body as HTML"), editable=False, default="")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    announced_at = models.DateTimeField(
        _("announced at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the publication emails were queued; a report is announced once, however often it is edited."),
    )

    objects = ProgressReportQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        indexes = [models.Index(fields=["status", "-published_at"], name="progress_report_published")]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="progress_report_period_in_order"
            )
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("The period cannot end before it starts.")})

    def save(self, *args, **kwargs):
        self.body_html = render_markdown(self.body, top_level=REPORT_BODY)
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        super().save(*args, **kwargs)

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    def get_absolute_url(self):
        return f"{self.pilot_action.get_absolute_url()}#report-{self.pk}"


THUMBNAIL_SIDE = 480
WEB_IMAGE_SIDE = 1600


class ReportAttachmentQuerySet(PublicContentQuerySet):
    """Photos and documents, and who may fetch their files (``projects.views.report_attachment``)."""

    def public(self):
        """Of published reports of public pilot actions: anyone may fetch their public files."""
        return self.filter(report__in=ProgressReport.objects.published())

    def managed_by(self, user):
        """Of the reports ``user`` may see whatever their state: the pilot action's coordinators (superusers: all)
        and staff who may view progress reports in admin (programme staff, not jurors)."""
        if user.is_active and user.is_staff and user.has_perm("projects.view_progressreport"):
            return self.all()
        return self.filter(report__in=ProgressReport.objects.editable_by(user))

    def holding(self, field_name, name):
        """The attachment whose ``field_name`` file is stored as ``name``, with whether it is public."""
        return self.filter(**{field_name: name}).annotate(
            row_is_public=models.Exists(ProgressReport.objects.published().filter(pk=models.OuterRef("report_id")))
        )


class ReportPhoto(TimeStampedModel):
    report = models.ForeignKey(
        ProgressReport, on_delete=models.CASCADE, related_name="photos", verbose_name=_("progress report")
    )
    # The original keeps the camera's metadata (GPS included): only those who manage the report ever get it.
    image = models.ImageField(
        _("photo"),
        upload_to=RandomName("reports/photos", detect=photo_extension),
        storage=private_storage,
        db_index=True,
        width_field="width",
        height_field="height",
        validators=[validate_photo],
        help_text=_("JPEG, PNG or WebP, up to 10 MB and 40 megapixels."),
    )
    width = models.PositiveIntegerField(_("width"), null=True, editable=False)
    height = models.PositiveIntegerField(_("height"), null=True, editable=False)
    caption = models.CharField(_("caption"), max_length=300)
    alt_text = models.CharField(
        _("text alternative"),
        max_length=300,
        help_text=_("What the photo shows, for people who cannot see it."),
    )
    # Random names of their own: nothing in a version's address leads to the original or the other version.
    thumbnail = models.ImageField(
        _("thumbnail"),
        upload_to=RandomName("reports/thumbnails"),
        storage=private_storage,
        db_index=True,
        blank=True,
        editable=False,
    )
    web_image = models.ImageField(
        _("web version"),
        upload_to=RandomName("reports/web"),
        storage=private_storage,
        db_index=True,
        blank=True,
        editable=False,
        help_text=_("Scaled down and without camera metadata (such as GPS): what the public sees."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = ReportAttachmentQuerySet.as_manager()

    # The files of each field, and whether the public may ever fetch them.
    PUBLIC_FILES = {"image": False, "thumbnail": True, "web_image": True}

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self):
        return self.caption

    def save(self, *args, **kwargs):
        if self.image and not self.image._committed:
            # A new original: the versions of the one it replaces must not stand for it (the task makes new ones).
            self.thumbnail = self.web_image = ""
        super().save(*args, **kwargs)

    @property
    def is_ready(self):
        """The public sees only the scaled versions without camera metadata, once the task has made them (a new
        original empties them on save, so versions that exist are the current original's)."""
        return bool(self.thumbnail and self.web_image)


class ReportDocument(TimeStampedModel):
    report = models.ForeignKey(
        ProgressReport, on_delete=models.CASCADE, related_name="documents", verbose_name=_("progress report")
    )
    file = models.FileField(
        _("file"),
        upload_to=RandomName("reports/documents", detect=document_type),
        storage=private_storage,
        db_index=True,
        validators=[validate_document],
        help_text=_("PDF, DOCX, XLSX or ODT, up to 20 MB."),
    )
    title = models.CharField(_("title"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = ReportAttachmentQuerySet.as_manager()

    PUBLIC_FILES = {"file": True}

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self):
        return self.title

    @property
    def file_type(self):
        return PurePath(self.file.name).suffix.lstrip(".").upper()


class ReportingDeadlineQuerySet(PublicContentQuerySet):
    def upcoming(self, today=None):
        return self.filter(due_date__gte=today or timezone.localdate()).order_by("due_date", "id")

    def due_within(self, days, today=None):
        """Deadlines from ``today`` to ``days`` days later, both included."""
        today = today or timezone.localdate()
        return self.filter(due_date__gte=today, due_date__lte=today + timedelta(days=days))


class ReportingDeadline(TimeStampedModel):
    """A date by which coordinators owe a progress report; for one group, or for all when no group is set."""

    title = models.CharField(_("title"), max_length=200, help_text=_("For example: interim progress report."))
    due_date = models.DateField(_("due date"))
    group = models.ForeignKey(
        ThematicGroup,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reporting_deadlines",
        verbose_name=_("thematic group"),
        help_text=_("Leave empty when every pilot action owes this report."),
    )
    description = models.TextField(_("what to report"), blank=True)

    objects = ReportingDeadlineQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("reporting deadline")
        verbose_name_plural = _("reporting deadlines")

    def __str__(self):
        return f"{self.title} ({self.due_date:%Y-%m-%d})"

    def applies_to(self, pilot_action):
        return self.group_id is None or self.group_id == pilot_action.group_id


class MapCell(models.Model):
    """The public pilot actions on the map counted per square of a zoom level's grid, of every group (``group``
    empty) or of one: what clusters them at low zoom without reading each row (``projects.mapcells`` builds and
    reads them, and says when they are used)."""

    public_content = False  # derived from the pilot actions: rebuilding the cells is no change (projects.signals)

    zoom = models.PositiveSmallIntegerField()
    group = models.ForeignKey(ThematicGroup, on_delete=models.CASCADE, null=True, related_name="+")
    cell_x = models.IntegerField()
    cell_y = models.IntegerField()
    count = models.PositiveIntegerField()
    latitude_sum = models.FloatField()
    longitude_sum = models.FloatField()
    west = models.FloatField()
    south = models.FloatField()
    east = models.FloatField()
    north = models.FloatField()
    # The smallest id among them: the pilot action a cell of one shows. Not a key: cells are rebuilt whole, and a
    # deleted pilot action must not wait for them.
    any_id = models.IntegerField()

    class Meta:
        verbose_name = "map cell"
        indexes = [models.Index(fields=["zoom", "group", "cell_y", "cell_x"], name="map_cell_viewport")]

    def __str__(self):
        return f"zoom {self.zoom} ({self.cell_x}, {self.cell_y}): {self.count}"


class MapCellBuild(models.Model):
    """What the map cells hold: the public content version they were counted for (cells of another version are
    never read), and their finest zoom level."""

    public_content = False

    content_version = models.CharField(max_length=40, blank=True)
    finest_zoom = models.SmallIntegerField(default=-1)  # -1: no level
    pilot_action_count = models.PositiveIntegerField(default=0)
    cell_count = models.PositiveIntegerField(default=0)
    built_at = models.DateTimeField(null=True)
    seconds = models.FloatField(null=True)

    class Meta:
        verbose_name = "map cell build"

    def __str__(self):
        return f"version {self.content_version}: zoom 0 to {self.finest_zoom}"
