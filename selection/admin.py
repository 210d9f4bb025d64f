from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ExportMixin, ImportExportMixin

from core.admin_mixins import ReadOnlyAdminMixin, ReadOnlyHistoryAdmin
from projects.models import PilotAction
from selection.forms import DecisionForm, EvaluationAdminForm
from selection.models import (
    SEES_ALL_SCORES,
    Application,
    Call,
    ConflictOfInterest,
    Criterion,
    Decision,
    Evaluation,
    Score,
    decide,
)
from selection.resources import ApplicationResource, DecisionResource, ScoredApplicationResource, ScoreResource


def call_filter(path):
    """A list filter by call naming only the calls of the rows the admin's queryset shows: a juror's own."""
    return (path, admin.RelatedOnlyFieldListFilter)


class ManagedCallsImportExportMixin:
    """Import and export reach only the calls the user manages (Call.objects.managed_by); who may import or
    export at all is the permission django-import-export checks (settings' IMPORT_EXPORT_*_PERMISSION_CODE)."""

    call_path = "call"

    def get_export_queryset(self, request):
        managed = Call.objects.managed_by(request.user)
        return super().get_export_queryset(request).filter(**{f"{self.call_path}__in": managed})

    def get_import_resource_kwargs(self, request, **kwargs):
        return {**super().get_import_resource_kwargs(request, **kwargs), "calls": Call.objects.managed_by(request.user)}


def is_own_draft(request, evaluation):
    """Only its juror changes an evaluation, and only until it is submitted."""
    return evaluation is not None and evaluation.juror_id == request.user.pk and not evaluation.is_submitted


def with_juror(form_class, user):
    """The admin form, with the signed-in juror set before validation: the model's checks need to know who."""

    class JurorForm(form_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            if self.instance.juror_id is None:
                self.instance.juror = user

    return JurorForm


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 1
    fields = ["name", "weight", "max_score", "order", "description"]


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ["name", "group", "opens_on", "closes_on", "application_count", "ranking_link"]
    list_filter = ["group"]
    search_fields = ["name", "description"]
    date_hierarchy = "opens_on"
    autocomplete_fields = ["group", "jurors"]
    inlines = [CriterionInline]

    def get_queryset(self, request):
        calls = super().get_queryset(request).visible_to(request.user)
        return calls.select_related("group").with_application_total()

    @admin.display(description=_("applications"), ordering="application_total")
    def application_count(self, call):
        return call.application_total

    @admin.display(description=_("ranking"))
    def ranking_link(self, call):
        return format_html('<a href="{}">{}</a>', call.get_ranking_url(), _("Ranking"))

    def get_list_display(self, request):
        columns = super().get_list_display(request)
        return columns if request.user.has_perm(SEES_ALL_SCORES) else [c for c in columns if c != "ranking_link"]

    def get_urls(self):
        return [
            path(
                "<path:object_id>/ranking/",
                self.admin_site.admin_view(self.ranking_view),
                name="selection_call_ranking",
            ),
            *super().get_urls(),
        ]

    def ranking_view(self, request, object_id):
        """The call's applications by weighted average score; staff only, since scoring is blind."""
        if not request.user.has_perm(SEES_ALL_SCORES):
            raise PermissionDenied
        call = get_object_or_404(Call.objects.select_related("group"), pk=object_id)
        applications = Application.objects.filter(call=call).ranked()
        return TemplateResponse(
            request,
            "admin/selection/call_ranking.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Ranking: %(call)s") % {"call": call.name},
                "call": call,
                "criteria": call.criteria.all(),
                "applications": applications,
                "opts": self.model._meta,
                "juror_count": call.jurors.count(),
            },
        )


