"""Measure the map's GeoJSON endpoint at growing numbers of pilot actions.

Synthetic pilot actions (slugs starting ``bench-``) are added next to the real ones, so run it
against a database of its own (``make bench-map`` uses ``resilient_borders_bench`` on PostgreSQL).

In-process (the test client) always; with --over-http (``make bench-map`` sets it) also under gunicorn with
production settings, at each size: the GeoJSON's latencies over a set of viewports at several zooms, the first
``/map/`` and the first countries GeoJSON a freshly started worker answers, and the size of the countries
GeoJSON the map asks for at its opening view, compressed. --million adds a run at 1,000,000 pilot actions.
"""

import gzip
import html
import random
import re
import signal
import statistics
import time
import urllib.request
from urllib.parse import urlencode

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import override_settings

from core.localserver import gunicorn_server
from core.pagecache import public_content_changed
from projects import mapcells
from projects.geojson import MAX_CELLS
from projects.models import PilotAction, ThematicGroup, Theme
from projects.synthetic import grow_pilot_actions, remove_synthetic_pilot_actions
from resilient_borders import bench_browser
from resilient_borders.management.commands.bench import stop, write_missed

# Issue #14's targets.
TARGET_HTTP_P95_MS = 50  # the GeoJSON over HTTP at 100,000 pilot actions
TARGET_HTTP_P95_AT = 100_000
TARGET_FIRST_REQUEST_MS = 500  # the first /map/ and countries GeoJSON a fresh worker answers
TARGET_COUNTRIES_GZIP_BYTES = 100_000  # the countries GeoJSON at the map's opening view, compressed
MILLION = 1_000_000
TARGET_REDRAW_MS = 200  # the map redrawn after a filter change, in chromium
BROWSER_AT = 10_000  # the browser step runs at the first size with at least this many pilot actions


# What grow_pilot_actions fills, analysed after it as autovacuum would.
GROWN_TABLES = [
    "projects_pilotaction", "projects_pilotaction_themes", "projects_pilotaction_borders",
    "projects_pilotaction_countries",
]  # fmt: skip


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def viewport_queries(generator, requests):
    """``requests`` GeoJSON queries as the map sends them: random viewports over Europe at zooms 3 to 12, about
    a 1000-pixel-wide screen, some with a filter."""
    queries = []
    for _ in range(requests):
        zoom = generator.randint(3, 12)
        span = 360 / 2**zoom * 4
        longitude = generator.uniform(-10, 30)
        latitude = generator.uniform(35, 62)
        bbox = (
            f"{max(-180, longitude - span / 2):.4f},{max(-90, latitude - span / 4):.4f},"
            f"{min(180, longitude + span / 2):.4f},{min(90, latitude + span / 4):.4f}"
        )
        query = {"bbox": bbox, "zoom": zoom}
        if generator.random() < 0.3:
            query["group"] = "crisis-management"
        queries.append(query)
    return queries


def timed_get(url, headers=None):
    """(milliseconds, body as sent, response headers) of one GET to our own local server."""
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 (our own local server)
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310 (our own local server)
        body = response.read()
    return (time.perf_counter() - started) * 1000, body, response.headers


def gzip_size(body, headers):
    """Bytes on the wire when compressed: as sent if the server compressed it, else gzip at level 6 (nginx's
    and most proxies' default)."""
    if headers.get("Content-Encoding") == "gzip":
        return len(body)
    return len(gzip.compress(body, compresslevel=6))


def countries_url(map_page):
    """The countries GeoJSON address the map page gives its script (what it fetches at its opening view)."""
    match = re.search(rb'data-countries-url="([^"]+)"', map_page)
    if match is None:
        raise CommandError("the map page names no data-countries-url")
    return html.unescape(match.group(1).decode())


def judged(value, target, unit):
    return f"{value:.1f} {unit} (target < {target} {unit}: {'met' if value < target else 'MISSED'})"


