import unicodedata

import pytest
from django.utils import translation
from django.utils.html import escape
from django_countries import countries as django_countries

from borders.models import Border, Country
from projects.models import borders_in_programme
from tests.factories import BorderFactory, CountryFactory, PilotActionFactory, ThemeFactory
from tests.research import CONFIRMED, CONFIRMED_BORDERS, CONFIRMED_COUNTRIES, HIDDEN, confirmed_on_border

pytestmark = pytest.mark.django_db


def folded(name):
    """A name as a French reader orders it: accents and case aside."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(character for character in decomposed if not unicodedata.combining(character)).casefold()


@pytest.fixture
def crowded_border(request):
    """A border and a country with ``request.param`` public pilot actions, and one hidden one."""
    france, germany = CountryFactory(iso_code="FR"), CountryFactory(iso_code="DE")
    border = BorderFactory(name="France – Germany", slug="france-germany", countries=[france, germany])
    theme = ThemeFactory()
    PilotActionFactory.create_batch(request.param, borders=[border], countries=[france], themes=[theme])
    PilotActionFactory(title="Hidden pilot action", status="rejected", borders=[border], countries=[france])
    return border


class TestBorderList:
    def test_lists_borders_in_the_programme(self, client, programme):
        response = client.get("/borders/")
        assert response.status_code == 200
        content = response.content.decode()
        borders = {border.name: border.pilot_action_count for border in response.context["borders"]}
        assert len(borders) == len(CONFIRMED_BORDERS)
        assert borders["Bulgaria – Greece"] == len(confirmed_on_border("BG", "GR"))
        assert '<a href="/borders/bulgaria-greece/">Bulgaria – Greece</a>' in content
        assert '<a href="/countries/gr/">Greece</a>' in content
        assert content.count("<h1>") == 1
        features = response.context["map_geojson"]["features"]
        assert len(features) == len(CONFIRMED_BORDERS)
        assert all(feature["geometry"] and feature["properties"]["kind"] == "border" for feature in features)
        assert 'id="borders-map-data"' in content

    def test_border_without_public_pilot_action_is_not_listed(self, client):
        BorderFactory(name="Quiet border")
        PilotActionFactory(status="rejected", borders=[BorderFactory(name="Rejected border")])
        assert client.get("/borders/").context["borders"] == []

    def test_answers_in_french(self, client, programme):
        response = client.get("/fr/borders/")
        assert response.status_code == 200
        assert response.headers["Content-Language"] == "fr"

    @pytest.mark.parametrize("code", ["el", "de", "fi"])
    def test_names_and_sorts_the_borders_in_the_page_s_language(self, client, programme, code):
        response = client.get(f"/{code}/borders/")
        names = [border.display_name for border in response.context["borders"]]
        with translation.override(code):
            in_the_language = " – ".join(sorted([str(django_countries.name("BG")), str(django_countries.name("GR"))]))
        assert in_the_language in names
        assert names == sorted(names, key=folded)
        assert all(name.language == code for name in names)


class TestBorderDetail:
    def test_shows_countries_map_and_public_pilot_actions(self, client, programme):
        border = Border.objects.get(slug="bulgaria-greece")
        PilotActionFactory(title="Rejected on the Evros", status="rejected", borders=[border])
        PilotActionFactory(title="Partial on the Evros", record_confidence="partial", borders=[border])
        response = client.get("/borders/bulgaria-greece/")
        assert response.status_code == 200
        content = response.content.decode()
        for expected in (
            "<h1>Bulgaria – Greece</h1>",
            '<a href="/countries/bg/">Bulgaria</a>',
            '<a href="/countries/gr/">Greece</a>',
            "Cross-border risks and solutions",
            "Building cross-border resilience to animal diseases",
            f"{len(confirmed_on_border('BG', 'GR'))} pilot actions documented",
            'id="border-map-data"',
        ):
            assert expected in content, expected
        assert "Rejected on the Evros" not in content
        assert "Partial on the Evros" not in content
        kinds = [feature["properties"]["kind"] for feature in response.context["map_geojson"]["features"]]
        assert kinds == ["border", "pilot_action", "pilot_action"]

    def test_border_without_pilot_actions_answers(self, client, programme):
        response = client.get("/borders/austria-germany/")
        assert response.status_code == 200
        assert "No pilot action is documented on this border yet." in response.content.decode()

    def test_unknown_slug_answers_404(self, client):
        assert client.get("/borders/atlantis-lemuria/").status_code == 404


class TestCountryList:
    def test_lists_countries_in_the_programme_with_counts(self, client, programme):
        response = client.get("/countries/")
        assert response.status_code == 200
        countries = response.context["countries"]
        assert len(countries) == len(CONFIRMED_COUNTRIES)
        assert [country.display_name for country in countries][:3] == ["Austria", "Bulgaria", "Croatia"]
        in_greece = len([record for record in CONFIRMED if "GR" in record["countries"]])
        assert f'<a href="/countries/gr/">Greece</a> – {in_greece} pilot actions' in response.content.decode()

    def test_sorted_by_the_name_in_the_active_language(self, client, programme):
        response = client.get("/fr/countries/")
        assert response.status_code == 200
        names = [country.display_name for country in response.context["countries"]]
        with translation.override("fr"):
            french = {code: str(django_countries.name(code)) for code in CONFIRMED_COUNTRIES}
        assert set(names) == set(french.values())
        # In French, accents fold: Grèce sorts after Croatie (not after every unaccented name), and names sort
        # as French readers expect (Allemagne before Autriche, Espagne before France).
        assert names == sorted(names, key=folded)


@pytest.mark.parametrize("code", ["en", "el", "sv"])
def test_a_country_lists_its_borders_by_the_names_shown(client, programme, code):
    prefix = "" if code == "en" else f"/{code}"
    names = [border.display_name for border in client.get(f"{prefix}/countries/hu/").context["borders"]]
    assert len(names) >= 2
    assert names == sorted(names, key=folded)


class TestCountryDetail:
    @pytest.mark.parametrize("code", ["gr", "GR", "Gr"])
    def test_either_case_answers(self, client, programme, code):
        response = client.get(f"/countries/{code}/")
        assert response.status_code == 200
        content = response.content.decode()
        assert "<h1>Greece</h1>" in content
        assert '<a href="/borders/bulgaria-greece/">Bulgaria – Greece</a> – 2 pilot actions' in content
        assert "Cross-border risks and solutions" in content
        assert 'id="country-map-data"' in content
        kinds = [feature["properties"]["kind"] for feature in response.context["map_geojson"]["features"]]
        assert kinds == ["country", "pilot_action", "pilot_action"]

    def test_hides_non_public_pilot_actions(self, client, programme):
        """A country of a hidden record (probable or partial) shows its public pilot actions, never the hidden one;
        where the data give that country no public one, a public pilot action is added there."""
        hidden = next(record for record in HIDDEN if record["countries"])
        code = next((c for c in hidden["countries"] if c in CONFIRMED_COUNTRIES), hidden["countries"][0])
        public_titles = [record["title"] for record in CONFIRMED if code in record["countries"]]
        if not public_titles:
            public_titles = [PilotActionFactory(countries=[Country.objects.get(iso_code=code)]).title]
        content = client.get(f"/countries/{code.lower()}/").content.decode()
        assert escape(hidden["title"]) not in content
        assert all(escape(title) in content for title in public_titles)

    @pytest.mark.parametrize("code", ["xx", "XX", "abc", "g", "g1", "%00a", "1234", "gr.json"])
    def test_unknown_or_malformed_codes_answer_404(self, client, programme, code):
        assert client.get(f"/countries/{code}/").status_code == 404

    def test_answers_in_french(self, client, programme):
        response = client.get("/fr/countries/gr/")
        assert response.status_code == 200
        assert "<h1>Grèce</h1>" in response.content.decode()


@pytest.mark.parametrize("crowded_border", [20, 500], indirect=True)
def test_query_budgets(client, crowded_border, django_assert_max_num_queries):
    """The number of queries does not grow with the number of pilot actions."""
    total = borders_in_programme().get().pilot_action_count
    with django_assert_max_num_queries(2):
        response = client.get("/borders/")
    assert response.status_code == 200
    assert str(total) in response.content.decode()
    # Few: the cards' rows also draw the map. Many: the first 24, a count, and clusters for the map.
    with django_assert_max_num_queries(14):
        response = client.get(crowded_border.get_absolute_url())
    assert response.status_code == 200
    assert len(response.context["pilot_actions"]) == min(total, 24)
    assert response.context["pilot_action_total"] == total
    assert len(response.context["map_geojson"]["features"]) <= 301
    assert "Hidden pilot action" not in response.content.decode()
    if total > 24:
        assert f"See all {total:,} in the list" in response.content.decode()
    with django_assert_max_num_queries(1):
        response = client.get("/countries/")
    assert response.status_code == 200
    with django_assert_max_num_queries(14):
        response = client.get("/countries/fr/")
    assert response.status_code == 200
    assert len(response.context["pilot_actions"]) == min(total, 24)
