"""Which language a piece of content is shown in, so that pages can say so instead of passing it off as translated.

The interface has many languages (settings.LANGUAGES) but content is stored in a few (settings.CONTENT_LANGUAGES,
modeltranslation's columns), falling back to English; a model field that is not translated at all (a progress
report's body, an output's title) is written in one language only, the default one unless the object names its
own (a ``content_language`` attribute). ``displayed_language`` answers the way modeltranslation's descriptor picks
the value it prints, from the columns the object already holds: it never queries.
"""

from django.conf import settings
from django.utils import translation
from django.utils.translation import pgettext
from modeltranslation import settings as mt_settings
from modeltranslation.fields import TranslationFieldDescriptor
from modeltranslation.utils import build_localized_fieldname, resolution_order
from modeltranslation.utils import get_language as stored_language


def page_language():
    """The active interface language (``el``, ``fr``...), or the default where none is active."""
    return translation.get_language() or settings.LANGUAGE_CODE


def written_language(obj):
    """The language an object's untranslated fields are written in."""
    return getattr(obj, "content_language", None) or mt_settings.DEFAULT_LANGUAGE


def displayed_language(obj, field):
    """The language in which ``obj.<field>`` is shown under the active language: the active one where it is a content
    language and its column is filled, else the first filled fallback's; None where nothing is filled."""
    if obj is None:
        return None
    descriptor = getattr(type(obj), field, None)
    if isinstance(descriptor, property):
        # A name made for the active language (``catalogue_name``, a border's or country's ``display_name``)
        # says which language it came out in.
        value = getattr(obj, field)
        return getattr(value, "language", None) if _meaningful(value) else None
    if not isinstance(descriptor, TranslationFieldDescriptor):
        return written_language(obj) if _meaningful(getattr(obj, "__dict__", {}).get(field)) else None
    for language in resolution_order(stored_language(), descriptor.fallback_languages):
        # Read from the loaded row only (a deferred column is not fetched for this): what the page prints was read
        # from these same columns by the descriptor.
        value = obj.__dict__.get(build_localized_fieldname(descriptor.field.name, language))
        if _meaningful(value):
            return language
    return None


def _meaningful(value):
    # modeltranslation's own test with the fields' defaults: an empty text is not a translation.
    return value not in (None, "")


def foreign_language(obj, field):
    """``displayed_language`` where it differs from the page's, else None: what a ``lang`` attribute must say."""
    return foreign(displayed_language(obj, field))


def foreign(language):
    """``language`` where it is not the page's, else None."""
    if language is None or same_language(language, page_language()):
        return None
    return language


def same_language(first, second):
    """``en`` and ``en-gb`` are one language for marking purposes."""
    return first.split("-")[0].lower() == second.split("-")[0].lower()


class LanguageText(str):
    """A text that knows the language it is written in, for names made for the active language: a page marks it
    (``lang_attr``) where that is not the page's."""

    def __new__(cls, text, language=None):  # a default for pickle, which calls it with the text alone
        value = super().__new__(cls, text)
        value.language = language
        return value


def catalogue_name(obj, context, field="name"):
    """The name of one of the programme's fixed terms (a thematic group, a theme) in the active language: its column
    where the language has one (a content language), else the interface catalogue's translation of its English name
    under ``context``, as long as staff have kept the name the programme gave it (the catalogues know only that one);
    else the fallback's, in English."""
    language = page_language()
    value = getattr(obj, field)
    shown = displayed_language(obj, field)
    if shown is None or same_language(shown, language):
        return LanguageText(value, shown or language)
    english = obj.__dict__.get(build_localized_fieldname(field, mt_settings.DEFAULT_LANGUAGE))
    translated = pgettext(context, english) if english else ""
    if translated and translated != english:
        return LanguageText(translated, language)
    return LanguageText(value, shown)


def shown_text(obj, field):
    """``obj.<field>`` as a page shows it, knowing its language: for a text passed on without its object (a
    breadcrumb), which ``{% text_lang_attr %}`` then marks."""
    return LanguageText(getattr(obj, field), displayed_language(obj, field))
