"""`make bench`'s pieces that run fast: the bare floor, the pages it measures, the coordinator, the verdicts."""

import json
import os
import random
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import Client

from projects.models import PilotAction, ProgressReport
from projects.synthetic import grow_pilot_actions, grow_reports
from resilient_borders.management.commands.bench import (
    TARGET_SIGNED_IN_MEDIAN_MS,
    Command,
    PageFigures,
    floor_lines,
    judge_page,
    page_lines,
    public_pages,
    signed_in_lines,
    signed_in_missed,
)

BARE_FLOOR_PROBE = """
import json
import django
from django.conf import settings
from django.test import Client
django.setup()
response = Client().get("/bench/floor")
print(json.dumps({"status": response.status_code, "body": response.content.decode(),
                  "middleware": settings.MIDDLEWARE, "apps": settings.INSTALLED_APPS,
                  "database": settings.DATABASES["default"]["ENGINE"]}))
"""


def test_the_bare_floor_answers_ok_through_security_and_common_middleware_only():
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "resilient_borders.bench_floor"}
    output = subprocess.run(
        [sys.executable, "-c", BARE_FLOOR_PROBE],
        cwd=settings.BASE_DIR,
        env=environment,
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    probe = json.loads(output.strip().splitlines()[-1])
    assert probe == {
        "status": 200,
        "body": "ok",
        "middleware": ["django.middleware.security.SecurityMiddleware", "django.middleware.common.CommonMiddleware"],
        "apps": [],
        "database": "django.db.backends.dummy",
    }


def test_the_bench_measures_every_public_page_of_issue_14():
    names = [name for name, _path in public_pages("/pilot-actions/some-slug/")]
    assert names == [
        "home",
        "list",
        "filtered list",
        "detail",
        "map",
        "updates",
        "outputs",
        "search",
        "results",
        "geojson",
    ]


@pytest.mark.django_db
def test_every_page_the_bench_measures_answers(programme):
    detail = PilotAction.objects.public().order_by("pk").first()
    client = Client()
    for name, path in public_pages(detail.get_absolute_url()):
        assert client.get(path).status_code == 200, name
    assert dict(public_pages(""))["search"].endswith("?q=flood")


@pytest.mark.django_db
def test_the_bench_coordinator_edits_reports_of_synthetic_pilot_actions(programme):
    generator = random.Random(1)
    grow_pilot_actions(PilotAction.objects.public().count() + 4, generator)
    grow_reports(ProgressReport.objects.published().count() + 12, generator)
    command = Command()
    coordinator, report = command.coordinator()
    assert coordinator.coordinated_pilot_actions.filter(slug__startswith="bench-").exists()
    assert report.pilot_action.coordinators.filter(pk=coordinator.pk).exists()
    assert command.coordinator() == (coordinator, report)  # made once
    figures = command.render_signed_in(coordinator, report, times=1)  # raises on any answer but 200
    assert [name for name, _queries, _median_ms in figures] == ["workspace (dashboard)", "report editor"]


def test_a_page_meeting_every_target_is_marked_met():
    page = PageFigures("list", queries=12, first_ms=40, median_ms=24.9, uncached={"rps": 100}, cached={"rps": 500})
    assert judge_page(page, floor_rps=1000) == []
    [_header, line] = page_lines([page], floor_rps=1000)
    assert line.count("met") == 3
    assert "MISSED" not in line


def test_each_missed_target_is_marked_missed():
    slow_render = PageFigures("map", median_ms=25.0, uncached={"rps": 200}, cached={"rps": 900})
    slow_uncached = PageFigures("detail", median_ms=10, uncached={"rps": 99}, cached={"rps": 900})
    slow_cached = PageFigures("home", median_ms=10, uncached={"rps": 200}, cached={"rps": 499})
    assert judge_page(slow_render, 1000) == ["page cache off: median < 25 ms in-process"]
    assert judge_page(slow_uncached, 1000) == ["page cache off: ≥ 10% of the floor"]
    assert judge_page(slow_cached, 1000) == ["page cache on: ≥ 50% of the floor"]
    lines = page_lines([slow_render, slow_uncached, slow_cached], floor_rps=1000)
    assert [line.count("MISSED") for line in lines[1:]] == [1, 1, 1]
    assert lines[3].split()[-3:] == ["499", "50%", "MISSED"]  # 49.9%, printed rounded, judged exactly


def test_a_page_not_measured_misses_its_targets():
    assert len(judge_page(PageFigures("search"), 1000)) == 3


def test_the_coordinator_targets():
    figures = [("workspace (dashboard)", 30, TARGET_SIGNED_IN_MEDIAN_MS - 0.1), ("report editor", 25, 50.0)]
    lines = signed_in_lines(figures)
    assert lines[1].endswith("met")
    assert lines[2].endswith("MISSED")
    assert signed_in_missed(figures) == ["report editor: median < 50 ms"]


def test_the_floors_show_the_middleware_stacks_cost():
    bare, stack = floor_lines([{"rps": 3900}, {"rps": 4100}], {"rps": 1000}, workers=2)
    assert "4000 req/s" in bare
    assert "3900, 4100" in bare
    assert "1000 req/s" in stack
    assert "25% of the bare floor" in stack
    assert "1.50 ms of a worker a request" in stack  # 2 / 1000 − 2 / 4000 s
