"""`make bench-map`'s browser step measures the map page it is given (here the live server's, with the programme)."""

import os
import time

import pytest
from django.core.management import call_command

from resilient_borders import bench_browser

pytestmark = pytest.mark.browser


@pytest.fixture
def programme_site(live_server, transactional_db):
    unavailable = bench_browser.available()
    if unavailable:
        if os.environ.get("CI"):
            pytest.fail(unavailable, pytrace=False)
        pytest.skip(unavailable)
    call_command("load_programme", verbosity=0)
    return live_server.url


def test_the_browser_step_counts_fetches_and_times_a_filter_change(programme_site, browser):
    # The browser tests' chromium: a second sync Playwright cannot start inside the first one's event loop.
    figures = bench_browser.measure_map(programme_site, "group", "crisis-management", browser=browser)
    assert figures["on_load"]["/api/pilot-actions.geojson"] >= 1
    assert figures["on_load"]["/api/countries.geojson"] >= 1
    assert "/api/pilot-actions.geojson" in [request["path"] for request in figures["change"]]
    assert 0 < figures["redraw_ms"] < 60_000
    lines, missed = bench_browser.judge(figures, redraw_target_ms=60_000)
    assert len(lines) == 3
    assert "map redrawn after a filter change in < 60000 ms" not in missed


def test_the_browser_step_judges_its_targets():
    change = [
        {"path": "/api/pilot-actions.geojson", "bytes": 3000, "whole_page": False},
        {"path": "/map/results/", "bytes": 9000, "whole_page": False},
    ]
    lines, missed = bench_browser.judge({"on_load": {"/a.geojson": 1}, "redraw_ms": 150, "change": change}, 200)
    assert missed == []
    assert all(line.endswith("met)") for line in lines)
    whole_page = [change[0], {"path": "/map/", "bytes": 90000, "whole_page": True}]
    lines, missed = bench_browser.judge({"on_load": {"/a.geojson": 2}, "redraw_ms": 250, "change": whole_page}, 200)
    assert len(missed) == 3
    assert all(line.endswith("MISSED)") for line in lines)
    assert "the whole page" in lines[1]


class SleepingPage:
    def wait_for_timeout(self, milliseconds):
        time.sleep(milliseconds / 1000)


def test_waiting_for_a_change_gives_the_page_time_to_ask():
    """The requests a change makes reach the log after the change: a log quiet since the page loaded must still
    wait a full quiet window, or the redraw is read before it happens."""
    log = bench_browser.RequestLog("http://127.0.0.1")
    log.last_activity = time.monotonic() - 10  # quiet since the page loaded
    started = time.monotonic()
    log.wait_until_quiet(SleepingPage())
    assert time.monotonic() - started >= bench_browser.QUIET_S
