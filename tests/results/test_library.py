"""The public outputs library: /outputs/ (filters, facet counts, search, sort, forgiving parameters) and each
output's page. Drafts and the outputs of pilot actions that are not public never show."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from projects.filters import MAX_SEARCH_WORDS
from results.models import Output
from tests.factories import OutputFactory, PilotActionFactory, pdf_upload
from tests.results.library import HIDDEN_TITLES, LIST_URL, titles

pytestmark = pytest.mark.django_db


def published_titles(**lookups):
    return set(Output.objects.published().filter(**lookups).distinct().values_list("title", flat=True))


class TestList:
    def test_lists_published_outputs_newest_first_and_nothing_hidden(self, client, library):
        response = client.get(LIST_URL)
        assert response.status_code == 200
        assert titles(response) == list(Output.objects.published().order_by("-date").values_list("title", flat=True))
        content = response.content.decode()
        for title in HIDDEN_TITLES:
            assert escape(title) not in content
        # The card: kind, pilot action (code and title, linked), languages, file, licence.
        plan = library["outputs"]["plan"]
        assert f'href="{plan.get_absolute_url()}"' in content
        assert f'href="{plan.pilot_action.get_absolute_url()}"' in content and "CM1" in content
        assert "Joint crisis-management plan" in content and "German, French" in content
        assert f'href="{plan.file.url}"' in content and "PDF file" in content
        assert 'rel="license noopener"' in content

    @pytest.mark.parametrize(
        ("query", "lookups"),
        [
            ({"kind": "study"}, {"kind__slug": "study"}),
            ({"group": "crisis-management"}, {"pilot_action__group__slug": "crisis-management"}),
            ({"theme": "floods"}, {"themes__slug": "floods"}),
            ({"border": "france-italy"}, {"pilot_action__borders__slug": "france-italy"}),
            ({"country": "de"}, {"pilot_action__countries__iso_code": "DE"}),
            ({"country": "FR"}, {"pilot_action__countries__iso_code": "FR"}),
            ({"language": "de"}, {"languages__code": "de"}),
            ({"language": "en", "country": "it"}, {"languages__code": "en", "pilot_action__countries__iso_code": "IT"}),
        ],
    )
    def test_each_facet_filters(self, client, library, query, lookups):
        response = client.get(LIST_URL, query)
        assert response.status_code == 200 and not response.context["filter"].form.errors
        expected = published_titles(**lookups)
        assert expected and set(titles(response)) == expected
        assert len(titles(response)) == len(expected)  # one card each, however many relations match

    def test_facet_counts_keep_the_other_filters(self, client, library):
        content = client.get(LIST_URL, {"group": "crisis-management"}).content.decode()
        crisis = Output.objects.published().filter(pilot_action__group__slug="crisis-management")
        # Each facet's counts with the other filters kept...
        assert f"Floods ({crisis.filter(themes__slug='floods').count()})" in content
        assert "Housing (0)" in content
        assert f"German ({crisis.filter(languages__code='de').count()})" in content
        assert f"Study or analysis ({crisis.filter(kind__slug='study').count()})" in content
        assert "Joint crisis-management plan (1)" in content
        # ... and the group's own facet ignoring its own choice, so the other group still shows its count.
        planning = Output.objects.published().filter(pilot_action__group__slug="spatial-planning").count()
        assert f"Cross-border spatial planning ({planning})" in content
        france = Output.objects.published().filter(pilot_action__countries__iso_code="FR").count()
        assert f"France ({crisis.filter(pilot_action__countries__iso_code='FR').count()})" in content
        assert france > crisis.count()  # the count above is the filtered one

    def test_facet_counts_follow_a_new_output(self, client, library):
        """Counts are cached; publishing an output must not leave them stale."""
        assert "Housing (1)" in client.get(LIST_URL).content.decode()
        OutputFactory(pilot_action=library["pilot_actions"][1], themes=list(library["outputs"]["study"].themes.all()))
        assert "Housing (2)" in client.get(LIST_URL).content.decode()

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("plan", {"Joint flood plan for the Upper Rhine"}),  # the title
            ("commuters", {"Cross-border housing study"}),  # the summary
            ("alert chain", {"Joint flood plan for the Upper Rhine"}),  # what others can reuse
            ("rhinewarn", {"Joint flood plan for the Upper Rhine", "Evacuation exercise at Kehl"}),  # acronym
            ("Alps", {"Cross-border housing study"}),  # the pilot action's title
            ("sp1", {"Cross-border housing study"}),  # its programme code
            ("upper kehl", {"Evacuation exercise at Kehl"}),  # its pilot action's title and its own
            ("kehl alps", set()),  # every word must match the same output
            ("draft", set()),  # never a draft
        ],
    )
    def test_search(self, client, library, text, expected):
        assert set(titles(client.get(LIST_URL, {"q": text}))) == expected

    def test_search_has_a_word_limit(self, client, library):
        words = " ".join(f"w{index}" for index in range(MAX_SEARCH_WORDS + 1))
        response = client.get(LIST_URL, {"q": words})
        assert response.status_code == 200
        assert "q" in response.context["filter"].form.errors
        assert f"Search for at most {MAX_SEARCH_WORDS} words." in response.content.decode()

    def test_sorting(self, client, library):
        by_date = list(Output.objects.published().order_by("date").values_list("title", flat=True))
        assert titles(client.get(LIST_URL, {"sort": "date"})) == by_date
        assert titles(client.get(LIST_URL)) == list(reversed(by_date))
        by_title = sorted(by_date)
        assert titles(client.get(LIST_URL, {"sort": "title"})) == by_title
        assert titles(client.get(LIST_URL, {"sort": "-title"})) == list(reversed(by_title))

    @pytest.mark.parametrize(
        ("query", "field"),
        [
            ({"kind": "novel"}, "kind"),
            ({"kind": "<script>"}, "kind"),
            ({"group": "nonsense"}, "group"),
            ({"theme": "volcanoes"}, "theme"),
            ({"border": "a" * 500}, "border"),
            ({"country": "zz"}, "country"),
            ({"language": "xx"}, "language"),
            ({"language": "sv"}, "language"),  # a language no published output is in
            ({"sort": "password"}, "sort"),
            ({"sort": "title,title"}, "sort"),
            ({"sort": "title,-date"}, "sort"),
            ({"q": "x" * 201}, "q"),
            ({"q": "nul\x00byte"}, "q"),
            ({"kind": "nul\x00byte"}, "kind"),
        ],
    )
    def test_bad_parameters_give_a_message_not_a_500(self, client, library, query, field):
        response = client.get(LIST_URL, query)
        assert response.status_code == 200
        assert field in response.context["filter"].form.errors
        assert "<script>" not in response.content.decode()
        assert response.context["paginator"].count == Output.objects.published().count()

    def test_unknown_parameter_is_ignored_and_the_others_still_filter(self, client, library):
        response = client.get(LIST_URL, {"colour": "red", "kind": "study"})
        assert response.status_code == 200
        assert response.context["filter"].is_valid()
        assert "Unknown filter" not in response.content.decode()
        assert titles(response) == ["Cross-border housing study"]

    @pytest.mark.parametrize("page", ["0", "-1", "abc", "999", "1.5", ""])
    def test_bad_page_numbers_show_a_page(self, client, page):
        OutputFactory.create_batch(25, pilot_action=PilotActionFactory())
        response = client.get(LIST_URL, {"page": page})
        assert response.status_code == 200
        assert len(response.context["object_list"]) in (5, 20)

    def test_pagination_keeps_the_filters(self, client):
        OutputFactory.create_batch(25, pilot_action=PilotActionFactory(), languages=["fr"])
        content = client.get(LIST_URL, {"language": "fr"}).content.decode()
        assert "?language=fr&amp;page=2" in content

    def test_empty_library_says_so(self, client, db):
        OutputFactory(status=Output.Status.DRAFT)
        content = client.get(LIST_URL).content.decode()
        assert "No output published yet" in content and "No output matches" not in content

    def test_no_match_says_so_and_offers_the_whole_library(self, client, library):
        content = client.get(LIST_URL, {"q": "nothing-like-this"}).content.decode()
        assert "No output matches these filters." in content and "No output published yet" not in content
        assert 'href="/outputs/">Show all outputs' in content

    def test_links_to_feeds_and_downloads_with_its_filters(self, client, library):
        content = client.get(LIST_URL, {"kind": "study"}).content.decode()
        feed = reverse("results:outputs-feed")
        assert f'<link rel="alternate" type="application/atom+xml" title="Outputs (Atom)" href="{feed}">' in content
        assert f'href="{reverse("results:outputs-csv")}?kind=study"' in content
        assert f'href="{reverse("results:outputs-xlsx")}?kind=study"' in content

    def test_header_links_to_the_library(self, client, library):
        content = client.get(reverse("projects:home")).content.decode()
        assert '<a href="/outputs/">Outputs</a>' in content
        assert '<a href="/outputs/" aria-current="page">Outputs</a>' in client.get(LIST_URL).content.decode()

    def test_answers_in_french(self, client, library):
        response = client.get("/fr/outputs/")
        assert response.status_code == 200 and response.context["paginator"].count == len(library["outputs"])

    def test_page_cache_serves_a_new_output(self, client, library, settings):
        settings.PUBLIC_PAGE_CACHE_SECONDS = 300
        client.get(LIST_URL)
        assert client.get(LIST_URL)["X-Page-Cache"] == "hit"
        OutputFactory(title="Published a moment ago", pilot_action=library["pilot_actions"][0])
        response = client.get(LIST_URL)
        assert "X-Page-Cache" not in response and "Published a moment ago" in response.content.decode()

    @pytest.mark.parametrize("many_pilot_actions", [20, 500], indirect=True)
    def test_query_budget(self, client, many_outputs, django_assert_max_num_queries):
        query = {"theme": "floods", "country": "fr", "language": "de", "q": "output", "sort": "title"}
        with django_assert_max_num_queries(24):
            response = client.get(LIST_URL, query)
        assert response.status_code == 200 and response.context["paginator"].count > 0
        with django_assert_max_num_queries(24):
            assert client.get(LIST_URL, {"page": "3"}).status_code == 200


class TestDetail:
    def test_shows_everything_about_the_output(self, client, library):
        plan = library["outputs"]["plan"]
        response = client.get(plan.get_absolute_url())
        assert response.status_code == 200
        content = response.content.decode()
        assert f"<h1>{plan.title}</h1>" in content
        assert "Who warns whom when the river rises." in content
        assert f'href="{plan.file.url}"' in content and plan.file.url.startswith("/attachments/")
        assert "Download the PDF file" in content
        assert '<a href="https://creativecommons.org/licenses/by/4.0/" rel="license noopener">' in content
        assert "<strong>alert chain</strong>" in content  # reuse, rendered from Markdown
        assert "German, French" in content and ">Floods</a>" in content
        assert f'href="{plan.pilot_action.get_absolute_url()}"' in content and "CM1" in content
        assert f'<a href="{reverse("results:output-list")}">Outputs</a>' in content  # breadcrumbs

    def test_the_file_is_served_to_the_public(self, client, library):
        plan = library["outputs"]["plan"]
        response = client.get(plan.file.url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(b"%PDF")

    @pytest.mark.parametrize("which", ["draft", "probable"])
    def test_the_file_of_a_hidden_output_is_not_served(self, client, library, which):
        hidden = library["hidden"][which]
        hidden.file = pdf_upload("hidden.pdf")
        hidden.save()
        assert client.get(hidden.file.url).status_code == 404

    def test_an_external_link_and_all_rights_reserved(self, client, library):
        exercise = library["outputs"]["exercise"]
        content = client.get(exercise.get_absolute_url()).content.decode()
        assert f'href="{exercise.link}"' in content
        assert "All rights reserved" in content and "Ask its authors before reusing it." in content
        assert "Download the" not in content

    @pytest.mark.parametrize("which", ["draft", "probable", "rejected"])
    def test_hidden_outputs_answer_404(self, client, library, which):
        assert client.get(library["hidden"][which].get_absolute_url()).status_code == 404

    def test_unknown_output_answers_404(self, client, db):
        assert client.get("/outputs/999999/").status_code == 404

    @pytest.mark.parametrize("many_pilot_actions", [20, 500], indirect=True)
    def test_query_budget(self, client, many_outputs, django_assert_max_num_queries):
        output = Output.objects.published().last()
        with django_assert_max_num_queries(8):
            assert client.get(output.get_absolute_url()).status_code == 200
