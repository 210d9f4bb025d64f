"""Content shown in another language than the page's is marked (``lang``) and said to be so, once per block; content
in the page's language is not (core.content_language, core/templatetags/content_language.py)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from core.content_language import displayed_language, foreign_language
from core.templatetags.content_language import content_language_note, lang_attr
from projects.models import PilotAction
from tests.factories import (
    BorderFactory,
    OutputFactory,
    PilotActionFactory,
    ProgressReportFactory,
    ResultsFactory,
    WebinarFactory,
)

pytestmark = pytest.mark.django_db


def element(html, tag, text):
    """The opening tag of the ``tag`` element whose content starts with ``text``."""
    match = re.search(rf"(<{tag}\b[^>]*>)\s*(?:<a\b[^>]*>)?\s*{re.escape(text)}", html)
    assert match, f"no <{tag}> with {text!r}"
    return match.group(1)


@pytest.fixture
def pilot_action():
    return PilotActionFactory(
        title="Flood partnership on the Oder",
        summary_en="Two towns plan for floods together.",
        summary_fr="",
        description_en="They share gauges and a joint plan.",
    )


def test_on_a_greek_page_english_content_is_marked_and_said_to_be_english(client, pilot_action):
    ProgressReportFactory(pilot_action=pilot_action, title="First months", body="We met **twice**.")
    html = client.get(f"/el{pilot_action.get_absolute_url()}").content.decode()

    assert 'lang="en"' in element(html, "h1", "Flood partnership on the Oder")
    assert 'lang="en"' in element(html, "p", "Two towns plan for floods together.")
    assert 'lang="en"' in element(html, "h3", "First months")
    with translation.override("el"):
        note = translation.gettext("Available in English")
    # once for the pilot action's own texts, once for the report
    assert html.count(f'class="content-language-note">{note}<') == 2
    assert re.search(r'<div lang="en">\s*<p>We met <strong>twice</strong>', html)


def test_on_a_french_page_translated_content_is_unmarked_and_an_untranslated_report_is_marked(client, pilot_action):
    pilot_action.summary_fr = "Deux villes préparent ensemble les crues."
    pilot_action.save()
    ProgressReportFactory(pilot_action=pilot_action, title="Premiers mois", body="Nous nous sommes vus.")
    webinar_url = WebinarFactory(
        title_en="Floods across borders", title_fr="Les crues par-delà les frontières"
    ).get_absolute_url()

    html = client.get(f"/fr{pilot_action.get_absolute_url()}").content.decode()
    assert "lang=" not in element(html, "p", "Deux villes préparent ensemble les crues.")
    # a report has one language, the one it was written in (English unless it says otherwise)
    assert 'lang="en"' in element(html, "h3", "Premiers mois")
    with translation.override("fr"):
        note = translation.gettext("Available in English")
    assert f'class="content-language-note">{note}<' in html

    webinar_html = client.get(f"/fr{webinar_url}").content.decode()
    assert "lang=" not in element(webinar_html, "h1", "Les crues par-delà les frontières")
    assert "content-language-note" not in webinar_html


def test_in_english_nothing_is_marked(client, pilot_action):
    ProgressReportFactory(pilot_action=pilot_action, title="First months")
    OutputFactory(pilot_action=pilot_action, title="Joint flood plan")
    ResultsFactory(pilot_action=pilot_action)
    for url in (pilot_action.get_absolute_url(), "/updates/", "/outputs/", "/pilot-actions/"):
        html = client.get(url).content.decode()
        assert "content-language-note" not in html, url
        assert ' lang="' not in html.split("<main", 1)[1].split("</main>", 1)[0], url


def test_cards_and_lists_are_marked_per_language(client, pilot_action):
    ProgressReportFactory(pilot_action=pilot_action, title="First months")
    border = BorderFactory(name_en="Germany–Poland", name_fr="Allemagne–Pologne", description_en="The Oder.")
    pilot_action.borders.add(border)
    border_url = border.get_absolute_url()

    cards = client.get("/de/pilot-actions/").content.decode()
    assert 'lang="en"' in element(cards, "h3", "Flood partnership on the Oder")
    updates = client.get("/de/updates/").content.decode()
    assert 'lang="en"' in element(updates, "h3", "First months")
    border_page = client.get(f"/fr{border_url}").content.decode()
    assert "lang=" not in element(border_page, "h1", "Allemagne–Pologne")
    assert 'lang="en"' in element(border_page, "div", "<p>The Oder.")


def test_kept_fragments_follow_the_language(client, pilot_action, settings):
    """Cards and pages are kept per content version and language: a Greek page's card never serves a French one."""
    settings.RENDERING_SHORTCUTS = True
    pilot_action.summary_fr = "Deux villes préparent ensemble les crues."
    pilot_action.save()
    for prefix in ("/el", "/fr", "/el", "/fr"):
        html = client.get(f"{prefix}/pilot-actions/").content.decode()
        summary = element(html, "p", "Deux villes" if prefix == "/fr" else "Two towns")
        assert ('lang="en"' in summary) == (prefix == "/el")


def test_the_helper_follows_modeltranslation_and_never_queries(pilot_action):
    pilot_action = PilotAction.objects.get(pk=pilot_action.pk)
    with CaptureQueriesContext(connection) as queries:
        with translation.override("fr"):
            assert displayed_language(pilot_action, "summary") == "en"  # French column empty
            assert foreign_language(pilot_action, "summary") == "en"
            assert lang_attr(pilot_action, "summary") == ' lang="en"'
            assert displayed_language(pilot_action, "objectives") is None  # nothing written at all
            assert content_language_note(pilot_action, "objectives") == ""
        with translation.override("en"):
            assert foreign_language(pilot_action, "summary") is None
            assert lang_attr(pilot_action, "title") == ""
        with translation.override("nb"):
            assert displayed_language(pilot_action, "title") == "en"  # not translated: written in English
            assert content_language_note(pilot_action, "summary").startswith('<p class="content-language-note">')
            assert content_language_note(pilot_action, "summary", element="span").startswith("<span ")
    assert len(queries) == 0
    deferred = PilotAction.objects.only("pk", "title").get(pk=pilot_action.pk)
    with CaptureQueriesContext(connection) as queries, translation.override("fr"):
        displayed_language(deferred, "summary")
    assert len(queries) == 0


def test_breadcrumbs_mark_a_title_shown_in_another_language(client, pilot_action):
    group = pilot_action.group
    group.name_en, group.name_fr = "Cross-border crisis management", ""
    group.save()
    for prefix, marked in (("/el", True), ("", False)):
        with translation.override(prefix.strip("/") or "en"):
            page_address, group_address = pilot_action.get_absolute_url(), group.get_absolute_url()
            greek_group = group.display_name
        crumb = element(client.get(page_address).content.decode(), "span", "Flood partnership on the Oder")
        assert ('lang="en"' in crumb) == marked and 'aria-current="page"' in crumb
        group_crumb = element(client.get(group_address).content.decode(), "span", greek_group)
        assert "lang=" not in group_crumb, "the group's name is in the page's language, Greek included"
