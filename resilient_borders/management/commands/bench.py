"""`make bench`: the portal at scale, rendered in-process and served by gunicorn under wrk, against a bare floor.

It tops the database up to --pilot-actions synthetic public pilot actions and --reports published
progress reports (slugs and titles say "bench"; use a database of its own: `make bench` does), with a
coordinator of some of them, and measures what issue #14 sets as targets:

- the floors, in the same run: a bare Django (one view behind SecurityMiddleware and CommonMiddleware only,
  ``resilient_borders.bench_floor``) and the same view through the portal's own middleware stack;
- each public page rendered in-process with the page cache off (queries, median ms), and over HTTP under
  gunicorn (production settings, the cache of CACHE_URL) with the page cache off, then on, as a share of the
  bare floor's throughput;
- the signed-in coordinator's workspace and report editor, rendered in-process.

A target missed is printed as MISSED and summed up at the end; the command does not fail on it, since the
figures are what later work is judged by. Other load on the machine moves every figure: that is why the
floor is measured in the same run and the pages are read as shares of it.
"""

import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from core.localserver import gunicorn_server
from projects.models import PilotAction, ProgressReport, ThematicGroup
from projects.synthetic import SLUG_PREFIX, grow_pilot_actions, grow_reports
from resilient_borders.bench_floor import FLOOR_PATH
from workspace.models import COORDINATORS_GROUP

WRK = shutil.which("wrk")
# Issue #14's targets.
TARGET_UNCACHED_MEDIAN_MS = 25  # page cache off, in-process
TARGET_UNCACHED_FLOOR_SHARE = 0.10  # page cache off, over HTTP, of the bare floor's req/s
TARGET_CACHED_FLOOR_SHARE = 0.50  # page cache on, over HTTP, of the bare floor's req/s
TARGET_SIGNED_IN_MEDIAN_MS = 50  # a coordinator's workspace pages, in-process
COORDINATOR_USERNAME = "bench-coordinator"
COORDINATED_PILOT_ACTIONS = 3

WRK_TIMEOUT_S = 60  # wrk's default, 2 s, would count a slow page's answers as errors instead of timing them
WRK_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format('{"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "timeouts": %d, '
    .. '"errors": %d}\\n', summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    summary.errors.timeout, summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.status))
end
"""


def stop(signal_number, frame):
    sys.exit(128 + signal_number)  # SystemExit runs the finally clauses that stop the servers


def write_missed(command, missed):
    """The benchmarks' last word: each target missed, or that every one was met (a miss is never a failure)."""
    if missed:
        command.stdout.write(command.style.WARNING(f"\n{len(missed)} targets missed:"))
        for line in missed:
            command.stdout.write(command.style.WARNING(f"  {line}"))
    else:
        command.stdout.write(command.style.SUCCESS("\nevery target met"))


def public_pages(detail_url):
    """The public pages issue #14 sets targets for, by name; ``detail_url``: a pilot action with reports."""
    return [
        ("home", reverse("projects:home")),
        ("list", reverse("projects:pilot-action-list")),
        ("filtered list", reverse("projects:pilot-action-list") + "?group=crisis-management&theme=floods&page=2"),
        ("detail", detail_url),
        ("map", reverse("projects:map")),
        ("updates", reverse("projects:update-list")),
        ("outputs", reverse("results:output-list")),
        ("search", reverse("search:results") + "?q=flood"),
        ("results", reverse("results:comparison")),
        ("geojson", reverse("projects:pilot-actions-geojson") + "?bbox=-10,35,30,62&zoom=4"),
    ]


@dataclass
class PageFigures:
    """One page's measurements; None where a series was not measured."""

    name: str
    queries: int | None = None
    first_ms: float | None = None
    median_ms: float | None = None
    uncached: dict | None = None  # wrk's figures, page cache off
    cached: dict | None = None  # wrk's figures, page cache on
    missed: list = field(default_factory=list)


