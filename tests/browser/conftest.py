"""Playwright on Debian's chromium against pytest-django's live server, with the programme loaded.

The browser is Debian's (``apt-get install chromium``), never one ``playwright install``
downloads. Every request that is not to the live server (map tiles from
tile.openstreetmap.org, mostly) is aborted, so the tests need no network and stay fast.
Locally a missing chromium skips these tests; in CI (``CI`` set) it fails them.
"""

import os
import time
from contextlib import contextmanager

import pytest
from django.core.management import call_command

# The same chromium, with the same switches, as the map benchmark's browser step.
from resilient_borders.bench_browser import CHROMIUM, CHROMIUM_ARGS

TIMEOUT_MS = 15_000
IN_FLIGHT_GRACE_S = 0.2  # a request the page left running, finished before the flush


@pytest.fixture(scope="package")
def browser():
    """One chromium for the browser tests, closed once they have run."""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: apt-get install chromium (the browser tests never download one)"
        if os.environ.get("CI"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import expect, sync_playwright

    # Playwright's sync API runs an event loop in this thread, so Django would refuse every
    # database query from the tests (SynchronousOnlyOperation) while the browser is open.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        expect.set_options(timeout=TIMEOUT_MS)
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, timeout=60_000)
        yield chromium
        chromium.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def site(browser, live_server, transactional_db):
    """The live server's origin, with the real programme data loaded (flushed after each test)."""
    call_command("load_programme", verbosity=0)
    return live_server.url


@pytest.fixture
def page_errors():
    """Uncaught JavaScript errors and Content Security Policy violations of the page, to assert there are none."""
    return []


@contextmanager
def live_server_tab(browser, site, page_errors, locale="en-GB", viewport=None):
    """A fresh browser tab on the live server, in ``locale`` (its Accept-Language); requests to any other host
    are aborted, and uncaught errors and Content Security Policy violations are noted in ``page_errors``."""
    context = browser.new_context(base_url=site, locale=locale, viewport=viewport or {"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)

    def only_the_live_server(route):
        url = route.request.url
        if url == site or url.startswith(f"{site}/"):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", only_the_live_server)
    tab = context.new_page()
    tab.on("pageerror", lambda error: page_errors.append(f"{tab.url}: {error}"))
    # A Content Security Policy violation is only a console message; it counts as an error here.
    tab.on(
        "console",
        lambda message: "Content Security Policy" in message.text and page_errors.append(f"{tab.url}: {message.text}"),
    )
    try:
        yield tab
    finally:
        tab.goto("about:blank")
        context.close()


@pytest.fixture
def page(browser, site, page_errors):
    """A fresh browser tab on the live server; requests to any other host are aborted."""
    with live_server_tab(browser, site, page_errors) as tab:
        yield tab
    # A map may still be fetching (a popup's autopan moves it, and a move asks for the markers in view): the tab
    # has left the page; give the live server a moment to finish that request, or the flush after the test finds
    # its tables locked by it (SQLite's shared in-memory database).
    time.sleep(IN_FLIGHT_GRACE_S)