def http_lines(figures):
    """The over-HTTP table, one row per size: GeoJSON latencies, first requests of fresh workers, gzip size."""
    lines = [
        f"{'pilot actions':>14} {'median ms':>10} {'p95 ms':>8} {'p95 target':>11} │ {'1st /map/ ms':>12} "
        f"{'1st countries ms':>16} {'<' + str(TARGET_FIRST_REQUEST_MS) + ' ms':>7} │ {'countries gzip':>14} "
        f"{'<' + str(TARGET_COUNTRIES_GZIP_BYTES // 1000) + ' KB':>7}"
    ]
    for row in figures:
        if row["size"] >= TARGET_HTTP_P95_AT:
            p95_verdict = f"<{TARGET_HTTP_P95_MS}: " + ("met" if row["p95_ms"] < TARGET_HTTP_P95_MS else "MISSED")
        else:
            p95_verdict = "-"
        if row["size"] >= MILLION:
            p95_verdict = "(figure)"
        first_met = max(row["first_map_ms"], row["first_countries_ms"]) < TARGET_FIRST_REQUEST_MS
        gzip_met = row["countries_gzip_bytes"] < TARGET_COUNTRIES_GZIP_BYTES
        lines.append(
            f"{row['size']:>14} {row['median_ms']:>10.1f} {row['p95_ms']:>8.1f} {p95_verdict:>11} │ "
            f"{row['first_map_ms']:>12.0f} {row['first_countries_ms']:>16.0f} {'met' if first_met else 'MISSED':>7} │ "
            f"{row['countries_gzip_bytes'] / 1000:>11.1f} KB {'met' if gzip_met else 'MISSED':>7}"
        )
    return lines


def http_missed(figures):
    missed = []
    for row in figures:
        if TARGET_HTTP_P95_AT <= row["size"] < MILLION and row["p95_ms"] >= TARGET_HTTP_P95_MS:
            missed.append(f"GeoJSON over HTTP at {row['size']:,}: p95 < {TARGET_HTTP_P95_MS} ms")
        for name in ("first_map_ms", "first_countries_ms"):
            if row[name] >= TARGET_FIRST_REQUEST_MS:
                label = name.removeprefix("first_").removesuffix("_ms")
                missed.append(
                    f"first {label} request of a fresh worker at {row['size']:,}: < {TARGET_FIRST_REQUEST_MS} ms"
                )
        if row["countries_gzip_bytes"] >= TARGET_COUNTRIES_GZIP_BYTES:
            limit_kb = TARGET_COUNTRIES_GZIP_BYTES // 1000
            missed.append(f"countries GeoJSON at the opening view at {row['size']:,}: < {limit_kb} KB gzip")
    return missed


