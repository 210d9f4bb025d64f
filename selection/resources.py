"""Spreadsheet columns of applications, scores and decisions (django-import-export), stable for staff's files."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from borders.models import Country
from core.spreadsheets import escape_formula
from projects.models import Theme
from selection.models import Application, Call, Decision, Score


class CodesWidget(widgets.ManyToManyWidget):
    """``FR; DE`` or ``floods, drought``: every code must exist, or the row is refused, naming the unknown ones."""

    def clean(self, value, row=None, **kwargs):
        codes = [code.strip() for code in str(value or "").replace(";", ",").split(",") if code.strip()]
        if self.field == "iso_code":
            codes = [code.upper() for code in codes]
        found = list(self.model.objects.filter(**{f"{self.field}__in": codes}))
        unknown = sorted(set(codes) - {getattr(item, self.field) for item in found})
        if unknown:
            raise ValueError(_("Unknown: %(codes)s") % {"codes": ", ".join(unknown)})
        return found

    def render(self, value, obj=None, **kwargs):
        return "; ".join(getattr(item, self.field) for item in value.all()) if value is not None else ""


class SpreadsheetResource(resources.ModelResource):
    """Exports escape text a spreadsheet would run as a formula, by the one rule of core.spreadsheets.

    The library's own escaping (IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT, off in settings) deletes a leading "=",
    changing the data, and leaves "+", "-" and "@" live."""

    def export_field(self, field, instance, **kwargs):
        return escape_formula(super().export_field(field, instance, **kwargs))


class ApplicationResource(SpreadsheetResource):
    """One row per application. Importing a row with the same call and title updates that application.

    ``calls`` (a resource kwarg the admin passes: the calls the user manages) bounds what an import may
    create or update; by default, nothing. The status is exported, never imported: it changes only by a decision.
    """

    call = fields.Field(attribute="call", column_name="call", widget=widgets.ForeignKeyWidget(Call, field="name"))
    countries = fields.Field(
        attribute="countries", column_name="countries", widget=CodesWidget(Country, field="iso_code")
    )
    themes = fields.Field(attribute="themes", column_name="themes", widget=CodesWidget(Theme, field="slug"))
    status = fields.Field(attribute="status", column_name="status", readonly=True)

    class Meta:
        model = Application
        fields = [
            "call",
            "title",
            "acronym",
            "summary",
            "countries",
            "themes",
            "latitude",
            "longitude",
            "website",
            "status",
        ]
        import_id_fields = ["call", "title"]
        skip_unchanged = True
        report_skipped = True
        use_transactions = True
        clean_model_instances = True

    def __init__(self, calls=None, **kwargs):
        super().__init__(**kwargs)
        self.calls = Call.objects.none() if calls is None else calls

    def get_queryset(self):
        """The applications a row may update: those of the calls in scope."""
        return Application.objects.applications().filter(call__in=self.calls)

    def before_import_row(self, row, **kwargs):
        """Required columns and the call are checked first, so such a row is reported, not an error page.
        A call out of scope reads like an unknown one: the message tells nothing about calls one does not manage."""
        errors = {
            column: _("This column is required.")
            for column in ("call", "title")
            if not str(row.get(column) or "").strip()
        }
        call_name = str(row.get("call") or "").strip()
        if call_name and not self.calls.filter(name=call_name).exists():
            errors["call"] = _("There is no call named “%(name)s” among the calls you manage.") % {"name": call_name}
        if errors:
            raise ValidationError(errors)

    def get_import_fields(self):
        """Scores and status are for export only: an import never sets them."""
        return [field for field in super().get_import_fields() if not field.readonly]

    def import_instance(self, instance, row, **kwargs):
        """Check every column, lists of codes included, so a bad row is reported whole before anything is saved."""
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for name in ("countries", "themes"):
            field = self.fields[name]
            if field.column_name in row:
                try:
                    field.clean(row)
                except ValueError as error:
                    errors[name] = ValidationError(str(error), code="invalid")
        if not instance.pk and instance.call_id and instance.title:
            instance.fill_in_new()
        if errors:
            raise ValidationError(errors)


class ScoredApplicationResource(ApplicationResource):
    """The export for those who may see every evaluation: each application's scores as well."""

    average_score = fields.Field(attribute="average_score", column_name="average_score", readonly=True)
    evaluation_count = fields.Field(attribute="evaluation_count", column_name="evaluations", readonly=True)
    score_spread = fields.Field(attribute="score_spread", column_name="score_spread", readonly=True)

    class Meta(ApplicationResource.Meta):
        fields = [*ApplicationResource.Meta.fields, "average_score", "evaluation_count", "score_spread"]

    def dehydrate_average_score(self, application):
        return percentage(getattr(application, "average_score", None))

    def dehydrate_evaluation_count(self, application):
        return getattr(application, "evaluation_count", 0)

    def dehydrate_score_spread(self, application):
        return percentage(getattr(application, "score_spread", None))


def percentage(value):
    return "" if value is None else f"{value:.2f}"


class ScoreResource(SpreadsheetResource):
    call = fields.Field(attribute="evaluation__application__call__name", column_name="call")
    application = fields.Field(attribute="evaluation__application__title", column_name="application")
    juror = fields.Field(attribute="evaluation__juror__username", column_name="juror")
    criterion = fields.Field(attribute="criterion__name", column_name="criterion")
    weight = fields.Field(attribute="criterion__weight", column_name="weight")
    max_score = fields.Field(attribute="criterion__max_score", column_name="max_score")
    submitted_at = fields.Field(attribute="evaluation__submitted_at", column_name="submitted_at")

    class Meta:
        model = Score
        fields = [
            "call",
            "application",
            "juror",
            "criterion",
            "weight",
            "max_score",
            "value",
            "comment",
            "submitted_at",
        ]
        export_order = fields

    def get_export_queryset(self, request=None, **kwargs):
        return (
            super()
            .get_export_queryset(request, **kwargs)
            .select_related("criterion", "evaluation__juror", "evaluation__application__call")
        )


class DecisionResource(SpreadsheetResource):
    application = fields.Field(attribute="application__title", column_name="application")
    call = fields.Field(attribute="application__call__name", column_name="call")
    decided_by = fields.Field(attribute="decided_by__username", column_name="decided_by")

    class Meta:
        model = Decision
        fields = ["call", "application", "previous_status", "outcome", "rationale", "decided_by", "decided_at"]
        export_order = fields
