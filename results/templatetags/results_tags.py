"""The results app's sections on pages of lower apps (a pilot action's page, the home page), which load them
here: ``projects`` never imports ``results``, so the sections bring their own queries, a fixed number each."""

from django import template

from results.models import Output, Results

register = template.Library()

LATEST_OUTPUTS = 4


@register.inclusion_tag("results/includes/pilot_action_results.html")
def pilot_action_results(pilot_action):
    """A pilot action's published results (``id="results"``); nothing until they are published."""
    results = Results.objects.published().with_details().filter(pilot_action=pilot_action).first()
    return {"pilot_action": pilot_action, "results": results}


@register.inclusion_tag("results/includes/pilot_action_outputs.html")
def pilot_action_outputs(pilot_action):
    """A pilot action's published outputs as cards (``id="outputs"``), newest first; nothing while it has none."""
    outputs = Output.objects.published().with_relations().filter(pilot_action=pilot_action).newest_first()
    return {"pilot_action": pilot_action, "outputs": list(outputs)}


@register.inclusion_tag("results/includes/latest_outputs.html")
def latest_outputs(count=LATEST_OUTPUTS):
    """The newest published outputs, as the library lists them first, for the home page."""
    return {"outputs": list(Output.objects.published().with_relations().newest_first()[:count])}
