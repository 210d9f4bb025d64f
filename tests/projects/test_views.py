import pytest
from django.urls import reverse
from django.utils.html import escape

from projects.models import PilotAction, ProgressReport
from tests.factories import (
    PilotActionFactory,
    ProgressReportFactory,
    ThemeFactory,
)
from tests.research import (
    CONFIRMED,
    CONFIRMED_BORDERS,
    CONFIRMED_COUNTRIES,
    HIDDEN_TITLES,
    confirmed_in_group,
    confirmed_on_border,
    started_phrase,
)

pytestmark = pytest.mark.django_db

LIST_URL = "/pilot-actions/"


def titles(response):
    return [pilot_action.title for pilot_action in response.context["object_list"]]


class TestList:
    def test_lists_only_public_pilot_actions(self, client, programme):
        response = client.get(LIST_URL)
        assert response.status_code == 200
        assert response.context["paginator"].count == len(CONFIRMED)
        for title in HIDDEN_TITLES:
            assert escape(title) not in response.content.decode()
        assert f"{started_phrase('of the')} pilot actions that ran are documented" in response.content.decode()

    def test_filters_from_the_issue_combine(self, client, programme):
        assert titles(client.get(LIST_URL, {"theme": "floods"})) == [
            "Enhancing flood and drought resilience along the river Drava"
        ]
        assert len(titles(client.get(LIST_URL, {"group": "crisis-management"}))) == len(
            confirmed_in_group("crisis-management")
        )
        assert len(titles(client.get(LIST_URL, {"group": "spatial-planning", "country": "fr"}))) == 1
        assert titles(client.get(LIST_URL, {"border": "bulgaria-greece", "theme": "wildfires"})) == [
            "Cross-border risks and solutions"
        ]
        assert titles(client.get(LIST_URL, {"country": "GR", "q": "animal"})) == [
            "Building cross-border resilience to animal diseases through joint crisis management"
        ]

    def test_free_text_searches_partners_and_acronyms(self, client, programme):
        assert titles(client.get(LIST_URL, {"q": "Svilengrad"})) == ["Cross-border risks and solutions"]
        assert titles(client.get(LIST_URL, {"q": "connect gorizia"})) == [
            "CONNECT: Cooperative networks for cross-border engagement, climate adaptation, and territorial resilience"
        ]
        assert titles(client.get(LIST_URL, {"q": "sp8"})) == [
            "Cross Border Integration of the Functional Metropolitan Area of Bratislava"
        ]

    def test_facets_show_counts_with_the_other_filters_kept(self, client, programme):
        response = client.get(LIST_URL, {"group": "crisis-management"})
        content = response.content.decode()
        assert "Wildfires (1)" in content
        assert "Cross-border housing (0)" in content
        # The group facet ignores its own filter, so the other group still shows its count.
        assert f"Cross-border spatial planning ({len(confirmed_in_group('spatial-planning'))})" in content
        on_the_border = [r for r in confirmed_on_border("BG", "GR") if r["group"] == "crisis-management"]
        assert f"Bulgaria – Greece ({len(on_the_border)})" in content

    def test_sorting(self, client, programme):
        codes = [pa.code for pa in client.get(LIST_URL, {"sort": "-code"}).context["object_list"]]
        coded = sorted((record["code"] for record in CONFIRMED if record["code"]), reverse=True)
        assert codes[: len(coded)] == coded
        descending = titles(client.get(LIST_URL, {"sort": "-title"}))
        assert descending == sorted(descending, reverse=True)

    @pytest.mark.parametrize(
        ("query", "field"),
        [
            ({"theme": "volcanoes"}, "theme"),
            ({"group": "nonsense"}, "group"),
            ({"country": "zz"}, "country"),
            ({"country": "<script>"}, "country"),
            ({"border": "a" * 500}, "border"),
            ({"sort": "password"}, "sort"),
            ({"sort": "title,title"}, "sort"),
            ({"sort": "title,-code"}, "sort"),
            ({"q": "x" * 201}, "q"),
            ({"q": "nul\x00byte"}, "q"),
            ({"border": "nul\x00byte"}, "border"),
            ({"country": "f\x00"}, "country"),
        ],
    )
    def test_bad_parameters_give_a_form_error_not_a_500(self, client, programme, query, field):
        response = client.get(LIST_URL, query)
        assert response.status_code == 200
        assert field in response.context["filter"].form.errors
        assert "<script>" not in response.content.decode()
        assert response.context["paginator"].count == len(CONFIRMED)

    def test_unknown_parameters_are_ignored(self, client, programme):
        response = client.get(LIST_URL, {"colour": "red", "utm_source": "newsletter", "theme": "floods"})
        assert response.status_code == 200
        assert response.context["filter"].is_valid()
        assert titles(response) == titles(client.get(LIST_URL, {"theme": "floods"}))
        assert "Unknown filter" not in response.content.decode()

    @pytest.mark.parametrize("page", ["0", "-1", "abc", "999", "1.5", ""])
    def test_bad_page_numbers_show_a_page(self, client, page):
        PilotActionFactory.create_batch(25)
        response = client.get(LIST_URL, {"page": page})
        assert response.status_code == 200
        assert len(response.context["object_list"]) in (5, 20)

    def test_pagination_keeps_the_filters(self, client):
        theme = ThemeFactory(slug="floods")
        PilotActionFactory.create_batch(25, themes=[theme])
        content = client.get(LIST_URL, {"theme": "floods"}).content.decode()
        assert "?theme=floods&amp;page=2" in content

    @pytest.mark.parametrize("many_pilot_actions", [20, 500], indirect=True)
    def test_query_budget(self, client, many_pilot_actions, django_assert_max_num_queries):
        # 20, and 1 for the family of crisis's facet counts (one grouped count per facet, on a cold cache)
        with django_assert_max_num_queries(21):
            response = client.get(LIST_URL, {"theme": "floods", "country": "fr", "q": "pilot", "sort": "-title"})
        assert response.status_code == 200
        assert response.context["paginator"].count == len(many_pilot_actions) // 2