class DecisionInline(admin.TabularInline):
    model = Decision
    extra = 0
    fields = ["decided_at", "previous_status", "outcome", "rationale", "decided_by"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class EvaluationInline(admin.TabularInline):
    """Every juror's submitted evaluation, on the application's page; staff only."""

    model = Evaluation
    extra = 0
    fields = ["juror", "total", "comment", "submitted_at"]
    readonly_fields = fields
    can_delete = False
    verbose_name_plural = _("submitted evaluations")

    def get_queryset(self, request):
        return super().get_queryset(request).submitted().select_related("juror")

    def has_add_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm(SEES_ALL_SCORES)


@admin.register(Application)
class ApplicationAdmin(ManagedCallsImportExportMixin, ImportExportMixin, ReadOnlyHistoryAdmin):
    """Applications to calls: import, scores, ranking columns, and the decisions that move them on.

    The status is read-only here, in imports and in the history: only a decision action changes it."""

    resource_classes = [ApplicationResource]
    list_display = ["title", "call", "status", "average_score_column", "evaluation_count_column", "spread_column"]
    list_filter = [call_filter("call"), "status", "group"]
    list_select_related = ["call"]
    search_fields = ["title", "acronym", "summary"]
    autocomplete_fields = ["call", "themes", "countries"]
    date_hierarchy = "created_at"
    fields = [
        "call",
        "title",
        "acronym",
        "summary",
        "description",
        "objectives",
        "countries",
        "themes",
        "website",
        "status",
    ]
    readonly_fields = ["status"]
    inlines = [EvaluationInline, DecisionInline]
    actions = ["shortlist", "select", "reject", "withdraw"]

    def get_queryset(self, request):
        return super().get_queryset(request).applications().with_scores().visible_to(request.user)

    def get_list_display(self, request):
        if request.user.has_perm(SEES_ALL_SCORES):
            return self.list_display
        return ["title", "call", "status"]

    def get_export_resource_classes(self, request):
        """The score columns only for those who may see every evaluation."""
        return [ScoredApplicationResource] if request.user.has_perm(SEES_ALL_SCORES) else [ApplicationResource]

    @admin.display(description=_("average score (%)"), ordering="average_score")
    def average_score_column(self, application):
        return None if application.average_score is None else round(application.average_score, 1)

    @admin.display(description=_("evaluations"), ordering="evaluation_count")
    def evaluation_count_column(self, application):
        return application.evaluation_count

    @admin.display(description=_("spread"), ordering="score_spread")
    def spread_column(self, application):
        return None if application.score_spread is None else round(application.score_spread, 1)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.fill_in_new()
        super().save_model(request, obj, form, change)

    def has_decide_permission(self, request):
        return request.user.has_perm("selection.add_decision")

    def _decide(self, request, queryset, outcome):
        """Ask for a rationale on an intermediate page, then record the decision for each application."""
        form = DecisionForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            moved, refused = decide(queryset, outcome, form.cleaned_data["rationale"], request.user)
            label = PilotAction.Status(outcome).label.lower()
            if moved:
                self.message_user(
                    request,
                    ngettext(
                        "%(count)d application is now %(status)s.",
                        "%(count)d applications are now %(status)s.",
                        len(moved),
                    )
                    % {"count": len(moved), "status": label},
                    messages.SUCCESS,
                )
            if refused:
                self.message_user(
                    request,
                    _("Not changed, since their status does not allow it: %(titles)s")
                    % {"titles": ", ".join(application.title for application in refused)},
                    messages.WARNING,
                )
            return None
        return TemplateResponse(
            request,
            "admin/selection/confirm_decision.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Mark as %(status)s") % {"status": PilotAction.Status(outcome).label.lower()},
                "applications": queryset,
                "form": form,
                "action": request.POST.get("action"),
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                "opts": self.model._meta,
                "outcome": PilotAction.Status(outcome),
            },
        )

    @admin.action(description=_("Shortlist the selected applications"), permissions=["decide"])
    def shortlist(self, request, queryset):
        return self._decide(request, queryset, PilotAction.Status.SHORTLISTED)

    @admin.action(description=_("Select the selected applications (makes them public)"), permissions=["decide"])
    def select(self, request, queryset):
        return self._decide(request, queryset, PilotAction.Status.SELECTED)

    @admin.action(description=_("Reject the selected applications"), permissions=["decide"])
    def reject(self, request, queryset):
        return self._decide(request, queryset, PilotAction.Status.REJECTED)

    @admin.action(description=_("Mark the selected applications as withdrawn"), permissions=["decide"])
    def withdraw(self, request, queryset):
        return self._decide(request, queryset, PilotAction.Status.WITHDRAWN)


