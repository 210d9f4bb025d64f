from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from programme.models import FrequentlyAskedQuestion


@admin.register(FrequentlyAskedQuestion)
class FrequentlyAskedQuestionAdmin(TranslationAdmin):
    list_display = ["question", "order", "is_published", "updated_at"]
    list_display_links = ["question"]
    list_editable = ["order", "is_published"]
    list_filter = ["is_published"]
    search_fields = ["question", "answer"]
    prepopulated_fields = {"slug": ["question"]}
    fields = ["question", "slug", "answer", "order", "is_published"]
