"""Measure the map's GeoJSON endpoint at growing numbers of pilot actions.

Synthetic pilot actions (slugs starting ``bench-``) are added next to the real ones, so run it
against a database of its own (``make bench-map`` uses ``resilient_borders_bench`` on PostgreSQL).
"""

import random
import statistics
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import override_settings

from projects.geojson import MAX_CELLS, forget_map_data_version
from projects.models import PilotAction, ThematicGroup, Theme
from projects.synthetic import SLUG_PREFIX, grow_pilot_actions


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


class Command(BaseCommand):
    help = "Benchmark /api/pilot-actions.geojson at several numbers of pilot actions (median and 95th percentile)."

    def add_arguments(self, parser):
        parser.add_argument("--sizes", type=int, nargs="+", default=[20, 10_000, 100_000])
        parser.add_argument("--requests", type=int, default=200, help="requests per size")
        parser.add_argument("--seed", type=int, default=2025)
        parser.add_argument("--keep", action="store_true", help="leave the synthetic pilot actions in place")

    def handle(self, *args, sizes, requests, seed, keep, **options):
        groups = list(ThematicGroup.objects.all())
        themes = list(Theme.objects.all())
        if not groups or not themes:
            raise CommandError("Load the programme first: manage.py load_programme")
        generator = random.Random(seed)  # noqa: S311 (repeatable synthetic data, not a secret)
        PilotAction.objects.filter(slug__startswith=SLUG_PREFIX).delete()  # left by an earlier --keep
        client = Client()
        self.stdout.write(f"database: {connection.vendor}; {requests} requests per size; random viewports over Europe")
        self.stdout.write(f"{'pilot actions':>14} {'median ms':>10} {'p95 ms':>8} {'max ms':>8} {'max features':>13}")
        try:
            for size in sorted(sizes):
                grow_pilot_actions(size, generator)
                if connection.vendor == "postgresql":
                    # What autovacuum does after a bulk load in production: fresh statistics, index-only scans.
                    # VACUUM cannot run inside a transaction (as in the tests); ANALYZE can.
                    statement = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
                    with connection.cursor() as cursor:
                        cursor.execute(f"{statement} projects_pilotaction")
                forget_map_data_version()
                latencies, largest = self.measure(client, requests, generator)
                self.stdout.write(
                    f"{PilotAction.objects.public().count():>14} {statistics.median(latencies):>10.1f} "
                    f"{percentile(latencies, 0.95):>8.1f} {max(latencies):>8.1f} {largest:>13}"
                )
                if largest > MAX_CELLS:
                    raise CommandError(f"a response carried {largest} features, more than {MAX_CELLS}")
        finally:
            if not keep:
                PilotAction.objects.filter(slug__startswith=SLUG_PREFIX).delete()

    def measure(self, client, requests, generator):
        latencies, largest = [], 0
        with override_settings(ALLOWED_HOSTS=["testserver"]):
            for _ in range(requests):
                zoom = generator.randint(3, 12)
                span = 360 / 2**zoom * 4  # about a 1000-pixel-wide screen
                longitude = generator.uniform(-10, 30)
                latitude = generator.uniform(35, 62)
                bbox = (
                    f"{max(-180, longitude - span / 2):.4f},{max(-90, latitude - span / 4):.4f},"
                    f"{min(180, longitude + span / 2):.4f},{min(90, latitude + span / 4):.4f}"
                )
                query = {"bbox": bbox, "zoom": zoom}
                if generator.random() < 0.3:
                    query["group"] = "crisis-management"
                started = time.perf_counter()
                response = client.get("/api/pilot-actions.geojson", query)
                latencies.append((time.perf_counter() - started) * 1000)
                if response.status_code != 200:
                    raise CommandError(f"{response.status_code} for {query}: {response.content[:200]!r}")
                largest = max(largest, len(response.json()["features"]))
        return latencies, largest