class Command(BaseCommand):
    help = "Benchmark /api/pilot-actions.geojson at several numbers of pilot actions (median and 95th percentile)."

    def add_arguments(self, parser):
        parser.add_argument("--sizes", type=int, nargs="+", default=[20, 10_000, 100_000])
        parser.add_argument("--requests", type=int, default=200, help="requests per size")
        parser.add_argument("--seed", type=int, default=2025)
        parser.add_argument("--keep", action="store_true", help="leave the synthetic pilot actions in place")
        parser.add_argument("--over-http", action="store_true", help="also measure under gunicorn (make bench-map)")
        parser.add_argument("--million", action="store_true", help=f"add a run at {MILLION:,} pilot actions")
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument(
            "--browser", action="store_true", help=f"with --over-http: the map in chromium at {BROWSER_AT:,}"
        )

    def handle(self, *args, sizes, requests, seed, keep, over_http, million, workers, browser, **options):
        groups = list(ThematicGroup.objects.all())
        themes = list(Theme.objects.all())
        if not groups or not themes:
            raise CommandError("Load the programme first: manage.py load_programme")
        if million:
            sizes = [*sizes, MILLION]
        # So that the synthetic data are removed and the servers stopped; as it was afterwards (a test's process).
        previous_handler = signal.signal(signal.SIGTERM, stop)
        generator = random.Random(seed)  # noqa: S311 (repeatable synthetic data, not a secret)
        remove_synthetic_pilot_actions()  # left by an earlier --keep
        client = Client()
        self.stdout.write(f"database: {connection.vendor}; {requests} requests per size; random viewports over Europe")
        self.stdout.write(
            f"{'pilot actions':>14} {'median ms':>10} {'p95 ms':>8} {'max ms':>8} {'max features':>13} "
            f"{'grown in s':>10} {'cells in s':>10} {'cells to zoom':>13}"
        )
        http_figures, browser_figures = [], None
        if browser and (unavailable := bench_browser.available()):
            self.stdout.write(f"no browser step: {unavailable}")
            browser = False
        try:
            for size in sorted(set(sizes)):
                started = time.perf_counter()
                grow_pilot_actions(size, generator, count_map_cells=False)
                if connection.vendor == "postgresql":
                    # What autovacuum does after a bulk load in production: fresh statistics, index-only scans.
                    # VACUUM cannot run inside a transaction (as in the tests); ANALYZE can. The links too: without
                    # statistics, the markers' themes and borders are read by a scan of every link.
                    statement = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
                    with connection.cursor() as cursor:
                        for table in GROWN_TABLES:
                            cursor.execute(f"{statement} {table}")
                grown_in = time.perf_counter() - started
                # What the task does after a public change (projects.mapcells), timed: the map's cells counted.
                started = time.perf_counter()
                built = mapcells.build()
                cells_in = time.perf_counter() - started
                if connection.vendor == "postgresql":
                    with connection.cursor() as cursor:
                        cursor.execute("ANALYZE projects_mapcell")
                queries = viewport_queries(generator, requests)
                latencies, largest = self.measure(client, queries)
                public = PilotAction.objects.public().count()
                self.stdout.write(
                    f"{public:>14} {statistics.median(latencies):>10.1f} "
                    f"{percentile(latencies, 0.95):>8.1f} {max(latencies):>8.1f} {largest:>13} {grown_in:>10.1f} "
                    f"{cells_in:>10.1f} {built.finest_zoom:>13}"
                )
                if largest > MAX_CELLS:
                    raise CommandError(f"a response carried {largest} features, more than {MAX_CELLS}")
                if over_http:
                    in_browser = browser and browser_figures is None and public >= BROWSER_AT
                    figures = self.measure_over_http(queries, workers, in_browser)
                    browser_figures = figures.pop("browser", None) or browser_figures
                    http_figures.append({"size": public, **figures})
        finally:
            if over_http:  # what was measured, even when a larger size failed (a query past its timeout)
                self.report_http(http_figures, requests, workers, browser_figures)
            if not keep:
                remove_synthetic_pilot_actions()
            signal.signal(signal.SIGTERM, previous_handler)

    def measure(self, client, queries):
        latencies, largest = [], 0
        with override_settings(ALLOWED_HOSTS=["testserver"]):
            for query in queries:
                started = time.perf_counter()
                response = client.get("/api/pilot-actions.geojson", query)
                latencies.append((time.perf_counter() - started) * 1000)
                if response.status_code != 200:
                    raise CommandError(f"{response.status_code} for {query}: {response.content[:200]!r}")
                largest = max(largest, len(response.json()["features"]))
        return latencies, largest

    def measure_over_http(self, queries, workers, in_browser=False):
        """Under gunicorn, production settings and the cache of CACHE_URL: the same viewports one after the
        other (new addresses, so no page cache helps), then fresh workers' first requests, then the countries
        GeoJSON the map page asks for, compressed."""
        with gunicorn_server({}, workers=workers) as base:
            latencies = [timed_get(f"{base}/api/pilot-actions.geojson?{urlencode(query)}")[0] for query in queries]
            _ms, map_page, _headers = timed_get(f"{base}/map/")
            countries = countries_url(map_page)
            _ms, body, headers = timed_get(f"{base}{countries}", {"Accept-Encoding": "gzip"})
            browser_figures = bench_browser.measure_map(base) if in_browser else None
        figures = {
            "browser": browser_figures,
            "median_ms": statistics.median(latencies),
            "p95_ms": percentile(latencies, 0.95),
            "countries_gzip_bytes": gzip_size(body, headers),
        }
        for name, path in (("first_map_ms", "/map/"), ("first_countries_ms", countries)):
            figures[name] = self.first_request_ms(path)
        return figures

    def first_request_ms(self, path):
        """The first answer to ``path`` of a freshly started worker (readied by /healthz, as a load balancer
        would), after a public change: the cache left as a change leaves it (the content version moved on, and
        what is counted after a change counted: the map's cells), not emptied."""
        public_content_changed()
        with gunicorn_server({}, workers=1) as base:
            return timed_get(f"{base}{path}")[0]

    def report_http(self, figures, requests, workers, browser_figures=None):
        cache_backend = "Redis" if settings.CACHE_URL else "local memory (set CACHE_URL for Redis)"
        self.stdout.write(
            f"\nover HTTP ({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}): gunicorn {workers} sync workers, "
            f"production settings, cache: {cache_backend}; {requests} GeoJSON viewport requests one after the other; "
            f"first requests of a fresh 1-worker gunicorn after a public change; countries gzip at the opening view"
        )
        for line in http_lines(figures):
            self.stdout.write(line)
        missed = http_missed(figures)
        if browser_figures is not None:
            lines, browser_missed = bench_browser.judge(browser_figures, TARGET_REDRAW_MS)
            self.stdout.write(
                f"\nthe map in chromium at {BROWSER_AT:,} pilot actions or more (gunicorn, tiles aborted):"
            )
            for line in lines:
                self.stdout.write(line)
            missed += browser_missed
        write_missed(self, missed)
