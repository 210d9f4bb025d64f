from modeltranslation.translator import TranslationOptions, register

from projects.models import PilotAction, ThematicGroup, Theme


@register(ThematicGroup)
class ThematicGroupTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Theme)
class ThemeTranslation(TranslationOptions):
    fields = ("name", "description")


@register(PilotAction)
class PilotActionTranslation(TranslationOptions):
    fields = ("summary", "description", "objectives")
