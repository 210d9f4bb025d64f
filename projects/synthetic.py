"""Synthetic pilot actions and reports for the benchmarks (`bench`, `bench_map`), never for real data.

Their slugs start with ``bench-``, so they can be told apart and removed; run the benchmarks on a
database of their own (the Makefile uses ``resilient_borders_bench``).
"""

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from borders.models import Border
from core.pagecache import one_change
from core.text import REPORT_BODY as REPORT_LEVEL
from core.text import render_markdown
from projects import mapcells
from projects.models import PilotAction, ProgressReport, ThematicGroup, Theme

SLUG_PREFIX = "bench-"
EUROPE = (-10.0, 35.0, 30.0, 62.0)
BATCH = 2000
REPORT_BODY = "The partners met **twice** across the border.\n\n- a joint drill\n- a shared map of risks"


def remove_synthetic_pilot_actions():
    """Delete the synthetic pilot actions and what hangs on them (reports, links), keeping no history of it:
    they were never real, and a history row written one by one per deleted row made removing 100,000 take
    many minutes."""
    with override_settings(SIMPLE_HISTORY_ENABLED=False, MAP_CELLS_AUTO_BUILD=False), one_change():
        PilotAction.objects.filter(slug__startswith=SLUG_PREFIX).delete()
    mapcells.build()


def grow_pilot_actions(target, generator, count_map_cells=True):
    """Add public pilot actions, each with a theme, a border and its countries, until ``target`` are public.

    Each row is placed on the map as ``bulk_create`` stores it (on its own place, which its border's link does not
    change); the map's cells are counted once at the end (``count_map_cells``), not after each batch's commit."""
    with override_settings(MAP_CELLS_AUTO_BUILD=False), one_change():
        _grow_pilot_actions(target, generator)
    if count_map_cells:
        mapcells.build()


def _grow_pilot_actions(target, generator):
    groups, themes = list(ThematicGroup.objects.all()), list(Theme.objects.all())
    borders = list(Border.objects.prefetch_related("countries"))
    missing = target - PilotAction.objects.public().count()
    start = PilotAction.objects.filter(slug__startswith=SLUG_PREFIX).count()
    west, south, east, north = EUROPE
    through = {name: getattr(PilotAction, name).through for name in ("themes", "borders", "countries")}
    for batch_start in range(0, max(missing, 0), BATCH):
        with transaction.atomic():
            created = PilotAction.objects.bulk_create(
                PilotAction(
                    title=f"Synthetic pilot action {start + index} (bench)",
                    slug=f"{SLUG_PREFIX}{start + index}",
                    group=generator.choice(groups),
                    status=PilotAction.Status.SELECTED,
                    latitude=Decimal(f"{generator.uniform(south, north):.5f}"),
                    longitude=Decimal(f"{generator.uniform(west, east):.5f}"),
                    summary="A synthetic pilot action for the benchmark.",
                    summary_en="A synthetic pilot action for the benchmark.",
                )
                for index in range(batch_start, min(batch_start + BATCH, missing))
            )
            links = {"themes": [], "borders": [], "countries": []}
            for pilot_action in created:
                border = generator.choice(borders)
                links["themes"].append(
                    through["themes"](pilotaction_id=pilot_action.pk, theme_id=generator.choice(themes).pk)
                )
                links["borders"].append(through["borders"](pilotaction_id=pilot_action.pk, border_id=border.pk))
                links["countries"].extend(
                    through["countries"](pilotaction_id=pilot_action.pk, country_id=country.pk)
                    for country in border.countries.all()
                )
            for name, rows in links.items():
                through[name].objects.bulk_create(rows, ignore_conflicts=True)


def grow_reports(target, generator):
    """Add published progress reports, spread over the public pilot actions, until ``target`` are published."""
    missing = target - ProgressReport.objects.published().count()
    if missing <= 0:
        return
    pilot_action_ids = list(PilotAction.objects.public().values_list("pk", flat=True))
    body_html, now = render_markdown(REPORT_BODY, top_level=REPORT_LEVEL), timezone.now()
    with one_change():  # the filter counts and the cells are computed once, after the last batch
        _grow_reports(missing, pilot_action_ids, body_html, now, generator)


def _grow_reports(missing, pilot_action_ids, body_html, now, generator):
    for batch_start in range(0, missing, BATCH):
        ProgressReport.objects.bulk_create(
            ProgressReport(
                pilot_action_id=generator.choice(pilot_action_ids),
                title=f"Progress report {batch_start + index} (bench)",
                period_start=(now - timedelta(days=120)).date(),
                period_end=(now - timedelta(days=30)).date(),
                body=REPORT_BODY,
                body_html=body_html,
                status=ProgressReport.Status.PUBLISHED,
                published_at=now - timedelta(minutes=generator.randint(0, 500_000)),
            )
            for index in range(min(BATCH, missing - batch_start))
        )
