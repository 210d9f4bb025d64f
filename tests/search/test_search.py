"""The portal's search (/search/): what it finds, in what order, highlighted how, and what it never shows."""

import datetime
import re

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.urls import reverse
from django.utils import translation

from core import pagecache
from projects.models import PilotAction, ProgressReport
from results.models import Output
from search import indexing, signals
from search.models import SearchEntry
from search.text import fold, highlight, snippet
from search.urls import SEARCH_PAGE_SECONDS
from tests.factories import (
    AgendaItemFactory,
    BorderFactory,
    CountryFactory,
    FrequentlyAskedQuestionFactory,
    OutputFactory,
    PilotActionFactory,
    ProgressReportFactory,
    WebinarFactory,
)

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search is PostgreSQL's")
sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="the accent-folded fallback is SQLite's")


def search(client, q, **params):
    return client.get("/search/", {"q": q, **params})


# The seeded questions and the programme's pages (programme app) are indexed in every test database; the tests
# that make their own content look only at the kinds they make.
PROGRAMME_KINDS = {"faq", "page"}


def results(response):
    return [entry for entry in response.context["results"] if entry.kind not in PROGRAMME_KINDS]


def titles(response):
    return [str(entry.title) for entry in results(response)]


def test_finds_each_kind_and_links_to_it(client):
    pilot_action = PilotActionFactory(title="Oder river crisis network", summary="Joint drills on the Oder.")
    report = ProgressReportFactory(pilot_action=pilot_action, title="First drills", body="The Oder partners met.")
    output = OutputFactory(pilot_action=pilot_action, title="Oder joint plan")
    webinar = WebinarFactory(title="Working across the Oder")
    country = CountryFactory(iso_code="PL", name="Poland")
    border = BorderFactory(name="Germany – Poland", description="Along the Oder and the Neisse.", countries=[country])
    pilot_action.borders.add(border)
    pilot_action.countries.add(country)

    response = search(client, "oder")

    assert response.status_code == 200
    found = {(entry.kind, entry.url) for entry in results(response)}
    assert found == {
        ("pilot-action", pilot_action.get_absolute_url()),
        ("report", report.get_absolute_url()),
        ("output", output.get_absolute_url()),
        ("webinar", webinar.get_absolute_url()),
        ("border", border.get_absolute_url()),
    }
    assert search(client, "poland").context["types"][-1]["key"] == "country"


def test_an_agenda_item_makes_its_webinar_findable(client):
    webinar = WebinarFactory(title="Spring webinar")
    AgendaItemFactory(webinar=webinar, title="Hydrants that fit on both sides")
    assert [entry.url for entry in results(search(client, "hydrants"))] == [webinar.get_absolute_url()]


def test_drafts_and_hidden_records_never_appear(client):
    public = PilotActionFactory(title="Visible lighthouse")
    hidden = [
        PilotActionFactory(title="Probable lighthouse", record_confidence=PilotAction.Confidence.PROBABLE),
        PilotActionFactory(title="Partial lighthouse", record_confidence=PilotAction.Confidence.PARTIAL),
        PilotActionFactory(title="Submitted lighthouse", status=PilotAction.Status.SUBMITTED),
    ]
    ProgressReportFactory(pilot_action=public, title="Draft lighthouse report", status=ProgressReport.Status.DRAFT)
    OutputFactory(pilot_action=public, title="Draft lighthouse output", status=Output.Status.DRAFT)
    ProgressReportFactory(pilot_action=hidden[0], title="Lighthouse report of a hidden pilot")
    OutputFactory(pilot_action=hidden[1], title="Lighthouse output of a hidden pilot")
    hidden_country = CountryFactory(iso_code="LT", name="Lighthouse land")
    hidden[0].countries.add(hidden_country)

    response = search(client, "lighthouse")

    assert titles(response) == ["Visible lighthouse"]
    assert response.context["total"] == 1
    assert not SearchEntry.objects.filter(title__icontains="hidden").exists()


