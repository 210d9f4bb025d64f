from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from webinars.models import AgendaItem, Webinar


class AgendaItemInline(TranslationTabularInline):
    model = AgendaItem
    extra = 0
    fields = ["order", "start_time", "title", "speakers", "description"]


@admin.register(Webinar)
class WebinarAdmin(TranslationAdmin):
    list_display = ["title", "date", "start_time", "time_zone", "platform"]
    list_filter = ["platform"]
    search_fields = ["title", "description"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["organisers", "attending_organisations", "presenting_pilot_actions"]
    date_hierarchy = "date"
    inlines = [AgendaItemInline]


@admin.register(AgendaItem)
class AgendaItemAdmin(TranslationAdmin):
    list_display = ["title", "webinar", "order", "start_time", "speakers"]
    list_select_related = ["webinar"]
    search_fields = ["title", "speakers", "webinar__title"]
    autocomplete_fields = ["webinar"]
