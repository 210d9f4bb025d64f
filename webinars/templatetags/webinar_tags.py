from django import template
from django.utils.translation import ngettext

register = template.Library()


@register.filter
def human_duration(value):
    """A timedelta as “1 hour 30 minutes”; empty when there is none."""
    if not value:
        return ""
    hours, minutes = divmod(round(value.total_seconds() / 60), 60)
    parts = []
    if hours:
        parts.append(ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours})
    if minutes or not hours:
        parts.append(ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes})
    return " ".join(parts)