def test_the_index_follows_publish_unpublish_and_delete(client):
    report = ProgressReportFactory(title="Sandbag logistics", status=ProgressReport.Status.DRAFT)
    assert titles(search(client, "sandbag")) == []

    report.status = ProgressReport.Status.PUBLISHED
    report.save()
    assert titles(search(client, "sandbag")) == ["Sandbag logistics"]

    report.status = ProgressReport.Status.DRAFT
    report.save()
    assert titles(search(client, "sandbag")) == []

    report.status = ProgressReport.Status.PUBLISHED
    report.save()
    report.delete()
    assert titles(search(client, "sandbag")) == []
    assert not SearchEntry.objects.filter(kind="report").exists()


def test_a_pilot_action_hidden_takes_its_reports_outputs_and_places_with_it(client):
    country = CountryFactory(iso_code="EE", name="Estonia")
    pilot_action = PilotActionFactory(title="Narva bridge", countries=[country])
    ProgressReportFactory(pilot_action=pilot_action, title="Narva report")
    OutputFactory(pilot_action=pilot_action, title="Narva output")
    assert len(results(search(client, "narva"))) == 3
    assert len(results(search(client, "estonia"))) == 2  # the country, and the pilot action in it

    pilot_action.record_confidence = PilotAction.Confidence.PROBABLE
    pilot_action.save()

    assert results(search(client, "narva")) == []
    assert results(search(client, "estonia")) == []


def test_removing_a_country_from_a_pilot_action_updates_both(client):
    country = CountryFactory(iso_code="LV", name="Latvia")
    pilot_action = PilotActionFactory(title="Daugava", countries=[country])
    assert {entry.kind for entry in results(search(client, "latvia"))} == {"country", "pilot-action"}
    pilot_action.countries.clear()
    assert results(search(client, "latvia")) == []
    pilot_action.delete()
    assert not SearchEntry.objects.filter(kind__in=["pilot-action", "country"]).exists()


def test_rebuild_gives_the_same_index_and_mends_a_bulk_update(client):
    pilot_action = PilotActionFactory(title="Ice jam watch")
    ProgressReportFactory(title="Ice jam season")
    before = set(SearchEntry.objects.values_list("kind", "object_id", "language", "title", "body", "url"))
    PilotAction.objects.filter(pk=pilot_action.pk).update(title="Frazil ice watch")  # no signal
    assert titles(search(client, "frazil")) == []
    call_command("rebuild_search_index", stdout=open("/dev/null", "w"))  # noqa: SIM115
    after = set(SearchEntry.objects.values_list("kind", "object_id", "language", "title", "body", "url"))
    assert len(after) == len(before)
    assert titles(search(client, "frazil")) == ["Frazil ice watch"]


