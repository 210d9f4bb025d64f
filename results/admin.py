from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from results.models import FollowUp, Language, Obstacle, ObstacleMet, Output, OutputKind, Results


@admin.register(OutputKind)
class OutputKindAdmin(TranslationAdmin):
    list_display = ["name", "slug", "order"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Obstacle)
class ObstacleAdmin(TranslationAdmin):
    list_display = ["name", "slug", "order"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Language)
class LanguageAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "local_name", "order"]
    search_fields = ["code"]


@admin.register(Output)
class OutputAdmin(admin.ModelAdmin):
    list_display = ["title", "pilot_action", "kind", "date", "licence", "status", "published_at"]
    list_filter = ["status", "kind", "licence", "pilot_action__group", "languages"]
    search_fields = ["title", "summary", "pilot_action__title", "pilot_action__code"]
    autocomplete_fields = ["pilot_action"]
    filter_horizontal = ["languages", "themes"]
    date_hierarchy = "date"
    readonly_fields = ["author", "published_at", "announced_at"]
    list_select_related = ["pilot_action", "kind"]
    fieldsets = [
        (None, {"fields": ["pilot_action", "kind", "title", "summary", "date", "languages", "themes"]}),
        (_("The document"), {"fields": ["file", "link", "licence"]}),
        (_("For other border regions"), {"fields": ["reuse"]}),
        (_("Publication"), {"fields": ["status", "published_at", "announced_at", "author"]}),
    ]


class ObstacleMetInline(admin.TabularInline):
    model = ObstacleMet
    extra = 0
    fields = ["obstacle", "note"]


class FollowUpInline(admin.TabularInline):
    model = FollowUp
    extra = 0
    fields = ["title", "note", "link", "order"]


@admin.register(Results)
class ResultsAdmin(admin.ModelAdmin):
    list_display = ["pilot_action", "status", "published_at", "updated_at"]
    list_filter = ["status", "pilot_action__group", "obstacles"]
    search_fields = ["pilot_action__title", "pilot_action__code", "achievements"]
    autocomplete_fields = ["pilot_action"]
    readonly_fields = ["published_at", "updated_by"]
    list_select_related = ["pilot_action"]
    fields = ["pilot_action", "achievements", "reuse", "status", "published_at", "updated_by"]
    inlines = [ObstacleMetInline, FollowUpInline]
