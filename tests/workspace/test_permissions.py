"""Who may do what in the workspace: a coordinator acts on their own pilot actions, and nobody else's."""

import pytest
from django.urls import reverse

from projects.models import ProgressReport
from tests.factories import PilotActionFactory, ProgressReportFactory, UserFactory

pytestmark = pytest.mark.django_db

REPORT_DATA = {
    "title": "Second quarter",
    "period_start": "2025-04-01",
    "period_end": "2025-06-30",
    "body": "Two drills held.",
    "photos-TOTAL_FORMS": "0",
    "photos-INITIAL_FORMS": "0",
    "documents-TOTAL_FORMS": "0",
    "documents-INITIAL_FORMS": "0",
}


@pytest.fixture
def actors(coordinator):
    other_coordinator = UserFactory(username="bo@example.org")
    PilotActionFactory(title="Housing on the Rhine").coordinators.add(other_coordinator)
    return {
        "anonymous": None,
        "other coordinator": other_coordinator,
        "staff": UserFactory(username="staff", is_staff=True),
        "superuser": UserFactory(username="root", is_staff=True, is_superuser=True),
        "coordinator": coordinator,
    }


def endpoints(pilot_action, draft, published):
    return {
        "new report form": ("get", reverse("workspace:report-create", args=[pilot_action.slug]), None),
        "new report": ("post", reverse("workspace:report-create", args=[pilot_action.slug]), REPORT_DATA),
        "edit form": ("get", reverse("workspace:report-edit", args=[draft.pk]), None),
        "edit": ("post", reverse("workspace:report-edit", args=[draft.pk]), {**REPORT_DATA, "title": "Renamed"}),
        "publish": ("post", reverse("workspace:report-publish", args=[draft.pk]), {}),
        "unpublish": ("post", reverse("workspace:report-unpublish", args=[published.pk]), {}),
        "delete form": ("get", reverse("workspace:report-delete", args=[draft.pk]), None),
        "delete": ("post", reverse("workspace:report-delete", args=[draft.pk]), {}),
    }


# What each actor gets: "login" (redirected to sign in), 404, or "ok" (the page or the action's redirect).
EXPECTED = {
    "anonymous": "login",
    "other coordinator": 404,
    "staff": 404,
    "superuser": "ok",
    "coordinator": "ok",
}
ENDPOINT_NAMES = ["new report form", "new report", "edit form", "edit", "publish", "unpublish", "delete form", "delete"]


@pytest.mark.parametrize("endpoint", ENDPOINT_NAMES)
@pytest.mark.parametrize("actor", list(EXPECTED))
def test_permission_matrix(client, actors, pilot_action, actor, endpoint):
    draft = ProgressReportFactory(pilot_action=pilot_action, status=ProgressReport.Status.DRAFT, title="Draft")
    published = ProgressReportFactory(pilot_action=pilot_action, title="Out there")
    if actors[actor]:
        client.force_login(actors[actor])
    method, url, data = endpoints(pilot_action, draft, published)[endpoint]
    response = getattr(client, method)(url, data or {})

    expected = EXPECTED[actor]
    if expected == "login":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    elif expected == 404:
        assert response.status_code == 404
    else:
        assert response.status_code in (200, 302), response.content[:500]
        if method == "post" and response.status_code == 200:
            pytest.fail(f"{endpoint} did not succeed: {response.content[:500]!r}")

    effect = {
        "new report": lambda: ProgressReport.objects.filter(title="Second quarter").exists(),
        "edit": lambda: ProgressReport.objects.filter(pk=draft.pk, title="Renamed").exists(),
        "publish": lambda: ProgressReport.objects.get(pk=draft.pk).is_published,
        "unpublish": lambda: not ProgressReport.objects.get(pk=published.pk).is_published,
        "delete": lambda: not ProgressReport.objects.filter(pk=draft.pk).exists(),
    }.get(endpoint)
    if effect is not None:
        assert effect() is (expected == "ok"), f"{actor} {'could not' if expected == 'ok' else 'could'} {endpoint}"


@pytest.mark.parametrize(
    ("actor", "expected_status"),
    [("anonymous", 302), ("other coordinator", 200), ("staff", 403), ("superuser", 200), ("coordinator", 200)],
)
def test_preview_needs_a_coordinator(client, actors, actor, expected_status):
    if actors[actor]:
        client.force_login(actors[actor])
    response = client.post(reverse("workspace:preview"), {"body": "**bold**"})
    assert response.status_code == expected_status
    if expected_status == 200:
        assert response.content.decode() == "<p><strong>bold</strong></p>"


def test_preview_refuses_get_and_overlong_text(coordinator_client):
    assert coordinator_client.get(reverse("workspace:preview")).status_code == 405
    response = coordinator_client.post(reverse("workspace:preview"), {"body": "x" * 50_001})
    assert response.status_code == 400


def test_dashboard_lists_only_own_pilot_actions(client, actors, pilot_action):
    ProgressReportFactory(pilot_action=pilot_action, status=ProgressReport.Status.DRAFT, title="Secret draft")
    client.force_login(actors["other coordinator"])
    page = client.get(reverse("workspace:dashboard")).content.decode()
    assert "Housing on the Rhine" in page
    assert pilot_action.title not in page
    assert "Secret draft" not in page

    client.force_login(actors["staff"])
    page = client.get(reverse("workspace:dashboard")).content.decode()
    assert "does not coordinate any pilot action" in page

    client.force_login(actors["coordinator"])
    page = client.get(reverse("workspace:dashboard")).content.decode()
    assert pilot_action.title in page and "Secret draft" in page and "Housing on the Rhine" not in page


def test_dashboard_needs_sign_in(client):
    response = client.get(reverse("workspace:dashboard"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={reverse('workspace:dashboard')}"


def test_inactive_coordinator_acts_on_nothing(client, coordinator, pilot_action):
    draft = ProgressReportFactory(pilot_action=pilot_action, status=ProgressReport.Status.DRAFT)
    coordinator.is_active = False
    coordinator.save()
    client.force_login(coordinator)
    response = client.get(reverse("workspace:report-edit", args=[draft.pk]))
    assert response.status_code in (302, 404)


def test_published_report_cannot_be_deleted_from_the_workspace(coordinator_client, pilot_action):
    published = ProgressReportFactory(pilot_action=pilot_action)
    response = coordinator_client.post(reverse("workspace:report-delete", args=[published.pk]))
    assert response.status_code == 404
    assert ProgressReport.objects.filter(pk=published.pk).exists()


def test_drafts_never_reach_the_public(client, pilot_action):
    ProgressReportFactory(pilot_action=pilot_action, status=ProgressReport.Status.DRAFT, title="Unfinished draft")
    for url in (
        pilot_action.get_absolute_url(),
        reverse("projects:update-list"),
        reverse("projects:updates-feed"),
        reverse("projects:updates-rss"),
        reverse("projects:pilot-action-feed", args=[pilot_action.slug]),
        reverse("projects:home"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"Unfinished draft" not in response.content, url
