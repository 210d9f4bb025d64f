"""``{{ html|excerpt:60 }}``: the start of a rendered text, cut without breaking its lists and tables."""

from django import template
from django.utils.safestring import mark_safe

from core.text import excerpt_html

register = template.Library()


@register.filter
def excerpt(html, words):
    """Only for HTML the portal rendered and sanitised itself (``render_markdown``)."""
    return mark_safe(excerpt_html(str(html), int(words)))  # noqa: S308 (sanitised when rendered, and only cut here)
