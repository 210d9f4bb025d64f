"""The programme's own pages: /about/, /call/ and /faq/, with their facts and sources, in both languages."""

import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from programme.models import FrequentlyAskedQuestion
from projects import programme as facts
from projects.models import PilotAction, ThematicGroup, Theme
from tests.factories import FrequentlyAskedQuestionFactory

pytestmark = pytest.mark.django_db


def page(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def section(content, start, end):
    return content[content.index(start) : content.index(end, content.index(start))]


class TestAbout:
    def test_says_what_the_programme_is_with_its_sources(self, client, programme):
        content = page(client, "/about/")
        for fact in (
            escape(facts.FULL_NAME),
            facts.GRANT_AGREEMENT,
            facts.PILOT_PROJECT_CODE,
            "DG REGIO",
            "Association of European Border Regions (AEBR)",
            "Mission Opérationnelle Transfrontalière (MOT)",
            "€1,052,631.58",
            "€1,000,000",
            "€526,315.79",
            "€40,000",
        ):
            assert fact in content, fact
        for source in (facts.AEBR_PROJECT_PAGE, facts.OECD_REPORT, facts.NORDREGIO):
            assert f'href="{source.url}"' in content
        assert "MOT, project page" in content
        # Every fact-list entry ends with its source.
        fact_list = section(content, 'class="fact-list"', "</dl>")
        assert fact_list.count("<dt>") == fact_list.count('class="source"')

    def test_links_each_group_and_its_reference_publication(self, client, programme):
        content = page(client, "/about/")
        for group in ThematicGroup.objects.all():
            assert f'href="{reverse("projects:group-detail", args=[group.slug])}"' in content
            assert escape(group.reference_title) in content
        assert "more than 260" in content and "more than 140 elements" in content

    def test_timeline_is_an_ordered_list_of_dated_steps_each_with_its_source(self, client, programme):
        content = page(client, "/about/")
        timeline = section(content, '<ol class="timeline">', "</ol>")
        steps = facts.timeline()
        assert timeline.count("<li>") == len(steps)
        assert timeline.count('class="source"') == len(steps)
        datetimes = re.findall(r'<time datetime="([^"]+)">', timeline)
        expected = [value for step in steps for value in step.machine_dates() if value]
        assert datetimes == expected
        assert datetimes[:2] == [facts.CALL_OPENED.isoformat(), facts.CALL_CLOSED.isoformat()]
        for value in ("2024-10-30", "2024-12", "2025-01-27", "2025-02-03", "2025-02", "2025-09", "2025"):
            assert value in datetimes
        assert "4 October 2024" in timeline and "End of 2025" in timeline

    def test_in_french(self, client, programme):
        response = client.get("/fr/about/")
        assert response.status_code == 200 and response["Content-Language"] == "fr"
        content = response.content.decode()
        assert "4 octobre 2024" in content and "3 février 2025" in content
        assert re.search(r"1\s052\s631,58", content.replace("\xa0", " "))
        assert f'href="{facts.AEBR_PROJECT_PAGE.url}"' in content
        assert 'href="/fr/groups/crisis-management/"' in content

    @pytest.mark.parametrize("path", ["/about/", "/call/", "/faq/", "/fr/about/", "/fr/call/", "/fr/faq/"])
    def test_query_budget(self, client, programme, path, django_assert_max_num_queries):
        FrequentlyAskedQuestionFactory.create_batch(30)
        with django_assert_max_num_queries(4):
            assert client.get(path).status_code == 200


class TestCall:
    def test_the_call_with_its_facts_and_sources(self, client, programme):
        content = page(client, "/call/")
        for fact in (
            "4 October 2024",
            "30 November 2024",
            "30 October 2024",
            "December 2024",
            "€40,000",
            "€39,098.87",
            "NUTS 2 and NUTS 3",
            "Iceland, Liechtenstein, Norway, Switzerland",
            f"at least {facts.MINIMUM_APPLICANTS} applicants",
            f"selected {facts.SELECTED_PILOT_ACTIONS} pilot actions",
            f"{facts.STARTED_PILOT_ACTIONS} pilot actions ran",
            "joint exercises and trainings",
            "aligning the development plans of neighbouring authorities",
        ):
            assert fact in content, fact
        for source in (facts.PROGRAMME_FAQ, facts.PROGRAMME_CALL, facts.BRATISLAVA):
            assert f'href="{source.url}"' in content
        assert "europeangreenbelt.org, call summary" in content
        documented = PilotAction.objects.public().count()
        assert f"{documented} of the {facts.STARTED_PILOT_ACTIONS} pilot actions" in content

    def test_lists_the_five_families_and_links_their_pilot_actions(self, client, programme):
        content = page(client, "/call/")
        families = section(content, 'class="families"', "</ul>")
        assert families.count("<li>") == len(Theme.HazardFamily.choices) == len(facts.CRISIS_FAMILY_EXAMPLES)
        for value, label in Theme.HazardFamily.choices:
            assert f'href="/pilot-actions/?family={value}"' in families
            assert escape(str(label)) in families
            assert escape(str(facts.CRISIS_FAMILY_EXAMPLES[value])) in families
        for group in ThematicGroup.objects.all():
            assert f'href="/pilot-actions/?group={group.slug}"' in content
            assert f'href="{group.get_absolute_url()}"' in content

    def test_in_french(self, client, programme):
        content = page(client, "/fr/call/")
        assert "4 octobre 2024" in content and "30 novembre 2024" in content
        assert 'href="/fr/pilot-actions/?family=biological"' in content


class TestFaq:
    def test_seeded_questions_are_published_in_order_each_citing_its_source(self, client):
        questions = list(FrequentlyAskedQuestion.objects.published())
        assert len(questions) >= 8
        for question in questions:
            assert "Source" in question.answer_en and "Source" in question.answer_fr, question.slug
            assert question.question_fr and question.answer_html_fr
        content = page(client, "/faq/")
        positions = [content.index(f'id="{question.slug}"') for question in questions]
        assert positions == sorted(positions)
        assert 'href="https://resilientborders.eu/faq/"' in content
        assert "2022CE160AT316" in content and "€40,000" in content

    def test_french_answers_in_french(self, client):
        content = page(client, "/fr/faq/")
        assert "Qui pouvait candidater ?" in content
        assert "Jusqu’à 40 000 € par action pilote." in content

    def test_only_published_questions_in_their_order(self, client):
        FrequentlyAskedQuestion.objects.all().delete()
        second = FrequentlyAskedQuestionFactory(question="Asked second?", order=2)
        FrequentlyAskedQuestionFactory(question="Asked first?", order=1)
        FrequentlyAskedQuestionFactory(question="A draft question?", order=0, is_published=False)
        content = page(client, "/faq/")
        assert "A draft question?" not in content
        assert content.index("Asked first?") < content.index("Asked second?")
        second.order = 0
        second.save()
        content = page(client, "/faq/")
        assert content.index("Asked second?") < content.index("Asked first?")

    def test_no_published_question_says_so(self, client):
        FrequentlyAskedQuestion.objects.update(is_published=False)
        assert "No question has been published yet." in page(client, "/faq/")

    def test_markdown_is_rendered_once_and_sanitised(self, client):
        question = FrequentlyAskedQuestionFactory(
            answer='**Bold** <script>alert("x")</script> [link](javascript:alert(1)) <img src=x onerror=alert(1)>',
            answer_fr="**Gras** <script>alert('fr')</script>",
        )
        assert "<strong>Bold</strong>" in question.answer_html_en
        assert "<strong>Gras</strong>" in question.answer_html_fr
        for html in (question.answer_html_en, question.answer_html_fr):
            assert "<script" not in html and "javascript:" not in html and "onerror" not in html
        for path in ("/faq/", "/fr/faq/"):
            content = page(client, path)
            assert "alert(" not in content

    def test_a_question_without_french_falls_back_to_english(self, client):
        FrequentlyAskedQuestionFactory(question="Only in English?", answer="An English answer.")
        content = page(client, "/fr/faq/")
        assert "Only in English?" in content and "An English answer." in content

    def test_a_change_drops_the_cached_page(self, client, settings):
        settings.PUBLIC_PAGE_CACHE_SECONDS = 600
        page(client, "/faq/")
        assert client.get("/faq/")["X-Page-Cache"] == "hit"
        question = FrequentlyAskedQuestion.objects.published().first()
        question.question = "A question just reworded?"
        question.save()
        response = client.get("/faq/")
        assert "X-Page-Cache" not in response and "A question just reworded?" in response.content.decode()
        page(client, "/faq/")
        question.delete()
        response = client.get("/faq/")
        assert "X-Page-Cache" not in response and "A question just reworded?" not in response.content.decode()


class TestNavigation:
    def test_sitemap_lists_the_three_pages_in_both_languages(self, client):
        content = page(client, "/sitemap-static.xml")  # the index at /sitemap.xml lists it
        for path in ("/about/", "/call/", "/faq/"):
            assert f"<loc>http://testserver{path}</loc>" in content
            assert f"<loc>http://testserver/fr{path}</loc>" in content

    def test_footer_links_them(self, client, programme):
        for path, prefix in (("/", ""), ("/fr/", "/fr")):
            content = page(client, path)
            for name in ("about", "call", "faq"):
                assert f'href="{prefix}/{name}/"' in content


class TestAdmin:
    def test_programme_staff_may_manage_questions(self, client):
        from tests.factories import programme_staff

        officer = programme_staff()
        for action in ("view", "add", "change", "delete"):
            assert officer.has_perm(f"programme.{action}_frequentlyaskedquestion"), action
        client.force_login(officer)
        response = client.get(reverse("admin:programme_frequentlyaskedquestion_changelist"))
        assert response.status_code == 200
        assert 'name="form-0-order"' in response.content.decode()
        assert client.get(reverse("admin:programme_frequentlyaskedquestion_add")).status_code == 200
        unpublished = client.get(
            reverse("admin:programme_frequentlyaskedquestion_changelist"), {"is_published__exact": "0"}
        )
        assert unpublished.status_code == 200
