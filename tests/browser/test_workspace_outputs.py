"""A coordinator in a real browser adds an output (a refused link first, then a PDF), fills the results, and the
forms are accessible, errors included."""

import importlib

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from results.models import Language, Obstacle, Output, OutputKind, Results
from tests.browser.test_accessibility import BLOCKING_IMPACTS, describe
from tests.browser.test_workspace import signed_in  # noqa: F401 (a fixture)
from tests.factories import MINIMAL_PDF

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def seeded(site):
    """The live server's tests flush the database after each, the data migrations' rows too: the kinds of output,
    obstacles and languages are seeded again, from the migration's own lists."""
    seed = importlib.import_module("results.migrations.0002_seed_kinds_obstacles_languages")
    for model, rows in ((OutputKind, seed.OUTPUT_KINDS), (Obstacle, seed.OBSTACLES)):
        for order, (slug, (name_en, name_fr)) in enumerate(rows.items()):
            model.objects.get_or_create(
                slug=slug, defaults={"name": name_en, "name_en": name_en, "name_fr": name_fr, "order": order}
            )
    for order, code in enumerate(seed.LANGUAGES):
        Language.objects.get_or_create(code=code, defaults={"order": order})


def blocking_violations(page, name):
    return [
        describe(name, violation)
        for violation in Axe().run(page).response["violations"]
        if violation["impact"] in BLOCKING_IMPACTS
    ]


def test_add_an_output_with_a_pdf_and_publish_it(page, signed_in, page_errors):  # noqa: F811
    pilot_action = signed_in
    page.get_by_role("link", name="Add an output").first.click()
    expect(page.get_by_role("heading", name="New output", level=1)).to_be_visible()
    page.get_by_label("Kind").select_option(label="Joint exercise or training")
    page.get_by_label("Title").fill("Flood drill at the bridge")
    page.get_by_label("Summary").fill("Both fire brigades trained together.")
    page.get_by_label("Date").fill("2025-06-12")
    page.get_by_label("German").check()
    page.get_by_label("Link").fill("ftp://example.org/drill.pdf")
    page.get_by_role("textbox", name="What another border region can reuse").fill(
        "The **radio plan**.\n\n<script>window.hacked=1</script>"
    )
    preview = page.locator("#output-preview")
    expect(preview.locator("strong")).to_have_text("radio plan")
    expect(preview.locator("script")).to_have_count(0)

    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Give a web address that starts with http:// or https://.")).to_be_visible()
    expect(page.get_by_label("Title")).to_have_value("Flood drill at the bridge")
    expect(page.get_by_label("German")).to_be_checked()
    assert not Output.objects.exists()
    problems = blocking_violations(page, "output form with errors")
    assert not problems, "\n".join(problems)

    page.get_by_label("Link").fill("https://example.org/drill")
    page.get_by_label("File").set_input_files(
        files=[{"name": "drill.pdf", "mimeType": "application/pdf", "buffer": MINIMAL_PDF}]
    )
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("“Flood drill at the bridge” is published.")).to_be_visible()
    output = Output.objects.get()
    assert output.is_published and output.pilot_action == pilot_action
    assert output.file_type == "PDF" and output.link == "https://example.org/drill"
    assert list(output.languages.values_list("code", flat=True)) == ["de"]
    expect(page.get_by_role("row", name="Flood drill at the bridge")).to_contain_text("Joint exercise or training")
    assert page.evaluate("window.hacked") is None
    assert page_errors == []


def test_fill_the_results_with_two_obstacles(page, signed_in, page_errors):  # noqa: F811
    pilot_action = signed_in
    page.get_by_role("link", name="Write the results").first.click()
    expect(page.get_by_role("heading", name="Results and lessons", level=1)).to_be_visible()
    assert not Results.objects.exists()
    page.get_by_role("textbox", name="What was achieved").fill("A *joint plan*, adopted.")
    expect(page.locator("#achievements-preview em")).to_have_text("joint plan")
    funding, continuity = Obstacle.objects.get(slug="funding"), Obstacle.objects.get(slug="continuity")
    page.get_by_label(funding.name, exact=True).check()
    page.get_by_label(f"Note on “{funding.name}”").fill("Co-financing came late.")
    page.get_by_label(f"Note on “{continuity.name}”").fill("Nobody pays after 2025.")

    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text(f"Tick “{continuity.name}” if the pilot action met it")).to_be_visible()
    assert not Results.objects.exists()
    problems = blocking_violations(page, "results form with errors")
    assert not problems, "\n".join(problems)

    page.get_by_label(continuity.name, exact=True).check()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text(f"The results of “{pilot_action.title}” are published.")).to_be_visible()
    results = Results.objects.get()
    assert results.is_published
    assert sorted(results.obstacles_met.values_list("obstacle__slug", flat=True)) == ["continuity", "funding"]
    assert page_errors == []
