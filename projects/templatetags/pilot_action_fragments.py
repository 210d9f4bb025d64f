"""Pieces of public pages kept per content version and language (``projects.fragments``):
``{% pilot_action_cards pilot_actions %}``, the cards of a list of pilot actions, each in its ``<li>``; and
``{% pilot_action_page_body pilot_action %}``, a pilot action's page below its breadcrumbs; and
``{% progress_report_item report reports %}``, a report in the updates' list (``reports``: the page's)."""

from django import template

from projects import fragments

register = template.Library()


@register.simple_tag(takes_context=True)
def pilot_action_cards(context, pilot_actions):
    """Each a card as ``includes/pilot_action_card.html`` renders it (``heading_level`` from the context), kept
    per content version and language (``projects.fragments``)."""
    return fragments.card_items(context, list(pilot_actions))


@register.simple_tag(takes_context=True)
def pilot_action_page_body(context, pilot_action):
    """``includes/pilot_action_page.html`` for ``pilot_action`` (any row of it: what it prints is fetched when it
    is not stored)."""
    return fragments.page_body(context, pilot_action)


@register.simple_tag(takes_context=True)
def progress_report_item(context, report, reports):
    """``includes/progress_report_item.html`` for ``report``, one of ``reports`` (the page's, read together)."""
    return fragments.report_item(context, report, reports)
