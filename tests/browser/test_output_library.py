"""The public in a real browser: the outputs library filtered through its form, an output's page with its
document, the results compared, each without accessibility violations or script errors."""

import re

import pytest
from playwright.sync_api import expect

from projects.models import PilotAction
from results.models import Licence, OutputKind
from tests.browser.test_workspace_outputs import blocking_violations, seeded  # noqa: F401 (a fixture)
from tests.factories import OutputFactory, ResultsFactory, obstacle_met, pdf_upload

pytestmark = pytest.mark.browser


@pytest.fixture
def library(seeded, settings, tmp_path):  # noqa: F811
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    first, second = PilotAction.objects.public().order_by("code", "title")[:2]
    plan = OutputFactory(
        pilot_action=first,
        kind=OutputKind.objects.get(slug="joint-plan"),
        title="Joint flood plan of the valley",
        file=pdf_upload("plan.pdf"),
        licence=Licence.CC_BY,
        reuse="The **alert chain** works as it is.",
        languages=["en", "hu"],
    )
    exercise = OutputFactory(
        pilot_action=second, kind=OutputKind.objects.get(slug="exercise-training"), title="Table-top exercise"
    )
    results = ResultsFactory(pilot_action=first)
    obstacle_met(results, "funding", "Co-financing came late.")
    return plan, exercise


def test_filter_the_library_open_an_output_and_fetch_its_document(page, library, page_errors):
    plan, exercise = library
    page.goto("/outputs/")
    cards = page.locator(".card-list > li")
    expect(cards).to_have_count(2)
    kind_select = page.get_by_label("Kind of output")
    expect(kind_select.locator("option", has_text="Joint crisis-management plan (1)")).to_have_count(1)
    kind_select.select_option(label="Joint crisis-management plan (1)")
    page.get_by_role("button", name="Apply").click()
    expect(page).to_have_url(re.compile(r"/outputs/\?.*kind=joint-plan"))
    expect(cards).to_have_count(1)
    expect(page.get_by_role("link", name=plan.title)).to_be_visible()
    expect(page.get_by_role("link", name=exercise.title)).to_have_count(0)
    assert blocking_violations(page, "/outputs/?kind=…") == []

    page.get_by_role("link", name=plan.title).click()
    expect(page.get_by_role("heading", name=plan.title, level=1)).to_be_visible()
    expect(page.locator("strong", has_text="alert chain")).to_be_visible()
    download = page.locator(f'a[href="{plan.file.url}"]')
    expect(download).to_have_count(1)
    answer = page.request.get(plan.file.url)
    assert answer.status == 200 and answer.headers["content-type"] == "application/pdf"
    assert blocking_violations(page, "output page") == []

    page.goto("/results/")
    expect(page.get_by_text("Co-financing came late.")).to_be_attached()
    assert blocking_violations(page, "/results/") == []
    assert page_errors == []


def test_the_library_in_french(page, library):
    page.goto("/fr/outputs/")
    expect(page.get_by_role("heading", name="Réalisations", level=1)).to_be_visible()
    expect(page.get_by_label("Type de réalisation")).to_be_visible()
    # Kinds are data translated by staff; the documents' languages are named in the page's language.
    cards = page.locator(".card-list")
    expect(cards.get_by_text("Plan conjoint de gestion de crise")).to_be_visible()
    expect(cards.get_by_text("hongrois")).to_be_visible()
