"""What the pilot actions produced and learned: their outputs (plans, exercises, agreements, studies…) and each
one's results: what was achieved, the obstacles met, what another border region can reuse, and the follow-up.

Kinds of output and obstacles are data staff can extend (and translate), seeded from the call's expected outputs
and from the obstacles the reference study names (``programme-facts.md`` §1 and §4a).
"""

from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from core.languages import native_name
from core.models import TimeStampedModel
from core.pagecache import PublicContentQuerySet
from core.text import RESULTS_TEXT, SECTION_TEXT, render_markdown
from projects.models import PilotAction, Theme, public_pilot_actions_q
from projects.uploads import RandomName, document_type, private_storage, validate_document

WEB_ADDRESS = URLValidator(
    schemes=["http", "https"], message=_("Give a web address that starts with http:// or https://.")
)


class WebAddressField(models.URLField):
    """A link people click on the public pages: http(s) only (Django's URLField also takes ftp)."""

    default_validators = [WEB_ADDRESS]

    def formfield(self, **kwargs):
        from django import forms

        return super().formfield(
            **{
                "form_class": forms.URLField,
                "validators": [WEB_ADDRESS],
                "assume_scheme": "https",
                "error_messages": {"invalid": WEB_ADDRESS.message},
                **kwargs,
            }
        )


