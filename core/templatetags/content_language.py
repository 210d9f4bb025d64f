"""Marking content shown in another language than the page's (``core.content_language`` decides which):

- ``{% lang_attr obj "summary" %}`` inside a tag: `` lang="en"`` where ``obj.summary`` is shown in English on a page
  in another language, nothing where it is in the page's language;
- ``{% content_language_note obj "title" "summary" %}`` once per block: a short line in the page's language,
  "Available in English", where any of the named fields that has a value is in another language;
- ``{{ obj|shown_in:"summary" }}``: the code of the language the value is shown in;
- ``{% text_lang_attr text %}``: `` lang="en"`` for a text that carries its language (``shown_text``), as
  breadcrumbs do.

None of them queries: they read the columns of the object the page already holds.
"""

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language_info, gettext

from core.content_language import displayed_language, foreign, foreign_language

register = template.Library()


@register.filter
def shown_in(obj, field):
    return displayed_language(obj, field) or ""


@register.simple_tag
def lang_attr(obj, field):
    return _lang(foreign_language(obj, field))


@register.simple_tag
def text_lang_attr(text):
    """`` lang="en"`` for a text that says its language (``LanguageText``: ``shown_text``, a ``display_name``) where
    that is not the page's; nothing for any other text."""
    return _lang(foreign(getattr(text, "language", None)))


def _lang(language):
    return format_html(' lang="{}"', language) if language else ""


def available_in(language):
    """'Available in English', in the page's language: a whole sentence for each content language; for any other
    language (a text that names its own), its translated name after a label, which needs no grammatical case."""
    if language == "en":
        return gettext("Available in English")
    if language == "fr":
        return gettext("Available in French")
    return gettext("Original language: %(language)s") % {"language": get_language_info(language)["name_translated"]}


@register.simple_tag
def content_language_note(obj, *fields, element="p"):
    """The note for a block showing ``fields`` of ``obj``; ``element="span"`` where a paragraph may not stand."""
    for field in fields:
        language = foreign_language(obj, field)
        if language:
            return format_html('<{0} class="content-language-note">{1}</{0}>', element, available_in(language))
    return ""
