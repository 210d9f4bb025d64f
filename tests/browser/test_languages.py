"""The interface in Greek, Bulgarian and Polish in a real browser: a walk home → list → a pilot action → map, the
language chooser driven with the keyboard, the hreflang alternates, axe-core on every page; and a first visit
that follows the browser's language until a language is chosen.

axe-core is the one the accessibility tests use (axe-playwright-python ships it, pinned in pyproject.toml).
"""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from core.languages import NATIVE_NAMES
from tests.browser.conftest import live_server_tab
from tests.browser.test_accessibility import BLOCKING_IMPACTS, describe

pytestmark = pytest.mark.browser

CODES = [code for code, _name in settings.LANGUAGES]
# Each walk ends by choosing the next language with the keyboard.
WALKS = [("el", "bg"), ("bg", "pl"), ("pl", "el")]


def in_language(code, path):
    return path if code == settings.LANGUAGE_CODE else f"/{code}{path}"


def serious_violations(page, axe):
    path = page.url
    return [describe(path, v) for v in axe.run(page).response["violations"] if v["impact"] in BLOCKING_IMPACTS]


def expect_in_language(page, site, code, path, axe, problems):
    """The page is ``path`` under ``code``'s prefix, says so in <html lang>, shows it in the closed chooser,
    lists every language there and in its alternates; axe's serious or critical findings go to ``problems``."""
    expect(page).to_have_url(f"{site}/{code}{path}")
    expect(page.locator("html")).to_have_attribute("lang", code)
    chooser = page.locator(".language-chooser")
    expect(chooser.locator("details")).not_to_have_attribute("open", re.compile(".*"))
    expect(chooser.locator("summary")).to_contain_text(NATIVE_NAMES[code])
    links = chooser.locator("a[hreflang]").evaluate_all(
        "links => links.map(a => [a.getAttribute('hreflang'), a.lang, a.textContent.trim(),"
        " a.getAttribute('aria-current'), new URL(a.href).pathname])"
    )
    assert [link[0] for link in links] == CODES
    for hreflang, lang, text, current, href in links:
        assert lang == hreflang and text == NATIVE_NAMES[hreflang]
        assert (current is not None) == (hreflang == code)
        assert href == in_language(hreflang, path)
    alternates = dict(
        page.locator("head link[rel=alternate][hreflang]").evaluate_all(
            "links => links.map(link => [link.hreflang, new URL(link.href).pathname])"
        )
    )
    assert alternates == {
        **{other: f"/{other}{path}" for other in CODES if other != "en"},
        "en": path,
        "x-default": path,
    }
    page.wait_for_load_state("load")
    problems.extend(serious_violations(page, axe))


@pytest.mark.parametrize(("code", "next_code"), WALKS)
def test_walk_and_choose_a_language_with_the_keyboard(page, site, page_errors, code, next_code):
    with translation.override(code):
        main_nav, pilot_actions, map_ = gettext("Main"), gettext("Pilot actions"), gettext("Map")
    axe, problems = Axe(), []

    page.goto(f"/{code}/")
    expect_in_language(page, site, code, "/", axe, problems)

    nav = page.get_by_role("navigation", name=main_nav)
    nav.get_by_role("link", name=pilot_actions, exact=True).click()
    expect_in_language(page, site, code, "/pilot-actions/", axe, problems)

    hrefs = page.locator("main a[href]").evaluate_all("links => links.map(link => link.getAttribute('href'))")
    detail = next(href for href in hrefs if re.fullmatch(rf"/{code}/pilot-actions/[^/?#]+/", href))
    slug = detail.split("/")[3]
    page.locator(f"main a[href='{detail}']").first.click()
    expect_in_language(page, site, code, f"/pilot-actions/{slug}/", axe, problems)

    nav.get_by_role("link", name=map_, exact=True).click()
    expect_in_language(page, site, code, "/map/", axe, problems)

    # The chooser with the keyboard alone: Enter opens it, Escape closes it and leaves the focus on it, Tab
    # reaches the languages, Enter on one leads to the same page in it.
    details, summary = page.locator(".language-chooser details"), page.locator(".language-chooser summary")
    summary.focus()
    page.keyboard.press("Enter")
    expect(details).to_have_attribute("open", "")
    expect(page.locator(f".language-chooser a[hreflang='{next_code}']")).to_be_visible()
    page.keyboard.press("Escape")
    expect(details).not_to_have_attribute("open", re.compile(".*"))
    expect(summary).to_be_focused()
    page.keyboard.press("Enter")
    for _ in CODES:
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('hreflang')") == next_code:
            break
    expect(page.locator(f".language-chooser a[hreflang='{next_code}']")).to_be_focused()
    page.keyboard.press("Enter")
    expect_in_language(page, site, next_code, "/map/", axe, problems)
    # The choice is remembered, for a year, on the whole site.
    (cookie,) = [c for c in page.context.cookies() if c["name"] == settings.LANGUAGE_COOKIE_NAME]
    assert cookie["value"] == next_code and cookie["path"] == "/" and cookie["sameSite"] == "Lax"
    assert cookie["expires"] > 0

    assert not page_errors, page_errors
    assert not problems, "\n".join(problems)


@pytest.fixture
def greek_tab(browser, site, page_errors):
    """A tab of a browser set to Greek (Accept-Language: el-GR), on the live server only."""
    with live_server_tab(browser, site, page_errors, locale="el-GR", viewport={"width": 375, "height": 740}) as tab:
        yield tab


def test_a_first_visit_follows_the_browser_until_a_language_is_chosen(greek_tab, site, page_errors):
    greek_tab.goto("/pilot-actions/")
    expect(greek_tab).to_have_url(f"{site}/el/pilot-actions/")
    expect(greek_tab.locator("html")).to_have_attribute("lang", "el")

    # On a phone, with a tap: English is chosen, and stays chosen.
    greek_tab.locator(".language-chooser summary").click()
    greek_tab.locator(".language-chooser a[hreflang='en']").click()
    expect(greek_tab).to_have_url(f"{site}/pilot-actions/")
    expect(greek_tab.locator("html")).to_have_attribute("lang", "en")
    greek_tab.goto("/")
    expect(greek_tab).to_have_url(f"{site}/")
    expect(greek_tab.locator("html")).to_have_attribute("lang", "en")
    assert not page_errors, page_errors


@pytest.mark.parametrize("code", ["fi", "ga", "de", "el"])
def test_the_chooser_keeps_the_header_s_right_edge_whatever_the_menu_s_length(page, code):
    """A short menu (Finnish) once fitted beside the title and pushed the chooser into the middle of the header."""
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"/{code}/")
    header = page.locator(".site-header__inner").bounding_box()
    title = page.locator(".site-title").bounding_box()
    chooser = page.locator(".language-chooser summary").bounding_box()
    menu = page.locator(".site-header .nav-list").bounding_box()
    padding = 16  # the header's inner padding, 1rem
    assert abs((chooser["x"] + chooser["width"]) - (header["x"] + header["width"] - padding)) < 2
    assert chooser["y"] < title["y"] + title["height"] and title["y"] < chooser["y"] + chooser["height"]  # one row
    assert menu["y"] >= chooser["y"] + chooser["height"]  # the menu below them
