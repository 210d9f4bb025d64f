"""The results app's series on /statistics/: outputs published per month, which projects draws without
importing results (registered in ResultsConfig.ready)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from projects.statistics import MonthlySeries, by_month
from results.models import Output


def outputs_per_month(pilot_actions):
    """{month: outputs published} of ``pilot_actions`` (the filtered public ones), by their publication time."""
    return by_month(Output.objects.published().filter(pilot_action__in=pilot_actions), "published_at")


SERIES = MonthlySeries(
    slug="outputs",
    title=_("Outputs published per month"),
    column=_("Outputs published"),
    count=outputs_per_month,
    counted=lambda total: (
        ngettext("%(count)s output published", "%(count)s outputs published", total) % {"count": total}
    ),
    empty=_("No output of these pilot actions has been published yet."),
    order=1,
)
