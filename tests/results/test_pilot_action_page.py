"""A pilot action's page shows its published results and outputs; the home page, the newest published outputs.
Both come from the results app's template tags: the projects app never imports the results app."""

import datetime
import re
from pathlib import Path

import pytest

from projects.models import PilotAction
from results.models import Obstacle, Output, Results
from tests.factories import OutputFactory, PilotActionFactory, ResultsFactory, follow_up, obstacle_met
from tests.results.produced import add_results_and_outputs

pytestmark = pytest.mark.django_db

PROJECTS_APP = Path(__file__).resolve().parents[2] / "projects"


def section(content, section_id):
    """The HTML of ``<section id="…">`` (these sections hold no other section), or None."""
    found = re.search(rf'<section id="{section_id}"[^>]*>.*?</section>', content, re.DOTALL)
    return found and found.group(0)


def card_titles(html):
    return re.findall(r'<h3 class="card__title"><a href="[^"]*">([^<]*)</a>', html)


class TestResultsSection:
    def test_published_results_show_achievements_obstacles_reuse_and_follow_ups(self, client):
        results = ResultsFactory(achievements="A **joint plan**, adopted.", reuse="The *exercise scenario*.")
        obstacle_met(results, "funding", "Co-financing rules differ on each side.")
        obstacle_met(results, "legal-administrative")
        follow_up(results, "Interreg VI A project", "https://example.org/interreg")
        follow_up(results, "Adopted by both councils")
        content = client.get(results.pilot_action.get_absolute_url()).content.decode()
        shown = section(content, "results")
        assert shown is not None
        assert "<strong>joint plan</strong>" in shown and "<em>exercise scenario</em>" in shown
        met = [Obstacle.objects.get(slug=slug) for slug in ("legal-administrative", "funding")]
        names = re.findall(r"<dt>([^<]*)</dt>", shown)
        assert names == [obstacle.name for obstacle in sorted(met, key=lambda obstacle: obstacle.order)]
        assert "Co-financing rules differ on each side." in shown and "No note given." in shown
        assert '<a href="https://example.org/interreg" rel="noopener">Interreg VI A project</a>' in shown
        assert "Adopted by both councils" in shown
        assert 'href="/results/"' in shown  # to compare with the others
        assert content.index('id="results"') < content.index('id="partners-heading"')

    @pytest.mark.parametrize("hidden", ["draft", "missing"])
    def test_no_section_until_results_are_published(self, client, hidden):
        pilot_action = PilotActionFactory()
        if hidden == "draft":
            results = ResultsFactory(pilot_action=pilot_action, status=Results.Status.DRAFT, achievements="Secret.")
            obstacle_met(results, "funding", "A draft note.")
        content = client.get(pilot_action.get_absolute_url()).content.decode()
        assert section(content, "results") is None
        assert "Secret." not in content and "A draft note." not in content

    def test_a_hidden_pilot_actions_results_are_nowhere(self, client):
        hidden = PilotActionFactory(record_confidence=PilotAction.Confidence.PROBABLE)
        ResultsFactory(pilot_action=hidden, achievements="A probable record's plan.")
        assert client.get(hidden.get_absolute_url()).status_code == 404
        assert "A probable record" not in client.get("/results/").content.decode()


class TestOutputsSection:
    def test_published_outputs_as_cards_newest_first(self, client):
        pilot_action = PilotActionFactory()
        older = OutputFactory(pilot_action=pilot_action, title="Joint exercise", date=datetime.date(2025, 5, 1))
        newer = OutputFactory(pilot_action=pilot_action, title="Joint plan", date=datetime.date(2025, 9, 1))
        OutputFactory(pilot_action=pilot_action, title="Unfinished protocol", status=Output.Status.DRAFT)
        OutputFactory(title="Another pilot action's study")
        content = client.get(pilot_action.get_absolute_url()).content.decode()
        shown = section(content, "outputs")
        assert card_titles(shown) == [newer.title, older.title]
        assert newer.get_absolute_url() in shown
        assert "Unfinished protocol" not in content and "Another pilot action's study" not in content

    def test_no_section_without_published_outputs(self, client):
        draft = OutputFactory(status=Output.Status.DRAFT)
        content = client.get(draft.pilot_action.get_absolute_url()).content.decode()
        assert section(content, "outputs") is None and draft.title not in content


class TestHome:
    def test_the_newest_published_outputs_and_links_to_the_library_and_the_comparison(self, client):
        dated = [
            OutputFactory(title=f"Output of day {day}", date=datetime.date(2025, 9, day)) for day in (3, 9, 1, 7, 5)
        ]
        OutputFactory(title="Newest but a draft", date=datetime.date(2025, 12, 1), status=Output.Status.DRAFT)
        OutputFactory(
            title="Newest but hidden",
            date=datetime.date(2025, 12, 1),
            pilot_action=PilotActionFactory(record_confidence=PilotAction.Confidence.PARTIAL),
        )
        content = client.get("/").content.decode()
        block = re.search(r'<section class="produced".*?</section>', content, re.DOTALL).group(0)
        newest = sorted(dated, key=lambda output: output.date, reverse=True)[:4]
        assert card_titles(block) == [output.title for output in newest]
        assert 'href="/outputs/"' in block and 'href="/results/"' in block
        assert "Newest but" not in content

    def test_nothing_published_yet_is_said_and_the_comparison_still_linked(self, client):
        OutputFactory(status=Output.Status.DRAFT)
        content = client.get("/").content.decode()
        block = re.search(r'<section class="produced".*?</section>', content, re.DOTALL).group(0)
        assert "No output has been published on this portal yet" in block
        assert 'href="/results/"' in block and not card_titles(block)


def test_the_projects_app_never_imports_the_results_app():
    """``results`` depends on ``projects``; the other way round would be an import circle. Pages of ``projects``
    show results through the results app's template tags only."""
    importing = re.compile(r"^\s*(from\s+results[\s.]|import\s+results\b)|get_model\(\s*[\"']results", re.MULTILINE)
    offenders = [str(path) for path in PROJECTS_APP.rglob("*.py") if importing.search(path.read_text())]
    assert not offenders


@pytest.mark.parametrize("many_pilot_actions", [20, 500], indirect=True)
def test_query_budgets(client, many_pilot_actions, django_assert_max_num_queries):
    published = add_results_and_outputs(many_pilot_actions)
    pilot_action = published[0].pilot_action
    follow_up(published[0], "A second follow-up")
    with django_assert_max_num_queries(16):
        response = client.get(pilot_action.get_absolute_url())
    content = response.content.decode()
    assert section(content, "results") and card_titles(section(content, "outputs"))
    with django_assert_max_num_queries(16):
        response = client.get("/")
    assert (
        len(
            card_titles(
                re.search(r'<section class="produced".*?</section>', response.content.decode(), re.DOTALL).group(0)
            )
        )
        == 4
    )