class Publishable(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class OutputKind(TimeStampedModel):
    """A kind of output, such as a joint crisis-management plan; seeded from the call's expected outputs."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = PublicContentQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("kind of output")
        verbose_name_plural = _("kinds of output")

    def __str__(self):
        return self.name


def validate_language_code(code):
    try:
        get_language_info(code)  # Django's list, with Maltese added to it in settings (LANG_INFO)
    except KeyError:
        raise ValidationError(
            _("“%(code)s” is not a language code Django knows (such as de or sv)."), params={"code": code}
        ) from None


class Language(models.Model):
    """A language a document is written in, by its code; its name comes translated from Django's own list."""

    code = models.CharField(_("code"), max_length=10, unique=True, validators=[validate_language_code])
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = PublicContentQuerySet.as_manager()

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("language")
        verbose_name_plural = _("languages")

    def __str__(self):
        return self.name

    @property
    def name(self):
        try:
            return str(get_language_info(self.code)["name_translated"])
        except KeyError:
            return self.code

    @property
    def local_name(self):
        try:
            return native_name(self.code)
        except KeyError:
            return self.code


class Licence(models.TextChoices):
    # "All rights reserved" is the honest default: a licence is the author's choice, never the portal's.
    ALL_RIGHTS_RESERVED = "all-rights-reserved", _("All rights reserved")
    CC_BY = "cc-by-4.0", _("Creative Commons Attribution 4.0 (CC BY 4.0)")
    CC_BY_SA = "cc-by-sa-4.0", _("Creative Commons Attribution-ShareAlike 4.0 (CC BY-SA 4.0)")
    CC_BY_NC = "cc-by-nc-4.0", _("Creative Commons Attribution-NonCommercial 4.0 (CC BY-NC 4.0)")
    CC0 = "cc0-1.0", _("Public domain dedication (CC0 1.0)")


LICENCE_URLS = {
    Licence.CC_BY: "https://creativecommons.org/licenses/by/4.0/",
    Licence.CC_BY_SA: "https://creativecommons.org/licenses/by-sa/4.0/",
    Licence.CC_BY_NC: "https://creativecommons.org/licenses/by-nc/4.0/",
    Licence.CC0: "https://creativecommons.org/publicdomain/zero/1.0/",
}


class PublicationQuerySet(PublicContentQuerySet):
    """What a pilot action publishes (outputs, results): who sees it, who edits it."""

    def published(self):
        """Published, of public pilot actions; drafts never reach the public."""
        return self.filter(public_pilot_actions_q("pilot_action__"), status=Publishable.PUBLISHED)

    def editable_by(self, user):
        """Draft or published, of the pilot actions ``user`` coordinates."""
        return self.filter(pilot_action__in=PilotAction.objects.coordinated_by(user))


class Publication(TimeStampedModel):
    """A draft until published; ``published_at`` is the first publication's time, cleared by unpublishing."""

    status = models.CharField(_("status"), max_length=10, choices=Publishable.choices, default=Publishable.DRAFT)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.status == Publishable.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        if self.status == Publishable.DRAFT:
            self.published_at = None
        super().save(*args, **kwargs)

    @property
    def is_published(self):
        return self.status == Publishable.PUBLISHED


class OutputQuerySet(PublicationQuerySet):
    def with_relations(self):
        """Everything a card in the library prints, in a fixed number of queries."""
        return self.select_related("kind", "pilot_action", "pilot_action__group").prefetch_related(
            "languages", "themes"
        )

    def newest_first(self):
        return self.order_by("-date", "-id")

    def matching(self, words):
        """Outputs with every word in their title, summary or reuse, or in their pilot action's title or acronym,
        or a word that is its programme code. The pilot action is matched in a subquery per word, as the pilot
        actions' own search matches organisations (``PilotActionFilter.search``): the cost grows with the words,
        not with the rows."""
        for word in words:
            pilot_actions = PilotAction.objects.filter(
                Q(title__icontains=word) | Q(acronym__icontains=word) | Q(code__iexact=word)
            )
            self = self.filter(
                Q(title__icontains=word)
                | Q(summary__icontains=word)
                | Q(reuse__icontains=word)
                | Q(pilot_action__in=pilot_actions.values("pk"))
            )
        return self

    def for_open_data(self):
        """Everything a row of the open data reads, in a fixed number of queries whatever the number of outputs."""
        return self.with_relations().prefetch_related("pilot_action__borders", "pilot_action__countries")

    def for_feed(self):
        return self.select_related("kind", "pilot_action")

    def for_workspace(self):
        """Drafts and published alike with their kind, newest first: a coordinator's own list."""
        return self.select_related("kind").newest_first()

    # Files (``projects.attachments``): who may fetch an output's file.
    def public(self):
        return self.published()

    def managed_by(self, user):
        """The pilot action's coordinators (superusers: all), and staff who may view outputs in admin."""
        if user.is_active and user.is_staff and user.has_perm("results.view_output"):
            return self.all()
        return self.editable_by(user)

    def holding(self, field_name, name):
        return self.filter(**{field_name: name}).annotate(
            row_is_public=models.Exists(Output.objects.published().filter(pk=models.OuterRef("pk")))
        )


class Output(Publication):
    Status = Publishable

    pilot_action = models.ForeignKey(
        PilotAction, on_delete=models.CASCADE, related_name="outputs", verbose_name=_("pilot action")
    )
    kind = models.ForeignKey(OutputKind, on_delete=models.PROTECT, related_name="outputs", verbose_name=_("kind"))
    title = models.CharField(_("title"), max_length=250)
    summary = models.TextField(_("summary"), max_length=2000, help_text=_("What it is, in a few sentences."))
    date = models.DateField(_("date"), help_text=_("When it was finished, adopted or held."))
    languages = models.ManyToManyField(
        Language, blank=True, related_name="outputs", verbose_name=_("languages of the document")
    )
    file = models.FileField(
        _("file"),
        upload_to=RandomName("outputs/files", detect=document_type),
        storage=private_storage,
        db_index=True,
        blank=True,
        validators=[validate_document],
        help_text=_("PDF, DOCX, XLSX or ODT, up to 20 MB."),
    )
    link = WebAddressField(
        _("link"), max_length=500, blank=True, help_text=_("Where it is published elsewhere, if it is.")
    )
    licence = models.CharField(
        _("licence"),
        max_length=30,
        choices=Licence.choices,
        default=Licence.ALL_RIGHTS_RESERVED,
        help_text=_(
            "Under which terms others may reuse it. Keep “All rights reserved” unless the authors chose a licence."
        ),
    )
    themes = models.ManyToManyField(Theme, blank=True, related_name="outputs", verbose_name=_("themes"))
    reuse = models.TextField(
        _("what another border region can reuse"),
        blank=True,
        help_text=_("Markdown. What others can take over as it is, and what they would need to adapt."),
    )
    reuse_html = models.TextField(editable=False, default="")
    announced_at = models.DateTimeField(
        _("announced at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "When the publication emails were queued; an output is announced once, however often it is edited."
        ),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="outputs",
        verbose_name=_("author"),
    )

    objects = OutputQuerySet.as_manager()

    # The files of each field, and whether the public may fetch them once the output is published.
    PUBLIC_FILES = {"file": True}

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("output")
        verbose_name_plural = _("outputs")
        indexes = [models.Index(fields=["status", "-date"], name="output_published_date")]
        constraints = [
            models.CheckConstraint(condition=~Q(file="") | ~Q(link=""), name="output_has_file_or_link"),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if not self.file and not self.link:
            raise ValidationError(_("Attach the document or give a link to it (or both)."))

    def save(self, *args, **kwargs):
        self.reuse_html = render_markdown(self.reuse, top_level=SECTION_TEXT)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("results:output-detail", kwargs={"pk": self.pk})

    @property
    def licence_url(self):
        return LICENCE_URLS.get(self.licence, "")

    @property
    def file_type(self):
        return PurePath(self.file.name).suffix.lstrip(".").upper() if self.file else ""

    # ``projects.attachments.download_name`` names the downloaded file after ``title``.


@dataclass
class ComparedPilotAction:
    """One row of the comparison: a pilot action, its published results (None until they are published), one
    cell per obstacle, (obstacle, the ObstacleMet with its note, or None where its results do not name it), and
    how many published outputs it has. No cells without published results: nothing is said about obstacles
    nobody reported on."""

    pilot_action: PilotAction
    results: "Results | None"
    cells: list
    output_count: int = 0

    @classmethod
    def of(cls, pilot_action, obstacles, output_count):
        results = pilot_action.published_results
        if results is None:
            return cls(pilot_action, None, [], output_count)
        met = {encounter.obstacle_id: encounter for encounter in results.obstacles_met.all()}
        return cls(pilot_action, results, [(obstacle, met.get(obstacle.pk)) for obstacle in obstacles], output_count)


@dataclass
class Comparison:
    """Pilot actions (``rows``: those shown, a page of them) against obstacles (columns, in order), with counts
    across every pilot action the rows are a page of: ``with_results``, how many have published their results,
    and each obstacle's ``times_met``, how many of those results name it."""

    obstacles: list
    rows: list
    with_results: int


class ObstacleQuerySet(PublicContentQuerySet):
    def totals_across(self, pilot_actions):
        """How many ``pilot_actions`` (public ones, a QuerySet) there are, how many of them have published their
        results, and how many of those results name each of these obstacles: {"total": n, "with_results": n,
        "times_met": {obstacle id: n}}. One query whatever their number, for every page of the comparison alike
        (which keeps it per set of filters); the obstacles are read into this QuerySet, as compared_across reads
        them."""
        published = models.Q(results__status=Publishable.PUBLISHED)
        counts = pilot_actions.order_by().aggregate(
            total=models.Count("pk", distinct=True),
            with_results=models.Count("results", filter=published, distinct=True),
            # An obstacle is named once per results (obstacle_met_once): no row is counted twice.
            **{
                f"met_{obstacle.pk}": models.Count(
                    "results__obstacles_met", filter=published & models.Q(results__obstacles_met__obstacle=obstacle)
                )
                for obstacle in self
            },
        )
        return {
            "total": counts["total"],
            "with_results": counts["with_results"],
            "times_met": {obstacle.pk: counts[f"met_{obstacle.pk}"] for obstacle in self},
        }

    def compared_across(self, shown, totals):
        """These obstacles against ``shown`` (public pilot actions: a page of them), which each met by its
        published results only (``Comparison``), with ``totals`` (``totals_across`` all the pilot actions
        ``shown`` is a page of) for the counts. Four queries whatever the number of pilot actions, results and
        outputs, those after the pilot actions' own keyed by their ids, so a costly filter (a search of many
        words) runs once."""
        obstacles = list(self)
        for obstacle in obstacles:
            obstacle.times_met = totals["times_met"].get(obstacle.pk, 0)
        rows = list(shown)
        models.prefetch_related_objects(
            rows,
            models.Prefetch(
                "results",
                # Only whether they are published is printed, and the obstacles they name.
                queryset=Results.objects.published()
                .only("pk", "pilot_action_id")
                .prefetch_related(
                    # By obstacle, not in the obstacles' order: the cells follow the columns.
                    models.Prefetch("obstacles_met", queryset=ObstacleMet.objects.order_by())
                ),
                to_attr="published_results",
            ),
        )
        output_counts = dict(
            Output.objects.published()
            .filter(pilot_action__in=[pilot_action.pk for pilot_action in rows])
            .order_by()
            .values_list("pilot_action")
            .annotate(total=models.Count("pk"))
        )
        return Comparison(
            obstacles,
            [
                ComparedPilotAction.of(pilot_action, obstacles, output_counts.get(pilot_action.pk, 0))
                for pilot_action in rows
            ],
            with_results=totals["with_results"],
        )


class Obstacle(TimeStampedModel):
    """An obstacle to cross-border cooperation, as the programme's reference study names them."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = ObstacleQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("obstacle")
        verbose_name_plural = _("obstacles")

    def __str__(self):
        return self.name


class ResultsQuerySet(PublicationQuerySet):
    def with_details(self):
        """What a pilot action's page prints: the obstacles met (in the obstacles' order, with their names) and
        the follow-ups, in a fixed number of queries."""
        return self.prefetch_related(
            models.Prefetch("obstacles_met", queryset=ObstacleMet.objects.select_related("obstacle")), "follow_ups"
        )


class Results(Publication):
    """A pilot action's results: filled in by its coordinators or by staff, never by the portal."""

    Status = Publishable

    pilot_action = models.OneToOneField(
        PilotAction, on_delete=models.CASCADE, related_name="results", verbose_name=_("pilot action")
    )
    achievements = models.TextField(_("what was achieved"), blank=True, help_text=_("Markdown."))
    achievements_html = models.TextField(editable=False, default="")
    reuse = models.TextField(_("what another border region can reuse"), blank=True, help_text=_("Markdown."))
    reuse_html = models.TextField(editable=False, default="")
    obstacles = models.ManyToManyField(
        Obstacle, through="ObstacleMet", blank=True, related_name="results", verbose_name=_("obstacles met")
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("last edited by"),
    )

    objects = ResultsQuerySet.as_manager()

    class Meta:
        verbose_name = _("results")
        verbose_name_plural = _("results")

    def __str__(self):
        return str(self.pilot_action)

    def save(self, *args, **kwargs):
        self.achievements_html = render_markdown(self.achievements, top_level=RESULTS_TEXT)
        self.reuse_html = render_markdown(self.reuse, top_level=RESULTS_TEXT)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return f"{self.pilot_action.get_absolute_url()}#results"


class ObstacleMet(models.Model):
    results = models.ForeignKey(
        Results, on_delete=models.CASCADE, related_name="obstacles_met", verbose_name=_("results")
    )
    obstacle = models.ForeignKey(
        Obstacle, on_delete=models.PROTECT, related_name="encounters", verbose_name=_("obstacle")
    )
    note = models.TextField(
        _("note"), blank=True, max_length=2000, help_text=_("How it got in the way, and what helped.")
    )

    objects = PublicContentQuerySet.as_manager()

    class Meta:
        ordering = ["obstacle__order", "obstacle__name"]
        verbose_name = _("obstacle met")
        verbose_name_plural = _("obstacles met")
        constraints = [models.UniqueConstraint(fields=["results", "obstacle"], name="obstacle_met_once")]

    def __str__(self):
        return str(self.obstacle)


class FollowUp(models.Model):
    """What came after: further funding, a new project, a plan adopted; with a link where there is one."""

    results = models.ForeignKey(Results, on_delete=models.CASCADE, related_name="follow_ups", verbose_name=_("results"))
    title = models.CharField(_("title"), max_length=250)
    note = models.TextField(_("note"), blank=True, max_length=2000)
    link = WebAddressField(_("link"), max_length=500, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = PublicContentQuerySet.as_manager()

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")

    def __str__(self):
        return self.title
