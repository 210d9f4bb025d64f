"""Filters on HTML the portal rendered and sanitised itself (``core.text.render_markdown``), and only on it."""

from django import template
from django.utils.safestring import mark_safe

from core.text import SECTION_TEXT, excerpt_html, shift_headings

register = template.Library()


@register.filter
def excerpt(html, words):
    """``{{ html|excerpt:60 }}``: the start of a rendered text, cut without breaking its lists and tables."""
    return mark_safe(excerpt_html(str(html), int(words)))  # noqa: S308 (sanitised when rendered, and only cut here)


@register.filter
def as_section_text(html):
    """``{{ html|as_section_text }}``: a rendered text shown under a section's ``<h2>`` rather than under the
    heading it was rendered for (a report body in the editor's preview), its highest heading an ``<h3>``."""
    return mark_safe(shift_headings(str(html), SECTION_TEXT))  # noqa: S308 (sanitised when rendered; tags renamed)
