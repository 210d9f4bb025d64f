"""Pieces of public pages that depend on the public content alone, rendered once per content version and
language instead of on every request: a pilot action's card, a pilot action's page below its breadcrumbs, a
progress report in the updates' list.
And the one switch that turns every rendering shortcut off (these fragments, the cached filter choices and
counts, the filter widgets' direct rendering), so that a test can render a page both ways and compare.
"""

from django.conf import settings
from django.db import models
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from borders.geojson import border_feature, feature_collection
from core.pagecache import cached_for_content, cached_many_for_content
from projects.geojson import BORDER_PLACEMENT_LABEL, pilot_action_feature
from projects.models import PilotAction, ProgressReport

CARD_TEMPLATE = "includes/pilot_action_card.html"
PAGE_BODY_TEMPLATE = "includes/pilot_action_page.html"
REPORT_ITEM_TEMPLATE = "includes/progress_report_item.html"


def rendering_shortcuts():
    """False renders everything afresh, as plain Django would: for the tests that compare the two."""
    return settings.RENDERING_SHORTCUTS


def public_pilot_action_count():
    """How many pilot actions are public, as several pages say: counted once per content version."""
    if not rendering_shortcuts():
        return PilotAction.objects.public().count()
    return cached_for_content("public-pilot-action-count", PilotAction.objects.public().count)


def with_card_relations(pilot_actions):
    """``pilot_actions`` (any rows, in their order) with what their cards print: as they are when they were
    fetched with ``with_relations()``, else fetched again so, in one go."""
    if all(_has_card_relations(pilot_action) for pilot_action in pilot_actions):
        return list(pilot_actions)
    fetched = PilotAction.objects.with_relations().in_bulk([pilot_action.pk for pilot_action in pilot_actions])
    return [fetched[pilot_action.pk] for pilot_action in pilot_actions]


def _has_card_relations(pilot_action):
    prefetched = getattr(pilot_action, "_prefetched_objects_cache", {})
    return all(name in prefetched for name in ("themes", "borders")) and hasattr(pilot_action, "lead_partnerships")


def card_items(context, pilot_actions):
    """``<li>`` and a card for each of ``pilot_actions``, as ``{% for pilot_action in pilot_actions %}<li>{%
    include "includes/pilot_action_card.html" %}</li>{% endfor %}`` renders them in ``context``.

    A card depends on its pilot action, the heading level and the language only: it is kept per content version
    under those, and rendered in a context of its own (nothing else of the page's can slip into a stored card).
    Only the cards not stored need their rows' relations, fetched in one go for all of them.
    """
    template = context.template.engine.get_template(CARD_TEMPLATE)
    heading_level = context.get("heading_level")
    if not rendering_shortcuts():
        cards = []
        for pilot_action in with_card_relations(pilot_actions):
            with context.push(pilot_action=pilot_action):
                cards.append(template.render(context))
        return _items(cards)

    names = [f"card:{get_language()}:{heading_level}:{pilot_action.pk}" for pilot_action in pilot_actions]
    by_name = dict(zip(names, pilot_actions, strict=True))

    def render_missing(names):
        missing = with_card_relations([by_name[name] for name in names])
        return {
            name: template.render(context.new({"pilot_action": pilot_action, "heading_level": heading_level}))
            for name, pilot_action in zip(names, missing, strict=True)
        }

    cards = cached_many_for_content(list(by_name), render_missing)
    return _items(cards[name] for name in names)


def report_item(context, report, reports):
    """A published progress report as the updates' list shows it (``includes/progress_report_item.html``), kept
    per content version and language. The first of ``reports`` (the page's) asked for reads them all in one go,
    and fetches those not stored in one query; the others find theirs ready."""
    template = context.template.engine.get_template(REPORT_ITEM_TEMPLATE)
    if not rendering_shortcuts():
        with context.push(report=report):
            return template.render(context)
    items = context.render_context.get(REPORT_ITEM_TEMPLATE)
    if items is None or report.pk not in items:
        items = context.render_context[REPORT_ITEM_TEMPLATE] = _report_items(template, context, list(reports))
    return items[report.pk]


def _report_items(template, context, reports):
    names = {f"report-item:{get_language()}:{report.pk}": report for report in reports}

    def render_missing(missing):
        missing_reports = [names[name] for name in missing]
        if not all(ProgressReport.pilot_action.is_cached(report) for report in missing_reports):
            fetched = ProgressReport.objects.for_list().in_bulk([report.pk for report in missing_reports])
            missing_reports = [fetched[report.pk] for report in missing_reports]
        return {
            name: template.render(context.new({"report": report}))
            for name, report in zip(missing, missing_reports, strict=True)
        }

    rendered = cached_many_for_content(list(names), render_missing)
    return {report.pk: mark_safe(rendered[name]) for name, report in names.items()}  # noqa: S308 (rendered by the engine)


def page_body_context(pilot_action):
    """What a pilot action's page prints below its breadcrumbs, from a row of ``PilotAction.objects.for_detail()``:
    its partners, and its map (its borders' lines and its point, said how it was placed)."""
    features = [border_feature(border) for border in pilot_action.borders.all() if border.line]
    place = pilot_action.map_point
    if place is not None:
        features.append(pilot_action_feature(pilot_action))
    return {
        "pilot_action": pilot_action,
        "partnerships": pilot_action.partnerships.all(),
        "map_geojson": feature_collection(features),
        "map_place": place and {"on_border": place[2], "label": BORDER_PLACEMENT_LABEL},
    }


def page_body(context, pilot_action):
    """A pilot action's page below its breadcrumbs (``includes/pilot_action_page.html``), kept per content version
    and language: it depends on nothing else. Only when it is not stored are its relations fetched (a dozen
    queries; ``pilot_action`` comes with its group), and it is rendered in a context of its own."""
    template = context.template.engine.get_template(PAGE_BODY_TEMPLATE)

    def detailed():
        # What for_detail() fetches besides the row and its group (which the page's own query joins): no query more
        # than a page of for_detail() rows costs.
        models.prefetch_related_objects([pilot_action], *PilotAction.objects.for_detail()._prefetch_related_lookups)
        return pilot_action

    if not rendering_shortcuts():
        with context.push(**page_body_context(detailed())):
            return template.render(context)
    return cached_for_content(
        f"pilot-action-page:{get_language()}:{pilot_action.pk}",
        lambda: template.render(context.new(page_body_context(detailed()))),
    )


def _items(cards):
    return mark_safe("".join(f"<li>{card}</li>" for card in cards))  # noqa: S308 (rendered by the template engine)
