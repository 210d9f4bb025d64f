"""The selection of pilot actions: calls with weighted criteria, blind jury scoring, and recorded decisions."""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel
from projects.models import PilotAction, PilotActionQuerySet, ThematicGroup

SEES_ALL_SCORES = "selection.view_all_evaluations"


class CallQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Staff who may see every evaluation see every call; a juror, the calls they are a juror of."""
        return self if user.has_perm(SEES_ALL_SCORES) else self.filter(jurors=user)

    def managed_by(self, user):
        """The calls whose applications a user may import and export. A call has no owner in these models
        (its jurors score it; a thematic group's staff contacts only receive emails), and any programme
        staff member may decide on any call, so whoever may change calls (programme staff, superusers)
        manages every call, and anyone else none."""
        return self if user.has_perm("selection.change_call") else self.none()

    def with_application_total(self):
        """Each call's number of applications, as ``application_total``."""
        return self.annotate(application_total=models.Count("applications"))

    def with_progress(self):
        """Each call's applications per status, as ``count_<status>``, and its submitted evaluations, as
        ``evaluations_submitted``: the admin index's dashboard, in one query."""
        per_status = {
            f"count_{status}": models.Count("applications", filter=Q(applications__status=status), distinct=True)
            for status in PilotAction.Status.values
        }
        submitted = Q(applications__evaluations__submitted_at__isnull=False)
        return self.annotate(
            **per_status,
            evaluations_submitted=models.Count("applications__evaluations", filter=submitted, distinct=True),
        )


class Call(TimeStampedModel):
    name = models.CharField(_("name"), max_length=200, unique=True)
    group = models.ForeignKey(
        ThematicGroup, on_delete=models.PROTECT, related_name="calls", verbose_name=_("thematic group")
    )
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    description = models.TextField(_("description"), blank=True)
    jurors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="juried_calls",
        verbose_name=_("jurors"),
        help_text=_("Members of the Jury group who evaluate this call's applications."),
    )

    objects = CallQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_on", "name"]
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        constraints = [
            models.CheckConstraint(condition=Q(closes_on__gte=F("opens_on")), name="call_dates_in_order"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": _("A call cannot close before it opens.")})

    def get_ranking_url(self):
        return reverse("admin:selection_call_ranking", args=[self.pk])


class Criterion(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("call"))
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("what the jury looks for"), blank=True)
    weight = models.DecimalField(
        _("weight"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(1),
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_("Relative: a criterion of weight 2 counts twice as much as one of weight 1."),
    )
    max_score = models.PositiveSmallIntegerField(_("maximum score"), default=10, validators=[MinValueValidator(1)])
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [models.UniqueConstraint(fields=["call", "name"], name="criterion_name_once_per_call")]

    def __str__(self):
        return f"{self.name} (×{Decimal(self.weight).normalize()}, /{self.max_score})"


class ConflictOfInterest(models.Model):
    """A juror who declares a conflict cannot score that application."""

    juror = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conflicts", verbose_name=_("juror")
    )
    application = models.ForeignKey(
        PilotAction, on_delete=models.CASCADE, related_name="conflicts", verbose_name=_("application")
    )
    reason = models.TextField(_("reason"))
    declared_at = models.DateTimeField(_("declared at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-declared_at"]
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [
            models.UniqueConstraint(fields=["juror", "application"], name="conflict_once_per_juror_application")
        ]

    def __str__(self):
        return f"{self.juror} – {self.application}"

    def clean(self):
        if (
            self.juror_id
            and self.application_id
            and self.juror.evaluations.filter(application_id=self.application_id).exists()
        ):
            raise ValidationError(
                _("You have already started evaluating this application; ask the programme staff to withdraw it.")
            )


class EvaluationQuerySet(models.QuerySet):
    def submitted(self):
        return self.filter(submitted_at__isnull=False)

    def visible_to(self, user):
        """Blind scoring: a juror sees their own evaluations, and others' only on applications they have
        submitted their own for. Staff who are not jurors of the call see everything."""
        if user.has_perm(SEES_ALL_SCORES):
            return self
        own_submitted = Evaluation.objects.filter(juror=user, submitted_at__isnull=False).values("application")
        return self.filter(Q(juror=user) | Q(application__in=own_submitted, submitted_at__isnull=False))


class Evaluation(TimeStampedModel):
    """One juror's scores of one application: editable until submitted, then fixed."""

    application = models.ForeignKey(
        PilotAction, on_delete=models.CASCADE, related_name="evaluations", verbose_name=_("application")
    )
    juror = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="evaluations", verbose_name=_("juror")
    )
    comment = models.TextField(_("overall comment"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, editable=False)
    total = models.DecimalField(
        _("weighted score (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        editable=False,
        help_text=_("Each criterion's score over its maximum, weighted, as a percentage; set on submission."),
    )

    objects = EvaluationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["application", "juror"]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        permissions = [("view_all_evaluations", _("Can see every juror's scores at any time"))]
        constraints = [
            models.UniqueConstraint(fields=["application", "juror"], name="evaluation_once_per_juror_application")
        ]

    def __str__(self):
        return f"{self.application} – {self.juror}"

    @property
    def is_submitted(self):
        return self.submitted_at is not None

    def clean(self):
        if not (self.application_id and self.juror_id):
            return
        if ConflictOfInterest.objects.filter(juror_id=self.juror_id, application_id=self.application_id).exists():
            raise ValidationError(_("You declared a conflict of interest with this application: you cannot score it."))
        call = self.application.call
        if call is None or not call.jurors.filter(pk=self.juror_id).exists():
            raise ValidationError({"application": _("This application is not in a call you are a juror of.")})

    def weighted_total(self):
        """Σ(score ÷ maximum × weight) ÷ Σ weight, as a percentage; None until every criterion is scored."""
        criteria = list(self.application.call.criteria.all()) if self.application.call_id else []
        scores = {score.criterion_id: score.value for score in self.scores.all()}
        if not criteria or any(criterion.pk not in scores for criterion in criteria):
            return None
        weights = sum(criterion.weight for criterion in criteria)
        weighted = sum(Decimal(scores[c.pk]) / c.max_score * c.weight for c in criteria)
        return (weighted / weights * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    @transaction.atomic
    def submit(self):
        total = self.weighted_total()
        if total is None:
            raise ValidationError(_("Score every criterion before submitting."))
        self.total = total
        self.submitted_at = timezone.now()
        self.save(update_fields=["total", "submitted_at", "updated_at"])


class Score(models.Model):
    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="scores", verbose_name=_("evaluation")
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="scores", verbose_name=_("criterion")
    )
    value = models.PositiveSmallIntegerField(_("score"))
    comment = models.TextField(_("comment"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["criterion__order", "criterion_id"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        permissions = [("export_score", _("Can export scores"))]
        constraints = [models.UniqueConstraint(fields=["evaluation", "criterion"], name="score_once_per_criterion")]

    def __str__(self):
        return f"{self.criterion.name}: {self.value}"

    def clean(self):
        if self.criterion_id is None:
            return
        if self.value is not None and self.value > self.criterion.max_score:
            raise ValidationError(
                {"value": _("At most %(max)s for this criterion.") % {"max": self.criterion.max_score}}
            )
        if self.evaluation_id and self.criterion.call_id != self.evaluation.application.call_id:
            raise ValidationError({"criterion": _("This criterion belongs to another call.")})


class Decision(models.Model):
    """A recorded step in an application's life: who decided what, when, and why."""

    class Outcome(models.TextChoices):
        SHORTLISTED = PilotAction.Status.SHORTLISTED.value, _("Shortlisted")
        SELECTED = PilotAction.Status.SELECTED.value, _("Selected")
        REJECTED = PilotAction.Status.REJECTED.value, _("Rejected")
        WITHDRAWN = PilotAction.Status.WITHDRAWN.value, _("Withdrawn")

    application = models.ForeignKey(
        PilotAction, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("application")
    )
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices)
    previous_status = models.CharField(_("previous status"), max_length=12, choices=PilotAction.Status.choices)
    rationale = models.TextField(_("rationale"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("decided by")
    )
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-decided_at", "-id"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        permissions = [("export_decision", _("Can export decisions"))]

    def __str__(self):
        return f"{self.application}: {self.get_outcome_display()}"


def decide(applications, outcome, rationale, user):
    """Move each application to ``outcome`` where its status allows, and record why; returns (moved, refused)."""
    moved, refused = [], []
    # The admin's queryset is annotated with scores (GROUP BY), which FOR UPDATE cannot lock: lock the rows by id.
    ids = list(applications.values_list("pk", flat=True))
    with transaction.atomic():
        for application in PilotAction.objects.filter(pk__in=ids).order_by("pk").select_for_update():
            if application.status == outcome or not application.can_move_to(outcome):
                refused.append(application)
                continue
            previous = application.status
            application.status = outcome
            application._change_reason = rationale
            application.save(update_fields=["status", "updated_at"])
            Decision.objects.create(
                application=application,
                outcome=outcome,
                previous_status=previous,
                rationale=rationale,
                decided_by=user,
            )
            moved.append(application)
    return moved, refused


class ApplicationQuerySet(PilotActionQuerySet):
    """Selection's queries on pilot actions, beside the pilot actions' own (``Application.objects``)."""

    def applications(self):
        """Pilot actions that came in through a call, whatever their status."""
        return self.filter(call__isnull=False)

    def with_scores(self):
        """Each application's submitted evaluations: their average weighted score, how many, and their spread."""
        submitted = Q(evaluations__submitted_at__isnull=False)
        return self.annotate(
            average_score=models.Avg("evaluations__total", filter=submitted),
            evaluation_count=models.Count("evaluations", filter=submitted, distinct=True),
            score_spread=models.Max("evaluations__total", filter=submitted)
            - models.Min("evaluations__total", filter=submitted),
        )

    def ranked(self):
        """With their scores, the best weighted average first (unscored last), then by title."""
        return self.with_scores().order_by(F("average_score").desc(nulls_last=True), "title")

    def visible_to(self, user):
        """Staff who may see every evaluation see every application; a juror, those of the calls they judge."""
        return self if user.has_perm(SEES_ALL_SCORES) else self.filter(call__jurors=user)

    def open_to_juror(self, user):
        """Applications a juror may still start on (to score, or to declare a conflict with): in their calls,
        without a conflict they declared, and not evaluated by them yet."""
        return (
            self.applications()
            .filter(call__jurors=user)
            .exclude(conflicts__juror=user)
            .exclude(evaluations__juror=user)
            .select_related("call")
        )


class Application(PilotAction):
    """A pilot action as the jury and staff see it during selection: its call, scores and decisions."""

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        proxy = True
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        permissions = [
            ("import_application", _("Can import applications")),
            ("export_application", _("Can export applications")),
        ]

    def fill_in_new(self):
        """What a new application takes from its call, whether typed in admin or imported."""
        self.status = PilotAction.Status.SUBMITTED
        if self.call_id:
            self.group = self.call.group
        if not self.slug:
            self.slug = PilotAction.objects.free_slug(self.title)