def test_a_rebuild_that_changes_nothing_keeps_cached_pages(client):
    PilotActionFactory(title="Ice jam watch")
    call_command("rebuild_search_index", stdout=open("/dev/null", "w"))  # noqa: SIM115 (mends the call page's figures)
    version = pagecache.content_version()
    call_command("rebuild_search_index", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert pagecache.content_version() == version


def test_one_entry_per_language_in_each_language_url(client):
    pilot_action = PilotActionFactory(title="Alpine slopes", summary_en="Landslides.", summary_fr="Glissements.")
    entries = dict(SearchEntry.objects.filter(kind="pilot-action").values_list("language", "url"))
    assert entries == {"en": pilot_action.get_absolute_url(), "fr": "/fr" + pilot_action.get_absolute_url()}
    assert titles(client.get("/fr/search/", {"q": "glissements"})) == ["Alpine slopes"]
    assert titles(client.get("/fr/search/", {"q": "landslides"})) == []  # French entries hold French text
    assert titles(search(client, "landslides")) == ["Alpine slopes"]


def test_the_index_holds_the_content_languages_only(client, settings):
    """25 interface languages, content in English and French: two entries an object, not 25."""
    PilotActionFactory(title="Alpine slopes")
    assert set(SearchEntry.objects.values_list("language", flat=True)) == set(settings.CONTENT_LANGUAGES)
    assert SearchEntry.objects.filter(kind="pilot-action").count() == len(settings.CONTENT_LANGUAGES)


@pytest.mark.parametrize("language", ["de", "el", "bg", "mt", "nb"])
def test_other_interface_languages_search_the_english_entries_and_link_in_their_language(client, language):
    pilot_action = PilotActionFactory(title="Alpine slopes", summary_en="Landslides.", summary_fr="Glissements.")
    question = FrequentlyAskedQuestionFactory(question="Who pays for the gazebo?", answer="The gazebo fund.")
    with translation.override(language):
        addresses = [pilot_action.get_absolute_url(), question.get_absolute_url()]
    assert addresses[0] == f"/{language}/pilot-actions/{pilot_action.slug}/"
    response = client.get(f"/{language}/search/", {"q": "landslides"})
    assert response.status_code == 200
    assert [(entry.title, entry.url) for entry in results(response)] == [("Alpine slopes", addresses[0])]
    assert titles(client.get(f"/{language}/search/", {"q": "glissements"})) == []  # French is French's alone
    faq = client.get(f"/{language}/search/", {"q": "gazebo"}).context["results"]
    assert [entry.url for entry in faq] == [addresses[1]]  # its #anchor kept
    assert client.get(faq[0].url.split("#")[0]).status_code == 200
    page = response.content.decode()
    assert re.search(r'<h3 lang="en"><a href="[^"]+">Alpine slopes</a></h3>', page), "English text, marked as such"
    assert re.search(r'<p class="search-result__snippet" lang="en">', page)


def test_results_in_the_page_s_language_are_not_marked(client):
    PilotActionFactory(title="Alpine slopes", summary_en="Landslides.", summary_fr="Glissements.")
    for address, words in (("/search/", "landslides"), ("/fr/search/", "glissements")):
        page = client.get(address, {"q": words}).content.decode()
        listed = page.split('<ol class="search-results">', 1)[1].split("</ol>", 1)[0]
        assert "Alpine slopes" in listed and 'lang="' not in listed, address


def test_untranslated_content_falls_back_to_english_in_french(client):
    PilotActionFactory(title="Storm surge", summary_en="Coastal barrier drills.")
    assert titles(client.get("/fr/search/", {"q": "barrier"})) == ["Storm surge"]


def test_slubice_finds_słubice(client):
    PilotActionFactory(title="Twin towns", summary="Frankfurt (Oder) and Słubice share a fire brigade.")
    PilotActionFactory(title="Øresund link", summary="Straße and Đakovo.")
    assert titles(search(client, "Slubice")) == ["Twin towns"]
    assert titles(search(client, "SŁUBICE")) == ["Twin towns"]
    assert titles(search(client, "oresund")) == ["Øresund link"]


def test_counts_by_type_filter_the_results(client):
    pilot_action = PilotActionFactory(title="Wildfire corridor")
    for number in range(3):
        ProgressReportFactory(pilot_action=pilot_action, title=f"Wildfire season {number}")
    response = search(client, "wildfire")
    counts = {row["key"]: row["count"] for row in response.context["types"]}
    assert counts == {"pilot-action": 1, "report": 3}
    assert response.context["total"] == 4
    assert 'href="?q=wildfire&amp;type=report"' in response.content.decode()

    only_reports = search(client, "wildfire", type="report")
    assert {entry.kind for entry in results(only_reports)} == {"report"}
    assert len(results(only_reports)) == 3
    assert only_reports.context["total"] == 4  # the counts stay those of every type


def test_an_unknown_type_says_so_and_shows_every_type(client):
    PilotActionFactory(title="Avalanche forecast")
    response = search(client, "avalanche", type="<x-probe>")
    assert response.status_code == 200
    assert titles(response) == ["Avalanche forecast"]
    content = response.content.decode()
    assert "is not a type of result" in content
    assert "<x-probe>" not in content


def test_paginated(client):
    pilot_action = PilotActionFactory(title="Heatwave plan")
    for number in range(23):
        ProgressReportFactory(pilot_action=pilot_action, title=f"Heatwave week {number}")
    first = search(client, "heatwave")
    second = search(client, "heatwave", page=2)
    assert len(results(first)) == 20
    assert len(results(second)) == 4
    assert not {entry.pk for entry in results(first)} & {entry.pk for entry in results(second)}
    assert first.context["paginator"].count == 24
    assert 'rel="next"' in first.content.decode()
    assert len(results(search(client, "heatwave", page="999"))) == 4  # the nearest page, not an error


def test_title_matches_rank_above_body_matches_then_newest_first(client):
    body_only = PilotActionFactory(title="Cross-border ambulances", summary="Also about tsunami warnings.")
    in_title = PilotActionFactory(title="Tsunami warning chain", summary="Sirens.")
    response = search(client, "tsunami")
    assert [entry.object_id for entry in results(response)] == [in_title.pk, body_only.pk]


def test_words_are_highlighted_and_content_is_escaped(client):
    PilotActionFactory(
        title="Bridge <b>bold</b> drill", summary="A <script>alert(1)</script> note about the bridge drill."
    )
    response = search(client, "bridge")
    content = response.content.decode()
    (entry,) = results(response)
    assert "<mark>Bridge</mark>" in str(entry.title_html)
    assert "<mark>bridge</mark>" in str(entry.snippet_html)
    assert "<script>alert(1)</script>" not in content
    assert "<b>bold</b>" not in content
    assert "&lt;b&gt;bold&lt;/b&gt;" in content


@postgresql_only
def test_stemming_flooding_finds_floods(client):
    PilotActionFactory(title="River basin", summary="Preparing for floods along the Drava.")
    response = search(client, "flooding")
    assert titles(response) == ["River basin"]
    assert "<mark>floods</mark>" in str(results(response)[0].snippet_html)


@postgresql_only
def test_french_inondations_finds_french_inondation(client):
    PilotActionFactory(
        title="Meuse",
        summary_en="Preparing for high water.",
        summary_fr="Un plan commun contre l'inondation de la vallée.",
    )
    assert titles(client.get("/fr/search/", {"q": "inondations"})) == ["Meuse"]
    assert titles(search(client, "inondations")) == []  # the English entries hold no French


@postgresql_only
def test_every_language_has_its_text_search_configuration(settings):
    """One mapping (search.indexing) names a configuration for each interface language; the migrations made each."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT cfgname FROM pg_ts_config")
        existing = {row[0] for row in cursor.fetchall()}
    assert set(indexing.TEXT_SEARCH_CONFIGURATIONS) == {code for code, _name in settings.LANGUAGES}
    for language in indexing.TEXT_SEARCH_CONFIGURATIONS:
        assert indexing.configuration(language) in existing, language
    assert indexing.configuration("de") == "german_unaccent" and indexing.configuration("pl") == "simple_unaccent"
    with connection.cursor() as cursor:  # accents gone, then German's stemmer
        cursor.execute("SELECT to_tsvector('german_unaccent', 'Grenzübergänge')::text")
        assert cursor.fetchone()[0] == "'grenzubergang':1"


@postgresql_only
def test_a_german_search_stems_in_english_over_the_english_entries(client):
    PilotActionFactory(title="River basin", summary="Preparing for floods along the Drava.")
    response = client.get("/de/search/", {"q": "flooding"})
    assert titles(response) == ["River basin"]
    assert "<mark>floods</mark>" in str(results(response)[0].snippet_html)


@postgresql_only
def test_websearch_syntax(client):
    PilotActionFactory(title="Flash floods", summary="Mountain valleys.")
    PilotActionFactory(title="River floods", summary="Wide plains.")
    assert titles(search(client, "floods -mountain")) == ["River floods"]
    assert titles(search(client, '"river floods"')) == ["River floods"]
    assert sorted(titles(search(client, "valleys or plains"))) == ["Flash floods", "River floods"]


@postgresql_only
def test_vectors_are_stored_and_searched_through_the_gin_index():
    PilotActionFactory(title="Indexed")
    assert not SearchEntry.objects.filter(vector__isnull=True).exists()
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'search_entry_vector'")
        assert "gin" in cursor.fetchone()[0].lower()


@sqlite_only
def test_sqlite_matches_every_folded_word(client):
    PilotActionFactory(title="Crisis Centre Görlitz", summary="Shared radio channels.")
    PilotActionFactory(title="Crisis Centre Zgorzelec", summary="Shared sirens.")
    assert titles(search(client, "gorlitz radio")) == ["Crisis Centre Görlitz"]
    assert sorted(titles(search(client, "crisis shared"))) == ["Crisis Centre Görlitz", "Crisis Centre Zgorzelec"]
    assert not SearchEntry.objects.filter(folded="").exists()


def test_fold_and_highlight_in_python():
    assert fold("Słubice Øresund Straße Đakovo ÉCOLE") == "slubice oresund strasse dakovo ecole"
    assert str(highlight("Słubice <x>", ["slubice"])) == "<mark>Słubice</mark> &lt;x&gt;"
    long_text = "word " * 100 + "Słubice at last " + "word " * 100
    window = str(snippet(long_text, ["slubice"]))
    assert "<mark>Słubice</mark>" in window
    assert window.startswith("… ") and window.endswith(" …")


EMPTY_MESSAGE = "Type a few words"


@pytest.mark.parametrize("q", ["", "   "])
def test_an_empty_search_shows_the_form_and_a_hint(client, q):
    response = search(client, q)
    assert response.status_code == 200
    assert EMPTY_MESSAGE in response.content.decode()
    assert response.context["results"] == []


def test_over_200_characters_is_a_form_error(client):
    PilotActionFactory(title="Drought")
    response = search(client, "drought " * 30)
    assert response.status_code == 200
    assert "at most 200 characters" in response.content.decode()
    assert not results(response)


HOSTILE = [
    "<x-probe>",
    "'><script>alert('<x-probe>')</script>",
    '" onmouseover="<x-probe>',
    "x' OR '1'='1'; DROP TABLE search_searchentry; --",
    "<x-probe>\x00",
    "\x00",
    "bell\x07<x-probe>",
    "<x-probe>" + "A" * 10_000,
    "!!! & | ! ( ) : * <-> \\ <x-probe>",
    '"""" -- - or OR or AND',
    "%00<x-probe>",
    "{{ settings.SECRET_KEY }}<x-probe>",
]