def page_verdicts(page, floor_rps):
    """{target: met} of ``page``, in the table's order: in-process median, then page cache off and on over HTTP,
    against the bare floor's req/s. A series not measured misses its target."""
    return {
        f"page cache off: median < {TARGET_UNCACHED_MEDIAN_MS} ms in-process": page.median_ms is not None
        and page.median_ms < TARGET_UNCACHED_MEDIAN_MS,
        f"page cache off: ≥ {TARGET_UNCACHED_FLOOR_SHARE:.0%} of the floor": page.uncached is not None
        and page.uncached["rps"] >= TARGET_UNCACHED_FLOOR_SHARE * floor_rps,
        f"page cache on: ≥ {TARGET_CACHED_FLOOR_SHARE:.0%} of the floor": page.cached is not None
        and page.cached["rps"] >= TARGET_CACHED_FLOOR_SHARE * floor_rps,
    }


def judge_page(page, floor_rps):
    """The targets ``page`` misses, by name (also kept in ``page.missed``), against the bare floor's req/s."""
    page.missed = [target for target, met in page_verdicts(page, floor_rps).items() if not met]
    return page.missed


def verdict(met):
    return "met" if met else "MISSED"


def page_lines(pages, floor_rps):
    """The pages' table: in-process render, then each HTTP series as req/s and share of the floor, judged."""
    lines = [
        f"{'page':<14} {'queries':>7} {'1st ms':>7} {'median ms':>9} {'<' + str(TARGET_UNCACHED_MEDIAN_MS) + ' ms':>7}"
        f" │ {'off req/s':>9} {'floor':>6} {'≥' + format(TARGET_UNCACHED_FLOOR_SHARE, '.0%'):>6}"
        f" │ {'on req/s':>8} {'floor':>6} {'≥' + format(TARGET_CACHED_FLOOR_SHARE, '.0%'):>6}"
    ]
    for page in pages:
        median_met, uncached_met, cached_met = page_verdicts(page, floor_rps).values()
        judge_page(page, floor_rps)
        cells = [
            f"{page.name:<14} {page.queries if page.queries is not None else '-':>7}",
            f"{page.first_ms:>7.1f}" if page.first_ms is not None else f"{'-':>7}",
            f"{page.median_ms:>9.1f}" if page.median_ms is not None else f"{'-':>9}",
            f"{verdict(median_met):>7}",
        ]
        line = " ".join(cells)
        for series, met in ((page.uncached, uncached_met), (page.cached, cached_met)):
            if series is None:
                line += f" │ {'-':>9} {'-':>6} {verdict(False):>6}"
                continue
            line += f" │ {series['rps']:>9.0f} {series['rps'] / floor_rps:>6.0%} {verdict(met):>6}"
        lines.append(line)
    return lines


def signed_in_lines(pages):
    """The coordinator's pages: (name, queries, median ms), judged against the signed-in target."""
    lines = [f"{'page':<22} {'queries':>7} {'median ms':>9}  target < {TARGET_SIGNED_IN_MEDIAN_MS} ms"]
    for name, queries, median_ms in pages:
        lines.append(f"{name:<22} {queries:>7} {median_ms:>9.1f}  {verdict(median_ms < TARGET_SIGNED_IN_MEDIAN_MS)}")
    return lines


def signed_in_missed(pages):
    return [
        f"{name}: median < {TARGET_SIGNED_IN_MEDIAN_MS} ms"
        for name, _queries, median_ms in pages
        if median_ms >= TARGET_SIGNED_IN_MEDIAN_MS
    ]


def floor_lines(bare_runs, stack, workers):
    """The two floors: the bare Django (measured before and after the pages) and the portal's middleware stack.

    The stack's cost per request is what a worker spends on it: with ``workers`` busy workers, a request at
    ``rps`` takes workers / rps seconds of one worker."""
    bare = statistics.mean(run["rps"] for run in bare_runs)
    runs = ", ".join(f"{run['rps']:.0f}" for run in bare_runs)
    cost_ms = (workers / stack["rps"] - workers / bare) * 1000
    return [
        f"bare Django floor (one view; SecurityMiddleware, CommonMiddleware)  {bare:>7.0f} req/s  (runs: {runs})",
        f"the same view through the portal's middleware stack                {stack['rps']:>7.0f} req/s  "
        f"({stack['rps'] / bare:.0%} of the bare floor; the stack costs {cost_ms:.2f} ms of a worker a request)",
    ]