class ScoreInline(admin.TabularInline):
    model = Score
    fields = ["criterion", "value", "comment"]
    extra = 0

    def get_extra(self, request, obj=None, **kwargs):
        if obj is None or obj.application.call_id is None:
            return 0
        return max(obj.application.call.criteria.count() - obj.scores.count(), 0)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "criterion":
            evaluation = getattr(request, "_evaluation_being_edited", None)
            kwargs["queryset"] = (
                Criterion.objects.filter(call_id=evaluation.application.call_id)
                if evaluation
                else Criterion.objects.none()
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_add_permission(self, request, obj=None):
        return is_own_draft(request, obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return is_own_draft(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return is_own_draft(request, obj) and super().has_delete_permission(request, obj)


@admin.register(Evaluation)
class EvaluationAdmin(ReadOnlyHistoryAdmin):
    """A juror scores an application: first save it, then score each criterion, then submit.

    Scoring is blind: the list shows a juror their own evaluations, and the others' only for the
    applications they have submitted theirs for.
    """

    form = EvaluationAdminForm
    list_display = ["application", "juror", "total", "submitted_at"]
    list_filter = [call_filter("application__call"), ("submitted_at", admin.EmptyFieldListFilter)]
    list_select_related = ["application", "juror"]
    search_fields = ["application__title", "juror__username", "juror__last_name"]
    readonly_fields = ["juror", "total", "submitted_at"]
    inlines = [ScoreInline]

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["application", "comment"]
        if is_own_draft(request, obj):
            return ["application", "juror", "comment", "submit_now", "total", "submitted_at"]
        return ["application", "juror", "comment", "total", "submitted_at"]

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "application"] if obj else self.readonly_fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        request._evaluation_being_edited = obj
        return with_juror(super().get_form(request, obj, change=change, **kwargs), request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "application":
            kwargs["queryset"] = Application.objects.open_to_juror(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or is_own_draft(request, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or is_own_draft(request, obj))

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if form.cleaned_data.get("submit_now"):
            try:
                form.instance.submit()
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                self.message_user(request, _("Your evaluation is submitted."), messages.SUCCESS)

    def get_changeform_initial_data(self, request):
        return {"application": request.GET.get("application")}


@admin.register(Score)
class ScoreAdmin(ReadOnlyAdminMixin, ManagedCallsImportExportMixin, ExportMixin, ReadOnlyHistoryAdmin):
    """Every score with its criterion, for export and history; read-only, and blind like the evaluations."""

    resource_classes = [ScoreResource]
    call_path = "criterion__call"
    list_display = ["evaluation", "criterion", "value"]
    list_filter = [call_filter("criterion__call")]
    list_select_related = ["evaluation__application", "evaluation__juror", "criterion"]
    search_fields = ["evaluation__application__title", "criterion__name", "comment"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(evaluation__in=Evaluation.objects.visible_to(request.user))

    def has_module_permission(self, request):
        return request.user.has_perm(SEES_ALL_SCORES)


@admin.register(ConflictOfInterest)
class ConflictOfInterestAdmin(ReadOnlyHistoryAdmin):
    list_display = ["application", "juror", "declared_at"]
    list_filter = [call_filter("application__call")]
    list_select_related = ["application", "juror"]
    search_fields = ["application__title", "juror__username", "reason"]
    date_hierarchy = "declared_at"
    fields = ["application", "reason"]

    def get_queryset(self, request):
        conflicts = super().get_queryset(request)
        return conflicts if request.user.has_perm(SEES_ALL_SCORES) else conflicts.filter(juror=request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "application":
            kwargs["queryset"] = Application.objects.open_to_juror(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        return with_juror(super().get_form(request, obj, change=change, **kwargs), request.user)

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdminMixin, ManagedCallsImportExportMixin, ExportMixin, ReadOnlyHistoryAdmin):
    """The record of decisions: made by the actions on applications, never edited afterwards (nor reverted)."""

    resource_classes = [DecisionResource]
    call_path = "application__call"
    list_display = ["application", "outcome", "previous_status", "decided_by", "decided_at"]
    list_filter = ["outcome", call_filter("application__call")]
    list_select_related = ["application", "decided_by"]
    search_fields = ["application__title", "rationale", "decided_by__username"]
    date_hierarchy = "decided_at"
