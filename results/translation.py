from modeltranslation.translator import TranslationOptions, register

from results.models import Obstacle, OutputKind


@register(OutputKind)
class OutputKindTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Obstacle)
class ObstacleTranslation(TranslationOptions):
    fields = ("name", "description")
