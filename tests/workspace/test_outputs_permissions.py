"""Who may do what with outputs and results in the workspace: the same matrix as reports
(tests/workspace/test_permissions.py): a pilot action's coordinators and superusers act, anyone else gets 404."""

import pytest
from django.urls import reverse

from results.models import Obstacle, Output, OutputKind, Results
from tests.factories import OutputFactory, PilotActionFactory, ResultsFactory, UserFactory

pytestmark = pytest.mark.django_db


def output_data(**overrides):
    return {
        "kind": str(OutputKind.objects.order_by("order").first().pk),
        "title": "Joint flood plan",
        "summary": "The plan both councils adopted.",
        "date": "2025-09-30",
        "link": "https://example.org/plan",
        "licence": "cc-by-4.0",
        "reuse": "",
        **overrides,
    }


def results_data(**overrides):
    obstacle = Obstacle.objects.order_by("order").first()
    return {
        "achievements": "A joint plan.",
        "reuse": "",
        f"obstacles-met_{obstacle.pk}": "on",
        f"obstacles-note_{obstacle.pk}": "Two legal systems.",
        "follow_ups-TOTAL_FORMS": "0",
        "follow_ups-INITIAL_FORMS": "0",
        **overrides,
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


@pytest.fixture
def outputs(pilot_action):
    return {
        "draft": OutputFactory(pilot_action=pilot_action, status=Output.Status.DRAFT, title="Draft output"),
        "published": OutputFactory(pilot_action=pilot_action, title="Published output"),
    }


def endpoints(pilot_action, outputs):
    draft, published = outputs["draft"], outputs["published"]
    results_url = reverse("workspace:results-edit", args=[pilot_action.slug])
    return {
        "new output form": ("get", reverse("workspace:output-create", args=[pilot_action.slug]), None),
        "new output": ("post", reverse("workspace:output-create", args=[pilot_action.slug]), output_data()),
        "output edit form": ("get", reverse("workspace:output-edit", args=[draft.pk]), None),
        "output edit": ("post", reverse("workspace:output-edit", args=[draft.pk]), output_data(title="Renamed")),
        "output publish": ("post", reverse("workspace:output-publish", args=[draft.pk]), {}),
        "output unpublish": ("post", reverse("workspace:output-unpublish", args=[published.pk]), {}),
        "output delete form": ("get", reverse("workspace:output-delete", args=[draft.pk]), None),
        "output delete": ("post", reverse("workspace:output-delete", args=[draft.pk]), {}),
        "results form": ("get", results_url, None),
        "results save": ("post", results_url, results_data(save="")),
        "results publish": ("post", results_url, results_data(publish="")),
        "results unpublish": ("post", results_url, results_data(unpublish="")),
    }


# What each actor gets: "login" (redirected to sign in), 404, or "ok" (the page or the action's redirect).
EXPECTED = {
    "anonymous": "login",
    "other coordinator": 404,
    "staff": 404,
    "superuser": "ok",
    "coordinator": "ok",
}
ENDPOINT_NAMES = [
    "new output form",
    "new output",
    "output edit form",
    "output edit",
    "output publish",
    "output unpublish",
    "output delete form",
    "output delete",
    "results form",
    "results save",
    "results publish",
    "results unpublish",
]


@pytest.mark.parametrize("endpoint", ENDPOINT_NAMES)
@pytest.mark.parametrize("actor", list(EXPECTED))
def test_permission_matrix(client, actors, pilot_action, outputs, actor, endpoint):
    if endpoint == "results unpublish":
        ResultsFactory(pilot_action=pilot_action, achievements="Published before")
    results_before = Results.objects.count()
    if actors[actor]:
        client.force_login(actors[actor])
    method, url, data = endpoints(pilot_action, outputs)[endpoint]
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

    draft, published = outputs["draft"], outputs["published"]
    effect = {
        "new output": lambda: Output.objects.filter(title="Joint flood plan", pilot_action=pilot_action).exists(),
        "output edit": lambda: Output.objects.filter(pk=draft.pk, title="Renamed").exists(),
        "output publish": lambda: Output.objects.get(pk=draft.pk).is_published,
        "output unpublish": lambda: not Output.objects.get(pk=published.pk).is_published,
        "output delete": lambda: not Output.objects.filter(pk=draft.pk).exists(),
        "results save": lambda: Results.objects.filter(
            pilot_action=pilot_action, achievements="A joint plan."
        ).exists(),
        "results publish": lambda: Results.objects.filter(
            pilot_action=pilot_action, status=Results.Status.PUBLISHED, achievements="A joint plan."
        ).exists(),
        "results unpublish": lambda: Results.objects.filter(
            pilot_action=pilot_action, status=Results.Status.DRAFT
        ).exists(),
    }.get(endpoint)
    if effect is not None:
        assert effect() is (expected == "ok"), f"{actor} {'could not' if expected == 'ok' else 'could'} {endpoint}"
    if method == "get":
        assert Results.objects.count() == results_before, "opening a page creates nothing"


@pytest.mark.parametrize("name", ["output-publish", "output-unpublish"])
@pytest.mark.parametrize("actor", list(EXPECTED))
def test_publishing_answers_post_only(client, actors, outputs, actor, name):
    output = outputs["draft"] if name == "output-publish" else outputs["published"]
    if actors[actor]:
        client.force_login(actors[actor])
    response = client.get(reverse(f"workspace:{name}", args=[output.pk]))
    if actor == "anonymous":
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == 405
    assert Output.objects.get(pk=output.pk).status == output.status


def test_published_output_cannot_be_deleted_from_the_workspace(coordinator_client, outputs):
    published = outputs["published"]
    assert coordinator_client.get(reverse("workspace:output-delete", args=[published.pk])).status_code == 404
    assert coordinator_client.post(reverse("workspace:output-delete", args=[published.pk])).status_code == 404
    assert Output.objects.filter(pk=published.pk).exists()


def test_inactive_coordinator_acts_on_nothing(client, coordinator, pilot_action, outputs):
    coordinator.is_active = False
    coordinator.save()
    client.force_login(coordinator)
    for url in (
        reverse("workspace:output-edit", args=[outputs["draft"].pk]),
        reverse("workspace:output-create", args=[pilot_action.slug]),
        reverse("workspace:results-edit", args=[pilot_action.slug]),
    ):
        assert client.get(url).status_code in (302, 404), url


def test_unknown_output_and_pilot_action_are_404(coordinator_client):
    assert coordinator_client.get(reverse("workspace:output-edit", args=[999_999])).status_code == 404
    assert coordinator_client.post(reverse("workspace:output-publish", args=[999_999])).status_code == 404
    assert coordinator_client.get(reverse("workspace:results-edit", args=["no-such-pilot"])).status_code == 404
    assert coordinator_client.get(reverse("workspace:output-create", args=["no-such-pilot"])).status_code == 404


def test_other_coordinators_outputs_stay_off_the_dashboard(client, actors, outputs):
    client.force_login(actors["other coordinator"])
    page = client.get(reverse("workspace:dashboard")).content.decode()
    assert "Housing on the Rhine" in page
    assert "Draft output" not in page and "Published output" not in page
