"""A visitor's walk through the portal, in English and in French, in a real browser."""

import re

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from borders.models import Border
from projects.models import PilotAction
from tests.research import confirmed_in_group
from webinars.models import Webinar

pytestmark = pytest.mark.browser

DETAIL_LINK = re.compile(r"^(?:/fr)?/pilot-actions/[^/?#]+/$")


def pilot_action_links(page):
    """The pilot-action pages the main content links to, in order and without repeats."""
    page.wait_for_load_state("domcontentloaded")
    paths = page.locator("main a[href]").evaluate_all("links => links.map(link => new URL(link.href).pathname)")
    return list(dict.fromkeys(path for path in paths if DETAIL_LINK.match(path)))


def expect_page(page, site, language, path, heading):
    """The page is ``path`` in ``language`` (under /fr/ in French), and its one h1 says ``heading``."""
    prefix = "/fr" if language == "fr" else ""
    expect(page).to_have_url(f"{site}{prefix}{path}")
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.get_by_role("heading", level=1)).to_contain_text(heading)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_walk_from_home_to_a_pilot_action_its_border_and_a_webinar(page, site, page_errors, language):
    prefix = "/fr" if language == "fr" else ""
    drava = PilotAction.objects.get(slug="enhancing-flood-and-drought-resilience-along-the-river-drava")
    with translation.override(language):
        text = {
            message: gettext(message)
            for message in [
                "Pilot actions for resilient border regions",
                "Browse the pilot actions",
                "Pilot actions",
                "Apply",
                "Main",
                "Webinars",
            ]
        }
        border = Border.objects.get(slug="croatia-hungary")
        border_name = border.name
        webinar_title = Webinar.objects.get(slug="launch-webinar-2025").title

    page.goto(f"{prefix}/")
    expect_page(page, site, language, "/", text["Pilot actions for resilient border regions"])

    page.get_by_role("link", name=text["Browse the pilot actions"], exact=True).click()
    expect_page(page, site, language, "/pilot-actions/", text["Pilot actions"])
    assert len(pilot_action_links(page)) == PilotAction.objects.public().count()

    theme = page.locator("select[name=theme]")
    expect(theme).to_have_accessible_name(re.compile(r"\w"))
    theme.select_option("floods")
    page.get_by_role("button", name=text["Apply"], exact=True).click()
    # The form sends its empty fields too: only the theme matters.
    expect(page).to_have_url(re.compile(re.escape(f"{site}{prefix}/pilot-actions/?") + r"(?:.*&)?theme=floods(?:&|$)"))
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.get_by_role("link", name=drava.title, exact=True)).to_be_visible()
    assert pilot_action_links(page) == [f"{prefix}/pilot-actions/{drava.slug}/"]

    page.get_by_role("link", name=drava.title, exact=True).click()
    expect_page(page, site, language, f"/pilot-actions/{drava.slug}/", drava.title)

    page.locator("main").get_by_role("link", name=border_name, exact=True).first.click()
    expect_page(page, site, language, f"/borders/{border.slug}/", border_name)
    expect(page.locator("main").get_by_role("link", name=drava.title, exact=True)).to_be_visible()

    page.get_by_role("navigation", name=text["Main"]).get_by_role("link", name=text["Webinars"], exact=True).click()
    expect_page(page, site, language, "/webinars/", text["Webinars"])

    page.locator("main").get_by_role("link", name=webinar_title, exact=True).first.click()
    expect_page(page, site, language, "/webinars/launch-webinar-2025/", webinar_title)

    assert not page_errors


def test_filters_narrow_the_list(page, site):
    page.goto("/pilot-actions/?theme=floods")
    expect(page.get_by_role("heading", level=1)).to_have_text(gettext("Pilot actions"))
    assert pilot_action_links(page) == ["/pilot-actions/enhancing-flood-and-drought-resilience-along-the-river-drava/"]

    page.goto("/pilot-actions/")
    for name in ["group", "family", "theme", "border", "country", "q", "sort"]:
        # The list's own filter form, in <main>: the header's search box is another form with a q.
        expect(page.locator(f"main form [name={name}]")).to_have_accessible_name(re.compile(r"\w"))
    page.locator("select[name=group]").select_option("crisis-management")
    page.get_by_role("button", name="Apply", exact=True).click()
    expect(page).to_have_url(re.compile(r"/pilot-actions/\?(?:.*&)?group=crisis-management(?:&|$)"))
    expected = set(PilotAction.objects.public().filter(group__slug="crisis-management").values_list("slug", flat=True))
    assert len(expected) == len(confirmed_in_group("crisis-management"))
    assert set(pilot_action_links(page)) == {f"/pilot-actions/{slug}/" for slug in expected}


def test_pilot_action_page_links_to_its_border_which_lists_it(page, site):
    page.goto("/pilot-actions/borderisks/")
    border = Border.objects.get(slug="bulgaria-greece")
    link = page.locator("main").locator('a[href="/borders/bulgaria-greece/"]').first
    expect(link).to_have_text(border.name)
    link.click()
    expect(page).to_have_url(f"{site}/borders/bulgaria-greece/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(border.name)
    listed = set(pilot_action_links(page))
    expected = {f"/pilot-actions/{slug}/" for slug in border.pilot_actions.public().values_list("slug", flat=True)}
    assert "/pilot-actions/borderisks/" in expected
    assert expected <= listed
