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


# The audit trail (django-simple-history) copies every field, the French and English ones included.
@register(PilotAction.history.model)
class HistoricalPilotActionTranslation(TranslationOptions):
    fields = PilotActionTranslation.fields
