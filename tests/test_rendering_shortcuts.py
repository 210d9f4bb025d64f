"""The rendering shortcuts (projects.fragments: cards and filter choices kept per content version, filter widgets
rendered without Django's template per option) change nothing anyone sees: each public page is the same to the
byte with them off, on with an empty cache, and on again from what the first rendering stored, in both languages;
and a change of the data shows at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.pagecache import cached_for_content
from projects.filters import PilotActionFilter
from projects.models import Partnership, PilotAction, Theme
from tests.factories import (
    BorderFactory,
    CountryFactory,
    OrganisationFactory,
    OutputFactory,
    PartnershipFactory,
    PilotActionFactory,
    ProgressReportFactory,
    ResultsFactory,
    ThematicGroupFactory,
    ThemeFactory,
    WebinarFactory,
    obstacle_met,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme_data():
    """Two groups, themes of two families, two borders over three countries, and pilot actions with a lead,
    reports, results, outputs and a webinar; one title and one theme that need escaping; enough pilot actions
    for a second page of the list."""
    france, germany, italy = (CountryFactory(iso_code=code) for code in ("FR", "DE", "IT"))
    rhine = BorderFactory(name="France–Germany", countries=[france, germany])
    alps = BorderFactory(name="Germany–Italy", countries=[germany, italy])
    crisis = ThematicGroupFactory(slug="crisis-management", name="Crisis management")
    planning = ThematicGroupFactory(slug="spatial-planning", name="Spatial planning")
    floods = ThemeFactory(slug="floods", name="Floods & <storms>", hazard_family=Theme.HazardFamily.METEOROLOGICAL)
    housing = ThemeFactory(slug="housing", name="Housing")
    pilot_actions = []
    for index in range(26):
        border = (rhine, alps)[index % 2]
        pilot_action = PilotActionFactory(
            title=f'Pilot "{index}" & co' if index == 3 else f"Pilot action {index:02}",
            acronym=f"PA{index}",
            code=f"CM{index}",
            group=(crisis, planning)[index % 2],
            themes=[(floods, housing)[index % 3 % 2]],
            borders=[border],
            countries=list(border.countries.all()),
        )
        PartnershipFactory(pilot_action=pilot_action, role=Partnership.Role.LEAD, organisation=OrganisationFactory())
        pilot_actions.append(pilot_action)
    first = pilot_actions[0]
    for report_index in range(3):
        ProgressReportFactory(pilot_action=pilot_actions[report_index])
    obstacle_met(ResultsFactory(pilot_action=first), "funding", note="Money & time.")
    OutputFactory(pilot_action=first, themes=[floods])
    OutputFactory(pilot_action=pilot_actions[1])
    WebinarFactory().presenting_pilot_actions.set(pilot_actions[:2])
    return {"first": first, "group": crisis, "border": rhine, "country": france}


def pages(data):
    first = data["first"]
    return {
        "home": "/",
        "list": "/pilot-actions/",
        "filtered list": "/pilot-actions/?group=crisis-management&theme=floods&sort=-title",
        "list, page 2": "/pilot-actions/?page=2",
        "list, bad filter": "/pilot-actions/?group=nope&country=fr",
        "list, search": "/pilot-actions/?q=pilot",
        "map": "/map/",
        "filtered map": "/map/?border=" + data["border"].slug,
        "detail": first.get_absolute_url(),
        "updates": "/updates/",
        "filtered updates": "/updates/?theme=floods",
        "outputs": "/outputs/",
        "filtered outputs": "/outputs/?family=meteorological",
        "results": "/results/",
        "group": data["group"].get_absolute_url(),
        "border": data["border"].get_absolute_url(),
        "country": data["country"].get_absolute_url(),
    }


def render(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


@pytest.mark.parametrize("language", ["en", "fr"])
def test_every_public_page_is_the_same_with_the_shortcuts_on_and_off(client, settings, programme_data, language):
    prefix = "" if language == "en" else "/fr"
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0  # every page rendered afresh: what is compared is the rendering
    for name, path in pages(programme_data).items():
        settings.RENDERING_SHORTCUTS = False
        plain = render(client, prefix + path)
        settings.RENDERING_SHORTCUTS = True
        assert render(client, prefix + path) == plain, f"{name}: shortcuts on, nothing stored yet"
        assert render(client, prefix + path) == plain, f"{name}: shortcuts on, from what was stored"


def test_a_change_shows_at_once_in_cards_and_choices(client, settings, programme_data):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    settings.RENDERING_SHORTCUTS = True
    first = programme_data["first"]
    before = render(client, "/pilot-actions/")
    assert first.title in before and "Floods &amp; &lt;storms&gt; (" in before
    first.title = "A renamed pilot across the Rhine"
    first.save()
    Theme.objects.filter(slug="floods").update(name="Flash floods")  # a bulk update, which sends no signal
    after = render(client, "/pilot-actions/")
    assert "A renamed pilot across the Rhine" in after and "Flash floods (" in after
    settings.RENDERING_SHORTCUTS = False
    assert render(client, "/pilot-actions/") == after
    assert PilotAction.objects.filter(title="A renamed pilot across the Rhine").exists()


def test_a_change_computes_the_opening_filter_choices_ahead_in_every_language(settings, programme_data):
    """The first /map/ or list after a change finds its choices and counts ready: a worker computed them when the
    change committed (Celery is eager here)."""
    settings.PRECOMPUTE_FILTER_CHOICES = True
    settings.RENDERING_SHORTCUTS = True
    PilotActionFactory(title="One more")  # committed at once in a test: the content version moves on

    def not_computed_ahead():
        raise AssertionError("computed on the request, not ahead")

    digest = PilotActionFilter({}, queryset=PilotAction.objects.public()).choice_digest()
    for language, _name in settings.LANGUAGES:
        choices = cached_for_content(f"facets-choices:{language}:{digest}", not_computed_ahead)
        assert any("(" in label for _value, label in choices["theme"]), language


@pytest.mark.parametrize("path", ["/map/", "/pilot-actions/", "/el/map/"])
def test_the_opening_view_a_visitor_asks_for_finds_what_was_computed_ahead(
    settings, programme_data, client, monkeypatch, path
):
    """The same choices and counts as the test above, as a visitor's request reads them: without a query string
    the view's FilterSet is unbound (the task's is bound to {}), and must find them under the same key."""
    settings.PRECOMPUTE_FILTER_CHOICES = True
    settings.RENDERING_SHORTCUTS = True
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    PilotActionFactory(title="One more")

    def not_computed_ahead(self):
        raise AssertionError("counted on the request, not ahead")

    monkeypatch.setattr(PilotActionFilter, "count_facets", not_computed_ahead)
    monkeypatch.setattr(PilotActionFilter, "labelled_choices", not_computed_ahead)
    assert client.get(path).status_code == 200


def test_a_change_computes_each_single_filter_ahead(settings, programme_data, client):
    """The first click on a filter (one group, one theme, one border...) finds its counts, its number of results
    and the box around its matches ready: the map's list part then costs no counting query."""
    settings.PRECOMPUTE_FILTER_CHOICES = True
    settings.RENDERING_SHORTCUTS = True
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    PilotActionFactory(title="One more")
    form = PilotActionFilter({}, queryset=PilotAction.objects.public()).form
    for name in PilotActionFilter.facets:
        value = next(str(value) for value, _label in form.fields[name].choices if str(value))
        filterset = PilotActionFilter({name: value}, queryset=PilotAction.objects.public())
        for key in (
            f"facets-choices:en:{filterset.choice_digest()}",
            f"count:PilotActionFilter:{filterset.choice_digest()}",
            f"map-extent:{filterset.choice_digest()}",
        ):
            cached_for_content(key, lambda key=key: pytest.fail(f"{key} was not computed ahead"))
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/map/results/", {name: value}).status_code == 200
        counting = [query["sql"] for query in queries if "GROUP BY" in query["sql"] or "MIN(" in query["sql"]]
        assert not counting, (name, counting)