class TestDetail:
    def test_shows_everything_known(self, client, programme):
        response = client.get(reverse("projects:pilot-action-detail", args=["borderisks"]))
        assert response.status_code == 200
        content = response.content.decode()
        for expected in (
            "Cross-border risks and solutions",
            "Municipality of Orestiada",
            "Municipality of Svilengrad",
            "Lead applicant",
            "Cross-border crisis management",
            "Association of European Border Regions",
            "Strengthening the resilience of EU border regions",
            "Wildfires",
            "/borders/bulgaria-greece/",
            "https://evros24.gr/symmetochi-dimoy-orestiadas-ey",
            'id="pilot-action-map-data"',
            "No progress report has been published yet.",
        ):
            assert expected in content, expected

    def test_published_reports_newest_first_and_no_drafts(self, client):
        pilot_action = PilotActionFactory()
        older = ProgressReportFactory(pilot_action=pilot_action, title="First steps")
        newer = ProgressReportFactory(pilot_action=pilot_action, title="Final conference")
        ProgressReport.objects.filter(pk=older.pk).update(published_at=newer.published_at.replace(year=2024))
        ProgressReportFactory(pilot_action=pilot_action, title="Secret draft", status="draft")
        content = client.get(pilot_action.get_absolute_url()).content.decode()
        assert content.index("Final conference") < content.index("First steps")
        assert "Secret draft" not in content

    @pytest.mark.parametrize("status", ["submitted", "shortlisted", "rejected", "withdrawn"])
    def test_hidden_pilot_actions_answer_404(self, client, status):
        pilot_action = PilotActionFactory(status=status)
        assert client.get(pilot_action.get_absolute_url()).status_code == 404

    def test_partial_record_answers_404(self, client, programme):
        partial = PilotAction.objects.get(record_confidence="partial")
        assert client.get(partial.get_absolute_url()).status_code == 404

    def test_unknown_slug_answers_404(self, client):
        assert client.get("/pilot-actions/no-such-thing/").status_code == 404

    @pytest.mark.parametrize("many_pilot_actions", [20, 500], indirect=True)
    def test_query_budget(self, client, many_pilot_actions, django_assert_max_num_queries):
        with django_assert_max_num_queries(12):
            response = client.get(many_pilot_actions[0].get_absolute_url())
        assert response.status_code == 200


class TestGroupAndHome:
    def test_group_page(self, client, programme):
        response = client.get(reverse("projects:group-detail", args=["spatial-planning"]))
        content = response.content.decode()
        assert response.status_code == 200
        assert "Mission Opérationnelle Transfrontalière" in content
        assert "Cross-border Governance Framework and Tool" in content
        assert f"{len(confirmed_in_group('spatial-planning'))} pilot actions documented" in content

    def test_unknown_group_answers_404(self, client):
        assert client.get("/groups/unknown/").status_code == 404

    def test_home_shows_live_figures_reports_and_webinars(self, client, programme):
        report = ProgressReportFactory(pilot_action=PilotAction.objects.get(code="CM1"), title="Conference in Pécs")
        response = client.get("/")
        content = response.content.decode()
        assert started_phrase() in content
        assert report.title in content
        assert "Launch webinar of the Resilient Borders pilot actions" in content
        assert len(response.context["map_geojson"]["features"]) == len(CONFIRMED)
        assert response.context["border_count"] == len(CONFIRMED_BORDERS)
        assert response.context["country_count"] == len(CONFIRMED_COUNTRIES)

    @pytest.mark.parametrize("many_pilot_actions", [20, 500], indirect=True)
    def test_query_budgets(self, client, many_pilot_actions, django_assert_max_num_queries):
        # 13, and 1 for the newest outputs (the results app's block; tests/results: with outputs published)
        with django_assert_max_num_queries(14):
            assert client.get("/").status_code == 200
        group = many_pilot_actions[0].group
        with django_assert_max_num_queries(13):
            response = client.get(group.get_absolute_url())
        assert response.status_code == 200
        assert len(response.context["map_geojson"]["features"]) <= 301

    def test_pages_answer_in_french(self, client, programme):
        response = client.get("/fr/pilot-actions/", {"theme": "floods"})
        assert response.status_code == 200
        assert response.headers["Content-Language"] == "fr"
        assert "Inondations (1)" in response.content.decode()
        assert client.get("/fr/groups/crisis-management/").context["group"].name == (
            "Gestion transfrontalière des crises"
        )
