from django import template
from django.utils.translation import ngettext

from webinars.models import Webinar

register = template.Library()

# Sections on pages of lower apps (the home page, a pilot action's page), which load them here: ``projects`` never
# imports ``webinars``, so the sections bring their own queries, a fixed number each.

HOME_WEBINARS = 3


@register.inclusion_tag("webinars/includes/pilot_action_webinars.html")
def pilot_action_webinars(pilot_action):
    """The webinars a pilot action presented at, newest first, on its page (``projects``'); nothing if none."""
    return {"webinars": list(Webinar.objects.filter(presenting_pilot_actions=pilot_action).order_by("-date"))}


@register.inclusion_tag("webinars/includes/home_webinars.html")
def home_webinars(count=HOME_WEBINARS):
    """The home page's webinars section, the next and the latest ``count``."""
    return {
        "upcoming_webinars": list(Webinar.objects.upcoming()[:count]),
        "past_webinars": list(Webinar.objects.past()[:count]),
    }


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
