"""Selection in admin, in a real browser: pages work under the Content Security Policy, export's Select all."""

import pytest
from playwright.sync_api import expect

from projects.models import PilotAction
from tests.factories import CallFactory, CriterionFactory, UserFactory

pytestmark = pytest.mark.browser


def test_staff_pages_and_export_select_all(page, site, page_errors):
    # A superuser: the browser tests' database is flushed between tests, groups' permissions with it.
    staff = UserFactory(username="officer", is_staff=True, is_superuser=True)
    call = CallFactory(name="Resilience call 2024")
    CriterionFactory(call=call, name="Relevance")
    PilotAction.objects.create(title="An application", slug="an-application", call=call, group=call.group)
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(staff.username)
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("Selection: applications per call and status")).to_be_visible()

    for path in (
        f"/admin/selection/call/{call.pk}/change/",
        f"/admin/selection/call/{call.pk}/ranking/",
        "/admin/selection/application/",
        "/admin/selection/application/import/",
    ):
        assert page.goto(path).status == 200, path

    page.goto("/admin/selection/application/export/")
    fields = page.locator(".selectable-field-export-row input[type=checkbox]")
    expect(fields.first).to_be_checked()
    page.locator("input.select-toggle").first.uncheck()
    expect(fields.first).not_to_be_checked()
    assert page_errors == []
