from modeltranslation.translator import TranslationOptions, register

from projects.translation import PilotActionTranslation
from selection.models import Application


# The proxy needs its own registration: without it, setting ``summary`` on an application (as an import that
# updates one does) set a plain attribute that modeltranslation then overwrote from ``summary_en`` on save.
@register(Application)
class ApplicationTranslation(TranslationOptions):
    fields = PilotActionTranslation.fields