class Command(BaseCommand):
    help = "Benchmark the pages at scale in-process and under gunicorn with wrk, against a bare Django floor."

    def add_arguments(self, parser):
        parser.add_argument("--pilot-actions", type=int, default=10_000)
        parser.add_argument("--reports", type=int, default=50_000)
        parser.add_argument("--duration", type=int, default=10, help="seconds of load per page and series")
        parser.add_argument("--connections", type=int, default=16)
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--renders", type=int, default=7, help="in-process renders per page")
        parser.add_argument("--seed", type=int, default=2025)

    def handle(self, *args, pilot_actions, reports, duration, connections, workers, renders, seed, **options):
        if connection.vendor != "postgresql":
            raise CommandError("Run against a PostgreSQL database of its own: `make bench` does.")
        if not WRK:
            raise CommandError("wrk is missing: apt-get install wrk (make bench installs it).")
        if not ThematicGroup.objects.exists():
            raise CommandError("Load the programme first: manage.py load_programme")
        signal.signal(signal.SIGTERM, stop)  # so that the gunicorn servers are stopped too
        generator = random.Random(seed)  # noqa: S311 (repeatable synthetic data, not a secret)
        self.top_up(pilot_actions, reports, generator)
        coordinator, report = self.coordinator()
        detail = (
            PilotAction.objects.public()
            .filter(slug__startswith=SLUG_PREFIX, progress_reports__isnull=False)
            .order_by("pk")
            .first()
        )
        pages = [PageFigures(name) for name, _path in public_pages(detail.get_absolute_url())]
        paths = dict(public_pages(detail.get_absolute_url()))
        cache_backend = "Redis" if os.environ.get("CACHE_URL") else "local memory (set CACHE_URL for Redis)"
        self.stdout.write(
            f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}: {PilotAction.objects.public().count():,} "
            f"public pilot actions, {ProgressReport.objects.published().count():,} published reports; "
            f"PostgreSQL; cache: {cache_backend}; {os.cpu_count()} CPUs"
        )
        for page in pages:
            page.queries, page.first_ms, page.median_ms = self.render(Client(), paths[page.name], renders)
        signed_in = self.render_signed_in(coordinator, report, renders)

        self.workers, wrk_args = workers, (duration, connections)
        bare_env = {"DJANGO_SETTINGS_MODULE": "resilient_borders.bench_floor"}
        bare_app = "django.core.wsgi:get_wsgi_application()"
        with gunicorn_server(bare_env, workers=workers, ready_path=FLOOR_PATH, application=bare_app) as bare_base:
            bare_floor = f"{bare_base}{FLOOR_PATH}"
            bare_runs = [self.wrk(bare_floor, *wrk_args, drain_url=bare_floor)]
            portal_env = {"DJANGO_BENCH_FLOOR": "1", "CACHE_URL": os.environ.get("CACHE_URL", "")}
            with gunicorn_server(portal_env, workers=workers, ready_path="/bench/floor") as base:
                stack = self.wrk(f"{base}/bench/floor", *wrk_args, drain_url=f"{base}/healthz")
                for page in pages:
                    page.cached = self.wrk(f"{base}{paths[page.name]}", *wrk_args, drain_url=f"{base}/healthz")
            with gunicorn_server({**portal_env, "PUBLIC_PAGE_CACHE_SECONDS": "0"}, workers=workers) as base:
                for page in pages:
                    page.uncached = self.wrk(f"{base}{paths[page.name]}", *wrk_args, drain_url=f"{base}/healthz")
            bare_runs.append(self.wrk(bare_floor, *wrk_args, drain_url=bare_floor))
        self.report(pages, signed_in, bare_runs, stack, workers, connections, duration, renders)

    def top_up(self, pilot_action_target, report_target, generator):
        grow_pilot_actions(pilot_action_target, generator)
        self.vacuum_analyze()  # before counting the reports, which stale statistics can make a 15 s query
        grow_reports(report_target, generator)
        self.vacuum_analyze()

    def vacuum_analyze(self):
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # what autovacuum does after a bulk load

    def coordinator(self):
        """The bench's coordinator of a few synthetic pilot actions with reports (made once), and one report."""
        user, created = get_user_model().objects.get_or_create(
            username=COORDINATOR_USERNAME, defaults={"email": f"{COORDINATOR_USERNAME}@example.org"}
        )
        if created or not user.coordinated_pilot_actions.exists():
            with_reports = (
                PilotAction.objects.public()
                .filter(slug__startswith=SLUG_PREFIX, progress_reports__isnull=False)
                .order_by("pk")
                .distinct()
            )
            user.coordinated_pilot_actions.add(*with_reports[:COORDINATED_PILOT_ACTIONS])
            user.groups.add(Group.objects.get_or_create(name=COORDINATORS_GROUP)[0])
        report = ProgressReport.objects.filter(pilot_action__coordinators=user).order_by("pk").first()
        return user, report

    def render(self, client, path, times):
        """Queries, first and median time of renders with the page cache off: what a visitor costs whom no
        cached page serves (a new filter combination, the first visitor after a change, a coordinator).
        The first render follows an emptied cache; the median is of the ones after it."""
        timings = []
        with override_settings(ALLOWED_HOSTS=["testserver"], PUBLIC_PAGE_CACHE_SECONDS=0):
            cache.clear()
            for _ in range(times + 1):
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    response = client.get(path)
                    timings.append((time.perf_counter() - started) * 1000)
                if response.status_code != 200:
                    raise CommandError(f"{path} answered {response.status_code}")
        return len(queries), timings[0], statistics.median(timings[1:])

    def render_signed_in(self, coordinator, report, times):
        client = Client()
        client.force_login(coordinator)
        pages = [("workspace (dashboard)", reverse("workspace:dashboard"))]
        if report is not None:
            pages.append(("report editor", reverse("workspace:report-edit", args=[report.pk])))
        figures = []
        for name, path in pages:
            queries, _first_ms, median_ms = self.render(client, path, times)
            figures.append((name, queries, median_ms))
        return figures

    def wrk(self, url, duration, connections, drain_url):
        """wrk's req/s, median and 95th percentile ms for ``url``, after one full answer (which a cached page
        then holds) and two seconds of warm-up. The requests wrk leaves queued when it stops are still
        rendered: ``drain_url`` is asked for once per worker after them, so that the next page starts on
        idle workers."""
        urllib.request.urlopen(url, timeout=WRK_TIMEOUT_S).read()  # noqa: S310 (our own local server)
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(WRK_SCRIPT)
        command = [WRK, "-t1", "--timeout", f"{WRK_TIMEOUT_S}s"]
        try:
            subprocess.run([*command, "-c2", "-d2s", url], check=True, capture_output=True)  # noqa: S603 (warm-up)
            output = subprocess.run(  # noqa: S603 (our own URL)
                [*command, f"-c{connections}", f"-d{duration}s", "-s", script.name, url],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
        finally:
            os.unlink(script.name)
        for _worker in range(self.workers):
            urllib.request.urlopen(drain_url, timeout=WRK_TIMEOUT_S * connections).read()  # noqa: S310 (our own)
        summary = json.loads(output.strip().splitlines()[-1])
        if summary["errors"]:
            raise CommandError(f"{url}: {summary['errors']} errors or non-2xx answers")
        if summary["timeouts"]:
            self.stderr.write(f"{url}: {summary['timeouts']} requests took more than {WRK_TIMEOUT_S} s")
        return {
            "rps": summary["requests"] / (summary["duration_us"] / 1e6),
            "median_ms": summary["p50_us"] / 1000,
            "p95_ms": summary["p95_us"] / 1000,
        }

    def report(self, pages, signed_in, bare_runs, stack, workers, connections, duration, renders):
        floor_rps = statistics.mean(run["rps"] for run in bare_runs)
        self.stdout.write(
            f"\nover HTTP: gunicorn {workers} sync workers, production settings; wrk 1 thread, {connections} "
            f"connections, {duration} s a page and series, from 127.0.0.1"
        )
        for line in floor_lines(bare_runs, stack, workers):
            self.stdout.write(line)
        self.stdout.write(
            f"\npublic pages: in-process render with the page cache off (queries and 1st ms after an emptied cache, "
            f"median of {renders} more); req/s over HTTP with the page cache off, then on, as a share of the bare floor"
        )
        for line in page_lines(pages, floor_rps):
            self.stdout.write(line)
        self.stdout.write(f"\nsigned-in coordinator ({COORDINATOR_USERNAME}), in-process, median of {renders} renders")
        for line in signed_in_lines(signed_in):
            self.stdout.write(line)
        missed = [f"{page.name}: {target}" for page in pages for target in page.missed]
        missed += signed_in_missed(signed_in)
        write_missed(self, missed)
