from modeltranslation.translator import TranslationOptions, register

from webinars.models import AgendaItem, Webinar


@register(Webinar)
class WebinarTranslation(TranslationOptions):
    fields = ("title", "description")


@register(AgendaItem)
class AgendaItemTranslation(TranslationOptions):
    fields = ("title", "description")