@pytest.mark.parametrize("q", HOSTILE)
def test_hostile_queries_give_no_error_and_reflect_no_markup(client, q):
    PilotActionFactory(title="Probe target", summary="Ordinary text.")
    for path in ("/search/", "/fr/search/"):
        response = client.get(path, {"q": q, "type": q, "page": q})
        assert response.status_code == 200, q
        assert "<x-probe>" not in response.content.decode(), q
    assert SearchEntry.objects.exists()


@pytest.mark.parametrize("q", ["\x00", "a\x01b", "bell\x07"])
def test_control_characters_are_a_form_error(client, q):
    response = search(client, q)
    assert "cannot be searched for" in response.content.decode()


def test_the_header_of_every_page_has_the_search_box(client):
    content = client.get(reverse("projects:home")).content.decode()
    form = re.search(r'<form class="header-search"[^>]*>.*?</form>', content, re.S).group(0)
    assert 'role="search"' in form
    assert f'action="{reverse("search:results")}"' in form
    assert 'name="q"' in form and 'type="search"' in form
    assert '<label for="header-search-q"' in form
    with translation.override("fr"):
        french = client.get("/fr/").content.decode()
    assert 'action="/fr/search/"' in french


def test_searches_are_cached_for_a_short_while_and_dropped_by_changes(client, settings, monkeypatch):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600
    assert "X-Page-Cache" not in client.get("/search/")
    assert client.get("/search/")["X-Page-Cache"] == "hit"
    PilotActionFactory(title="Cache probe")
    stored = []
    store = pagecache.cache.set

    def recording_set(key, value, timeout=None):
        if key.startswith("page:"):
            stored.append(timeout)
        return store(key, value, timeout)

    monkeypatch.setattr(pagecache.cache, "set", recording_set)
    assert "X-Page-Cache" not in search(client, "cache")
    assert search(client, "cache")["X-Page-Cache"] == "hit"
    assert stored == [SEARCH_PAGE_SECONDS]
    PilotActionFactory(title="Cache probe again")
    assert "X-Page-Cache" not in search(client, "cache")
    client.get("/search/", {"q": "cache", "utm_source": "mail"})
    assert "X-Page-Cache" not in client.get("/search/", {"q": "cache", "utm_source": "mail"})


