from modeltranslation.translator import TranslationOptions, register

from borders.models import Border


@register(Border)
class BorderTranslation(TranslationOptions):
    fields = ("name", "description")
