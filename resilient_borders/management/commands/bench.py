"""`make bench`: the portal at scale under gunicorn, measured with wrk against a bare Django view.

It tops the database up to --pilot-actions synthetic public pilot actions and --reports published
progress reports (slugs and titles say "bench"; use a database of its own: `make bench` does),
serves it with gunicorn (2 workers, production settings), and loads each page from wrk in a second
process on 127.0.0.1. The floor is a view that returns "ok" through the same middleware and
gunicorn: what Django itself costs. Each page's throughput is printed as a share of that floor.
"""

import json
import os
import random
import shutil
import statistics
import subprocess
import tempfile
import time

from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from core.localserver import gunicorn_server
from projects.models import PilotAction, ProgressReport, ThematicGroup
from projects.synthetic import SLUG_PREFIX, grow_pilot_actions, grow_reports

WRK = shutil.which("wrk")
TARGET_MEDIAN_MS = 25
TARGET_FLOOR_SHARE = 0.30

WRK_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format('{"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "errors": %d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
      + summary.errors.status))
end
"""


class Command(BaseCommand):
    help = "Benchmark the public pages at scale under gunicorn with wrk, against a bare Django view."

    def add_arguments(self, parser):
        parser.add_argument("--pilot-actions", type=int, default=10_000)
        parser.add_argument("--reports", type=int, default=50_000)
        parser.add_argument("--duration", type=int, default=10, help="seconds of load per page")
        parser.add_argument("--connections", type=int, default=4)
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--seed", type=int, default=2025)

    def handle(self, *args, pilot_actions, reports, duration, connections, workers, seed, **options):
        if connection.vendor != "postgresql":
            raise CommandError("Run against a PostgreSQL database of its own: `make bench` does.")
        if not WRK:
            raise CommandError("wrk is missing: apt-get install wrk (make bench installs it).")
        if not ThematicGroup.objects.exists():
            raise CommandError("Load the programme first: manage.py load_programme")
        generator = random.Random(seed)  # noqa: S311 (repeatable synthetic data, not a secret)
        self.top_up(pilot_actions, reports, generator)
        pages = self.pages()
        self.stdout.write(
            f"rendered without the page cache, in-process, at {PilotAction.objects.public().count():,} "
            f"pilot actions and {ProgressReport.objects.published().count():,} reports:"
        )
        self.stdout.write(f"  {'page':<22} {'queries':>7} {'median ms':>10}")
        for name, path in pages:
            queries, median_ms = self.render_cold(path)
            self.stdout.write(f"  {name:<22} {queries:>7} {median_ms:>10.1f}")
        env = {"DJANGO_BENCH_FLOOR": "1", "CACHE_URL": os.environ.get("CACHE_URL", "")}
        with gunicorn_server(env, workers=workers, ready_path="/bench/floor") as base:
            self.stdout.write(f"gunicorn: {workers} workers on {base}")
            results = [("floor (bare view)", self.wrk(f"{base}/bench/floor", duration, connections))]
            for name, path in pages:
                results.append((name, self.wrk(f"{base}{path}", duration, connections)))
        self.report(results, workers, connections, duration)

    def top_up(self, pilot_action_target, report_target, generator):
        grow_pilot_actions(pilot_action_target, generator)
        grow_reports(report_target, generator)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # what autovacuum does after a bulk load

    def pages(self):
        detail = (
            PilotAction.objects.public()
            .filter(slug__startswith=SLUG_PREFIX, progress_reports__isnull=False)
            .order_by("pk")
            .first()
        )
        return [
            ("home", "/"),
            ("list", "/pilot-actions/"),
            ("filtered list", "/pilot-actions/?group=crisis-management&theme=floods&page=2"),
            ("detail", detail.get_absolute_url()),
            ("map", "/map/"),
            ("geojson", "/api/pilot-actions.geojson?bbox=-10,35,30,62&zoom=4"),
        ]

    def render_cold(self, path, times=7):
        """Queries and median time of a render that no cache helps: the cost of a page's first visitor."""
        client, timings = Client(), []
        with override_settings(ALLOWED_HOSTS=["testserver"], PUBLIC_PAGE_CACHE_SECONDS=0):
            for _ in range(times):
                cache.clear()
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    response = client.get(path)
                    timings.append((time.perf_counter() - started) * 1000)
                if response.status_code != 200:
                    raise CommandError(f"{path} answered {response.status_code}")
        return len(queries), statistics.median(timings)

    def wrk(self, url, duration, connections):
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(WRK_SCRIPT)
        try:
            subprocess.run([WRK, "-t1", "-c2", "-d2s", url], check=True, capture_output=True)  # noqa: S603 (warm-up)
            output = subprocess.run(  # noqa: S603 (our own URL)
                [WRK, "-t1", f"-c{connections}", f"-d{duration}s", "-s", script.name, url],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
        finally:
            os.unlink(script.name)
        summary = json.loads(output.strip().splitlines()[-1])
        if summary["errors"]:
            raise CommandError(f"{url}: {summary['errors']} errors or non-2xx answers")
        return {
            "rps": summary["requests"] / (summary["duration_us"] / 1e6),
            "median_ms": summary["p50_us"] / 1000,
            "p95_ms": summary["p95_us"] / 1000,
        }

    def report(self, results, workers, connections, duration):
        floor = results[0][1]["rps"]
        self.stdout.write(
            f"\nwrk: {connections} connections for {duration} s a page; gunicorn {workers} sync workers; "
            f"targets: median < {TARGET_MEDIAN_MS} ms and ≥ {TARGET_FLOOR_SHARE:.0%} of the floor"
        )
        self.stdout.write(f"{'page':<22} {'req/s':>8} {'median ms':>10} {'p95 ms':>8} {'of floor':>9}  target")
        shortfalls = []
        for name, result in results:
            share = result["rps"] / floor
            met = result["median_ms"] < TARGET_MEDIAN_MS and share >= TARGET_FLOOR_SHARE
            if not met and not name.startswith("floor"):
                shortfalls.append(name)
            self.stdout.write(
                f"{name:<22} {result['rps']:>8.0f} {result['median_ms']:>10.1f} {result['p95_ms']:>8.1f} "
                f"{share:>9.0%}  {'met' if met else 'MISSED'}"
            )
        medians = [result["median_ms"] for name, result in results[1:]]
        self.stdout.write(f"median of the page medians: {statistics.median(medians):.1f} ms")
        if shortfalls:
            self.stdout.write(self.style.WARNING(f"targets missed: {', '.join(shortfalls)}"))
