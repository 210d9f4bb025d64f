from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from core.admin_mixins import ReadOnlyHistoryAdmin
from projects.models import (
    Organisation,
    Partnership,
    PilotAction,
    ProgressReport,
    ReportDocument,
    ReportingDeadline,
    ReportPhoto,
    Source,
    ThematicGroup,
    Theme,
)
from projects.widgets import CoordinateField, LocationPickerWidget


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "acronym", "city", "country", "website"]
    list_filter = ["country"]
    search_fields = ["name", "acronym", "city"]
    autocomplete_fields = ["country"]


@admin.register(ThematicGroup)
class ThematicGroupAdmin(TranslationAdmin):
    list_display = ["name", "code_prefix", "coordinating_organisation", "reference_title", "order"]
    search_fields = ["name", "reference_title"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["coordinating_organisation", "staff_contacts"]


@admin.register(Theme)
class ThemeAdmin(TranslationAdmin):
    list_display = ["name", "slug", "hazard_family", "order"]
    list_filter = ["hazard_family"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


class PartnershipInline(admin.TabularInline):
    model = Partnership
    extra = 0
    autocomplete_fields = ["organisation"]
    fields = ["organisation", "role", "note", "order"]


class SourceInline(admin.TabularInline):
    model = Source
    extra = 0
    fields = ["url", "description", "order"]


class PilotActionAdminForm(forms.ModelForm):
    """The admin builds the Meta from its fieldsets; these two fields add the map and the comma."""

    latitude = CoordinateField(limit=90, label=_("latitude"), widget=LocationPickerWidget(longitude_field="longitude"))
    longitude = CoordinateField(limit=180, label=_("longitude"))


class LocationFilter(admin.SimpleListFilter):
    """Which pilot actions have a place of their own; the others are drawn on their border's label point."""

    title = _("location")
    parameter_name = "location"

    def lookups(self, request, model_admin):
        return [("exact", _("Has a place")), ("none", _("No place: shown on its border"))]

    def queryset(self, request, queryset):
        if self.value() == "exact":
            return queryset.located()
        if self.value() == "none":
            return queryset.unlocated()
        return queryset


@admin.register(PilotAction)
class PilotActionAdmin(ReadOnlyHistoryAdmin, TranslationAdmin):
    """A pilot action's status is read-only: it changes only by a decision on the application (selection admin),
    which records who decided, when and why."""

    form = PilotActionAdminForm
    list_display = ["title", "code", "acronym", "group", "status", "record_confidence", "has_place", "updated_at"]
    list_filter = ["status", "record_confidence", LocationFilter, "group", "call", "themes", "borders"]
    list_select_related = ["group"]
    search_fields = ["title", "acronym", "code", "summary", "organisations__name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["group", "call", "themes", "borders", "countries", "coordinators"]
    inlines = [PartnershipInline, SourceInline]
    readonly_fields = ["status", "created_at", "updated_at"]
    date_hierarchy = "start_date"
    fieldsets = [
        (None, {"fields": ["code", "title", "acronym", "slug", "group", "themes"]}),
        (_("Publication"), {"fields": ["status", "record_confidence", "call", "internal_notes"]}),
        (
            _("Where"),
            {"fields": ["borders", "countries", "latitude", "longitude", "location_is_approximate", "location_note"]},
        ),
        (_("What"), {"fields": ["summary", "description", "objectives", "website"]}),
        (_("When and how much"), {"fields": ["start_date", "end_date", "eu_contribution"]}),
        (_("People"), {"fields": ["coordinators"]}),
        (_("History"), {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    @admin.display(description=_("has a place"), boolean=True, ordering="latitude")
    def has_place(self, pilot_action):
        return pilot_action.has_place


class ReportPhotoInline(admin.TabularInline):
    model = ReportPhoto
    extra = 0
    fields = ["image", "caption", "alt_text", "order", "thumbnail"]
    readonly_fields = ["thumbnail"]


class ReportDocumentInline(admin.TabularInline):
    model = ReportDocument
    extra = 0
    fields = ["file", "title", "order"]


@admin.register(ProgressReport)
class ProgressReportAdmin(admin.ModelAdmin):
    list_display = ["title", "pilot_action", "status", "period_start", "period_end", "published_at", "author"]
    list_filter = ["status", "pilot_action__group"]
    list_select_related = ["pilot_action", "author"]
    search_fields = ["title", "body", "pilot_action__title", "pilot_action__acronym"]
    autocomplete_fields = ["pilot_action", "author"]
    date_hierarchy = "published_at"
    readonly_fields = ["created_at", "updated_at", "announced_at"]
    inlines = [ReportPhotoInline, ReportDocumentInline]


@admin.register(ReportingDeadline)
class ReportingDeadlineAdmin(admin.ModelAdmin):
    """Coordinators see the next deadline in their workspace and get one reminder a week before."""

    list_display = ["title", "due_date", "group"]
    list_filter = ["group"]
    search_fields = ["title", "description"]
    date_hierarchy = "due_date"


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin):
    list_display = ["organisation", "role", "pilot_action", "note"]
    list_filter = ["role"]
    list_select_related = ["organisation", "pilot_action"]
    search_fields = ["organisation__name", "pilot_action__title", "pilot_action__acronym", "note"]
    autocomplete_fields = ["pilot_action", "organisation"]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["url", "description", "pilot_action"]
    list_select_related = ["pilot_action"]
    search_fields = ["url", "description", "pilot_action__title"]
    autocomplete_fields = ["pilot_action"]
