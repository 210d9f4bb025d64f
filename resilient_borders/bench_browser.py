"""`make bench-map`'s browser step: the /map/ page in Debian's chromium (Playwright), against a running server.

It counts the GeoJSON fetches the page makes on load, then changes one filter and measures, in the page's own
clock, how long until the markers and the result list are redrawn (the last change to the map's panes but the
tiles' or to the result list), and which requests that change made. Requests to any other host (map
tiles) are aborted, so the figures do not depend on the network.
"""

import os
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Without these chromium waits on Google's servers, which a closed network never answers.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
QUIET_S = 0.5  # no request in flight for this long: the page has done what the change asked
GIVE_UP_S = 60
PAGE_REQUESTS = {"document", "fetch", "xhr"}  # what a page asks for itself, and a reload

# Records the page clock's time of the last change to the markers or the result list.
WATCH_REDRAWS = """() => {
  window.benchLastRedraw = 0;
  const observer = new MutationObserver(() => { window.benchLastRedraw = performance.now(); });
  const map = document.getElementById("pilot-action-map");
  // Every pane but the tiles': lines and shapes, cluster icons, and the dots' own pane (above the lines).
  for (const pane of map.querySelectorAll(".leaflet-map-pane > .leaflet-pane:not(.leaflet-tile-pane)")) {
    observer.observe(pane, { childList: true, subtree: true, attributes: true });
  }
  const results = document.getElementById("results");
  if (results) observer.observe(results.parentNode, { childList: true, subtree: true, characterData: true });
}"""
CHANGE_FILTER = """([name, value]) => {
  const field = document.querySelector(`form.filters [name="${name}"]`);
  window.benchChangedAt = performance.now();
  field.value = value;
  field.dispatchEvent(new Event("change", { bubbles: true }));
}"""


def available():
    """Why the browser step cannot run here, or None when it can."""
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401 (only whether it is installed)
    except ImportError:
        return "Playwright is missing (pip install playwright; the browser is Debian's chromium)"
    return None


def is_whole_page(body):
    return b"<html" in body[:2000].lower()


class RequestLog:
    """The page's requests to ``base`` (path, resource type) and how many are still in flight."""

    def __init__(self, base):
        self.base, self.requests, self.in_flight, self.last_activity = base, [], set(), time.monotonic()

    def attach(self, page):
        page.on("request", self.started)
        page.on("requestfinished", self.ended)
        page.on("requestfailed", self.ended)

    def started(self, request):
        if request.url.startswith(self.base):
            self.requests.append(request)
            self.in_flight.add(request)
            self.last_activity = time.monotonic()

    def ended(self, request):
        if request in self.in_flight:
            self.in_flight.discard(request)
            self.last_activity = time.monotonic()

    def wait_until_quiet(self, page):
        """Wait until the requests of what the page was just asked to do have ended: the quiet window starts
        now, since the page's first request may reach us after this call."""
        self.last_activity = time.monotonic()
        deadline = time.monotonic() + GIVE_UP_S
        while self.in_flight or time.monotonic() - self.last_activity < QUIET_S:
            if time.monotonic() > deadline:
                raise RuntimeError(f"requests still in flight after {GIVE_UP_S} s: {self.in_flight}")
            page.wait_for_timeout(50)

    def take(self):
        taken, self.requests = self.requests, []
        return taken


def geojson_fetches(requests):
    """How many times each GeoJSON address (path, without its query) was fetched."""
    return Counter(
        urlsplit(request.url).path for request in requests if urlsplit(request.url).path.endswith(".geojson")
    )


def measure_map(base, filter_name="group", filter_value="crisis-management", browser=None):
    """Load ``base``/map/, count its GeoJSON fetches, change one filter; the figures as a dict.

    ``browser`` is a Playwright browser already running in this thread (the browser tests' own: Playwright's sync
    API cannot start a second one inside its event loop); without it, one is launched for the measurement."""
    if browser is not None:
        return measure_in(browser, base.rstrip("/"), filter_name, filter_value)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread: Django would refuse the ORM meanwhile.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, timeout=60_000)
            try:
                return measure_in(launched, base.rstrip("/"), filter_name, filter_value)
            finally:
                launched.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def measure_in(browser, route_base, filter_name, filter_value):
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.route(
            "**/*",
            lambda route: route.continue_() if route.request.url.startswith(route_base) else route.abort(),
        )
        log = RequestLog(route_base)
        log.attach(page)
        page.goto(f"{route_base}/map/", wait_until="load")
        log.wait_until_quiet(page)
        on_load = geojson_fetches(log.take())
        page.evaluate(WATCH_REDRAWS)
        page.evaluate(CHANGE_FILTER, [filter_name, filter_value])
        log.wait_until_quiet(page)
        redraw_ms = page.evaluate("() => window.benchLastRedraw - window.benchChangedAt")
        change = [
            {
                "path": urlsplit(request.url).path,
                "bytes": len(body := (request.response().body() if request.response() else b"")),
                "whole_page": is_whole_page(body),
            }
            for request in log.take()
            if request.resource_type in PAGE_REQUESTS  # not the favicon chromium asks for meanwhile
        ]
    finally:
        context.close()
    return {"on_load": dict(on_load), "redraw_ms": redraw_ms, "change": change}


def judge(figures, redraw_target_ms):
    """(lines to print, targets missed) for ``measure_map``'s figures."""
    markers = [request for request in figures["change"] if request["path"].endswith(".geojson")]
    others = [request for request in figures["change"] if not request["path"].endswith(".geojson")]
    requests_met = len(markers) == 1 and len(others) == 1 and not others[0]["whole_page"]
    duplicates = {path: count for path, count in figures["on_load"].items() if count > 1}
    redraw_met = 0 < figures["redraw_ms"] < redraw_target_ms
    described = ", ".join(
        f"{request['path']} ({request['bytes'] / 1000:.1f} KB{', the whole page' if request['whole_page'] else ''})"
        for request in figures["change"]
    )
    loads = ", ".join(f"{path} ×{count}" for path, count in sorted(figures["on_load"].items()))
    lines = [
        f"redrawn {figures['redraw_ms']:.0f} ms after a filter change (target < {redraw_target_ms} ms: "
        f"{'met' if redraw_met else 'MISSED'})",
        f"requests of a filter change: {described or 'none'} (target: one markers request and one small list "
        f"request, not the whole page: {'met' if requests_met else 'MISSED'})",
        f"GeoJSON fetches on load: {loads or 'none'} (target: no duplicate: {'MISSED' if duplicates else 'met'})",
    ]
    missed = []
    if not redraw_met:
        missed.append(f"map redrawn after a filter change in < {redraw_target_ms} ms")
    if not requests_met:
        missed.append("a filter change: one markers request and one small list request")
    if duplicates:
        missed.append("no duplicate GeoJSON fetch on load")
    return lines, missed
