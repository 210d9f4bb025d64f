from django.contrib import admin, messages
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from borders.models import Border, Country


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["iso_code", "name", "is_eligible", "has_shape", "updated_at"]
    list_filter = ["is_eligible"]
    search_fields = ["iso_code", "name"]
    readonly_fields = ["bbox", "label_latitude", "label_longitude", "created_at", "updated_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("shape")

    @admin.display(boolean=True, description=_("shape"))
    def has_shape(self, country):
        return "shape" not in country.get_deferred_fields() and country.shape is not None


@admin.register(Border)
class BorderAdmin(TranslationAdmin):
    list_display = ["name", "slug", "country_codes", "pilot_action_count", "has_line"]
    list_filter = ["countries__is_eligible"]
    search_fields = ["name", "slug", "countries__iso_code", "countries__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["countries"]
    readonly_fields = ["length_degrees", "created_at", "updated_at"]
    actions = ["derive_lines"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .defer("line")
            .prefetch_related("countries")
            .annotate(pilot_action_total=Count("pilot_actions", distinct=True))
        )

    @admin.display(description=_("countries"))
    def country_codes(self, border):
        return ", ".join(country.iso_code for country in border.countries.all())

    @admin.display(description=_("pilot actions"), ordering="pilot_action_total")
    def pilot_action_count(self, border):
        return border.pilot_action_total

    @admin.display(boolean=True, description=_("line"))
    def has_line(self, border):
        return border.label_latitude is not None

    def save_related(self, request, form, formset, change):
        super().save_related(request, form, formset, change)
        border = form.instance
        if not border.line:
            if border.derive_line():
                border.save()
            else:
                self.message_user(
                    request,
                    _("These countries share no edge, so no line could be derived: draw one as GeoJSON."),
                    messages.WARNING,
                )

    @admin.action(description=_("Derive the line from the countries’ shared edge"))
    def derive_lines(self, request, queryset):
        derived = 0
        for border in queryset:
            if border.derive_line():
                border.save()
                derived += 1
        self.message_user(request, _("%(count)d line(s) derived.") % {"count": derived})