@pytest.mark.parametrize("size", [2, 30])
def test_query_budget_does_not_grow_with_the_data(client, size, django_assert_max_num_queries):
    for number in range(size):
        pilot_action = PilotActionFactory(title=f"Budget pilot {number}", summary="budget")
        ProgressReportFactory(pilot_action=pilot_action, title=f"Budget report {number}")
        OutputFactory(pilot_action=pilot_action, title=f"Budget output {number}")
    WebinarFactory(title="Budget webinar")
    # counts by type, one page of results, their highlights; sessions are not read for an anonymous visitor
    with django_assert_max_num_queries(3):
        response = search(client, "budget", page=2)
    assert response.status_code == 200
    total = response.context["total"]
    assert total >= 3 * size + 1
    shown = response.context["results"]
    assert len(shown) == (min(20, total - 20) if total > 20 else total)  # page 2, or the only one


def test_rebuild_after_migrate_fills_an_index_left_empty(client):
    PilotActionFactory(title="Post migrate")
    SearchEntry.objects.all().delete()
    indexing.rebuild()
    assert titles(search(client, "migrate")) == ["Post migrate"]


def test_published_questions_and_the_programme_pages_are_found(client):
    from programme.models import FrequentlyAskedQuestion

    published = FrequentlyAskedQuestion.objects.create(
        slug="who-pays", question="Who pays for the gazebo?", answer="The *gazebo* fund.", is_published=True
    )
    FrequentlyAskedQuestion.objects.create(slug="draft", question="Draft gazebo?", answer="No.", is_published=False)
    assert [entry.url for entry in search(client, "gazebo").context["results"]] == [published.get_absolute_url()]
    published.is_published = False
    published.save()
    assert search(client, "gazebo").context["results"] == []

    about = search(client, "about resilient borders").context["results"]
    assert reverse("programme:about") in [entry.url for entry in about]
    call = [entry for entry in search(client, "call for proposals").context["results"] if entry.kind == "page"]
    assert reverse("programme:call") in [entry.url for entry in call]
    assert all("Home" not in str(entry.snippet_html)[:4] for entry in call)  # the breadcrumbs are not indexed


