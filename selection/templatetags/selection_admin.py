from django import template

from projects.models import PilotAction
from selection.models import SEES_ALL_SCORES, Call

register = template.Library()


@register.inclusion_tag("admin/selection/dashboard.html", takes_context=True)
def selection_dashboard(context):
    """Counts per call and status on the admin index, for those who may see the calls."""
    user = context["request"].user
    if not user.has_perm("selection.view_call"):
        return {"calls": None}
    calls = Call.objects.visible_to(user).with_progress().select_related("group").order_by("-opens_on")
    return {
        "calls": calls,
        "statuses": PilotAction.Status.choices,
        "sees_ranking": user.has_perm(SEES_ALL_SCORES),
    }


@register.filter
def count_for(call, status):
    return getattr(call, f"count_{status}", 0)
