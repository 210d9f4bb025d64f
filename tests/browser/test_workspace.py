"""A coordinator in a real browser: sign in, see the live preview, publish, and the page is accessible."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from projects.models import PilotAction, ProgressReport
from tests.browser.test_accessibility import BLOCKING_IMPACTS, describe
from tests.factories import UserFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def signed_in(page):
    coordinator = UserFactory(username="ana@example.org", email="ana@example.org", first_name="Ana")
    pilot_action = PilotAction.objects.public().order_by("code").first()
    pilot_action.coordinators.add(coordinator)
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("ana@example.org")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Workspace", level=1)).to_be_visible()
    return pilot_action


def test_live_preview_and_publish(page, signed_in, page_errors):
    pilot_action = signed_in
    page.get_by_role("link", name="Write a progress report").click()
    page.locator("#id_title").fill("Joint exercise")
    page.get_by_label("Reporting period from").fill("2025-02-01")
    page.get_by_label("Reporting period to").fill("2025-03-31")
    page.get_by_label("Body").fill("Both fire brigades **trained together**.\n\n<script>window.hacked = 1</script>")

    preview = page.locator("#report-preview")
    expect(preview.locator("strong")).to_have_text("trained together")
    expect(preview.locator("script")).to_have_count(0)
    assert page.evaluate("window.hacked") is None

    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("“Joint exercise” is published.")).to_be_visible()
    assert ProgressReport.objects.get(title="Joint exercise").is_published

    page.goto(pilot_action.get_absolute_url())
    expect(page.get_by_role("heading", name="Joint exercise")).to_be_visible()
    assert page_errors == []


@pytest.mark.parametrize("path", ["/workspace/", "report-form"])
def test_workspace_pages_have_no_accessibility_violations(page, signed_in, path):
    if path == "report-form":
        page.get_by_role("link", name="Write a progress report").click()
        expect(page.get_by_role("heading", name="New progress report")).to_be_visible()
    else:
        page.goto(path)
    problems = [
        describe(path, violation)
        for violation in Axe().run(page).response["violations"]
        if violation["impact"] in BLOCKING_IMPACTS
    ]
    assert not problems, "\n".join(problems)
