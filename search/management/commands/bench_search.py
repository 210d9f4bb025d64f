"""``make bench-search`` (and ``make bench``): /search/ at 10,000 public pilot actions and 50,000 published reports.

It tops the bench database up with the same synthetic data as ``bench`` (``projects.synthetic``), rebuilds the
index once (bulk inserts and one UPDATE of vectors per language: no per-object signal), then renders each search
through the whole view in-process (form, counts by type, one page ranked, its headlines) ``--times`` times, and
prints each one's median and the median of all against the target.
"""

import random
import statistics
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from projects.models import PilotAction, ProgressReport, ThematicGroup
from projects.synthetic import grow_pilot_actions, grow_reports
from search import indexing
from search.models import SearchEntry
from search.query import Search

TARGET_MS = 50
# Rare words, words of a few pilot actions, and words every synthetic pilot action or report holds.
SEARCHES = [
    "flooding",
    "Slubice",
    "drought resilience",
    "/fr/:inondations",
    '"joint action plan"',
    "synthetic pilot action",
    "joint drill",
    "border",
]


class Command(BaseCommand):
    help = "Median time of /search/ at 10,000 pilot actions and 50,000 reports on PostgreSQL, against 50 ms."

    def add_arguments(self, parser):
        parser.add_argument("--pilot-actions", type=int, default=10_000)
        parser.add_argument("--reports", type=int, default=50_000)
        parser.add_argument("--times", type=int, default=21)
        parser.add_argument("--seed", type=int, default=2025)

    def handle(self, *args, pilot_actions, reports, times, seed, **options):
        if connection.vendor != "postgresql":
            raise CommandError("Run against a PostgreSQL database of its own: `make bench-search` does.")
        if not ThematicGroup.objects.exists():
            raise CommandError("Load the programme first: manage.py load_programme")
        generator = random.Random(seed)  # noqa: S311 (repeatable synthetic data, not a secret)
        grow_pilot_actions(pilot_actions, generator)
        grow_reports(reports, generator)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # what autovacuum does after a bulk load
        started = time.perf_counter()
        total = indexing.rebuild()
        self.stdout.write(f"index rebuilt: {total:,} entries in {time.perf_counter() - started:.1f} s")
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        self.stdout.write(
            f"/search/ at {PilotAction.objects.public().count():,} pilot actions and "
            f"{ProgressReport.objects.published().count():,} reports ({SearchEntry.objects.count():,} entries), "
            f"median of {times} renders each:"
        )
        self.stdout.write(f"  {'search':<28} {'results':>8} {'queries':>7} {'median ms':>10}")
        medians = []
        client = Client()
        with override_settings(ALLOWED_HOSTS=["testserver"], PUBLIC_PAGE_CACHE_SECONDS=0):
            for search in SEARCHES:
                prefix, _, words = search.rpartition(":")
                path = f"{prefix or '/'}search/"
                timings = []
                for _ in range(times):
                    with CaptureQueriesContext(connection) as queries:
                        started = time.perf_counter()
                        response = client.get(path, {"q": words})
                        timings.append((time.perf_counter() - started) * 1000)
                    if response.status_code != 200:
                        raise CommandError(f"{path}?q={words} answered {response.status_code}")
                median = statistics.median(timings)
                medians.append(median)
                found = sum(Search(words, "fr" if prefix else "en").counts().values())
                self.stdout.write(f"  {search:<28} {found:>8,} {len(queries):>7} {median:>10.1f}")
        overall = statistics.median(medians)
        verdict = "meets" if overall < TARGET_MS else "MISSES"
        self.stdout.write(f"median of the searches: {overall:.1f} ms ({verdict} the {TARGET_MS} ms target)")