def test_changes_are_indexed_once_at_commit(client, monkeypatch, django_capture_on_commit_callbacks):
    """Outside the tests' own switch: a transaction's changes wait for its commit, and cost one reindex."""
    monkeypatch.setattr(signals, "AT_COMMIT", True)
    calls = []
    reindex = indexing.reindex
    monkeypatch.setattr(indexing, "reindex", lambda changes: calls.append(changes) or reindex(changes))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            country = CountryFactory(iso_code="SI", name="Slovenia")
            pilot_action = PilotActionFactory(title="Karst water", countries=[country])
            ProgressReportFactory(pilot_action=pilot_action, title="Karst springs")
        assert calls == []
        assert titles(search(client, "karst")) == []
    assert len(callbacks) == 1
    assert len(calls) == 1
    assert sorted(titles(search(client, "karst"))) == ["Karst springs", "Karst water"]
    assert {entry.kind for entry in results(search(client, "slovenia"))} == {"country", "pilot-action"}


def test_loading_the_programme_fills_the_index_once(monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(signals, "AT_COMMIT", True)
    calls = []
    reindex = indexing.reindex
    monkeypatch.setattr(indexing, "reindex", lambda changes: calls.append(changes) or reindex(changes))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_programme", verbosity=0)
    assert len(calls) == 1
    public = PilotAction.objects.public().count()
    assert SearchEntry.objects.filter(kind="pilot-action").count() == public * 2  # English and French


def test_beat_mends_the_index_every_hour(settings):
    """A bulk update() sends no signal: the periodic rebuild is what mends the index after one."""
    schedule = [entry for entry in settings.CELERY_BEAT_SCHEDULE.values() if entry["task"].endswith("search_index")]
    assert [entry["task"] for entry in schedule] == ["search.tasks.rebuild_search_index"]
    every = schedule[0]["schedule"]
    now = every.now()
    assert every.remaining_estimate(now - datetime.timedelta(hours=1)).total_seconds() <= 3600


def test_rebuild_before_collectstatic_indexes_the_programme_pages(settings, tmp_path):
    """A deployment migrates (which rebuilds the index) before collectstatic writes the manifest: the pages'
    content is indexed without the site's frame, whose static links would need that manifest."""
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.utils.functional import empty

    settings.STATIC_ROOT = tmp_path / "static-not-collected"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    staticfiles_storage._wrapped = empty  # the storage as configured now, with no manifest
    try:
        with pytest.raises(ValueError, match="manifest"):
            staticfiles_storage.url("css/site.css")  # what rendering the whole page would meet
        SearchEntry.objects.all().delete()
        indexing.rebuild()
    finally:
        staticfiles_storage._wrapped = empty  # the test settings' storage again, once they are restored
    call = SearchEntry.objects.filter(url=reverse("programme:call"), language="en").get()
    assert "lot" in call.body.lower()
