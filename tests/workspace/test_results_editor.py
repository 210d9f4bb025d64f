"""A pilot action's results in the workspace: achievements, obstacles met with notes, reuse, follow-ups."""

import re

import pytest
from django.urls import reverse

from results.models import FollowUp, Obstacle, ObstacleMet, Results
from tests.factories import ResultsFactory, follow_up, obstacle_met

pytestmark = pytest.mark.django_db


def obstacle(slug):
    return Obstacle.objects.get(slug=slug)


def results_data(met=None, notes=None, follow_ups=(), initial_follow_ups=0, **overrides):
    """``met``: obstacle slugs ticked; ``notes``: {slug: note}; ``follow_ups``: dicts of a follow-up form's fields."""
    data = {
        "achievements": "A joint **plan**, adopted by both councils.",
        "reuse": "The alert chain.",
        "follow_ups-TOTAL_FORMS": str(len(follow_ups)),
        "follow_ups-INITIAL_FORMS": str(initial_follow_ups),
    }
    for slug in met or ():
        data[f"obstacles-met_{obstacle(slug).pk}"] = "on"
    for slug, note in (notes or {}).items():
        data[f"obstacles-note_{obstacle(slug).pk}"] = note
    for index, fields in enumerate(follow_ups):
        data.update({f"follow_ups-{index}-{name}": value for name, value in fields.items()})
    data.update(overrides)
    return data


def url(pilot_action):
    return reverse("workspace:results-edit", args=[pilot_action.slug])


def test_the_form_lists_every_obstacle_in_order_and_creates_nothing(coordinator_client, pilot_action):
    response = coordinator_client.get(url(pilot_action))
    page = response.content.decode()
    assert response.status_code == 200
    assert not Results.objects.exists()
    positions = [page.index(f'name="obstacles-met_{item.pk}"') for item in Obstacle.objects.all()]
    assert positions == sorted(positions) and len(positions) == Obstacle.objects.count()
    for item in Obstacle.objects.all():
        assert item.name in page and f'name="obstacles-note_{item.pk}"' in page
    assert 'data-markdown-source="achievements-preview"' in page and 'id="achievements-preview"' in page
    assert 'data-markdown-source="reuse-preview"' in page and 'id="reuse-preview"' in page
    assert 'name="follow_ups-0-title"' in page and 'name="follow_ups-0-link"' in page
    assert 'name="save"' in page and 'name="publish"' in page and 'name="unpublish"' not in page


def test_save_draft_with_two_obstacles_and_a_follow_up(coordinator_client, coordinator, pilot_action, client):
    response = coordinator_client.post(
        url(pilot_action),
        results_data(
            met=["funding", "legal-administrative"],
            notes={"funding": "Co-financing came late.", "legal-administrative": "Two civil-protection laws."},
            follow_ups=[{"title": "Interreg project", "note": "Three more years.", "link": "https://example.org/i"}],
            save="",
        ),
    )
    assert response.status_code == 302 and response["Location"] == url(pilot_action)
    results = Results.objects.get()
    assert results.pilot_action == pilot_action and results.status == Results.Status.DRAFT
    assert results.updated_by == coordinator and results.published_at is None
    assert results.achievements_html == "<p>A joint <strong>plan</strong>, adopted by both councils.</p>"
    assert {(row.obstacle.slug, row.note) for row in results.obstacles_met.all()} == {
        ("funding", "Co-financing came late."),
        ("legal-administrative", "Two civil-protection laws."),
    }
    assert list(results.follow_ups.values_list("title", "link")) == [("Interreg project", "https://example.org/i")]

    page = coordinator_client.get(url(pilot_action)).content.decode()
    assert "Draft saved" in page
    assert (
        f'name="obstacles-met_{obstacle("funding").pk}" id="id_obstacles-met_{obstacle("funding").pk}" checked' in page
    )
    assert "Co-financing came late." in page and 'value="Interreg project"' in page
    assert "<p>A joint <strong>plan</strong>, adopted by both councils.</p>" in page  # the stored preview


def test_edit_unticks_changes_notes_and_removes_follow_ups(coordinator_client, pilot_action):
    results = ResultsFactory(pilot_action=pilot_action, status=Results.Status.DRAFT)
    obstacle_met(results, "funding", "Late")
    obstacle_met(results, "political-support", "Mayors changed")
    old = follow_up(results, "Old follow-up")
    response = coordinator_client.post(
        url(pilot_action),
        results_data(
            met=["political-support", "language-culture"],
            notes={"political-support": "New mayors, then support", "language-culture": "Interpreting"},
            follow_ups=[{"id": str(old.pk), "results": str(results.pk), "title": "Old follow-up", "DELETE": "on"}],
            initial_follow_ups=1,
            save="",
        ),
    )
    assert response.status_code == 302
    assert Results.objects.count() == 1
    assert dict(ObstacleMet.objects.values_list("obstacle__slug", "note")) == {
        "political-support": "New mayors, then support",
        "language-culture": "Interpreting",
    }
    assert not FollowUp.objects.exists()


def test_publish_then_unpublish(coordinator_client, pilot_action):
    response = coordinator_client.post(url(pilot_action), results_data(met=["funding"], publish=""))
    assert response.status_code == 302 and response["Location"] == reverse("workspace:dashboard")
    results = Results.objects.get()
    assert results.is_published and results.published_at is not None

    page = coordinator_client.get(url(pilot_action)).content.decode()
    assert 'name="unpublish"' in page and 'name="publish"' not in page
    assert "saving publishes your changes at once" in page
    dashboard = coordinator_client.get(reverse("workspace:dashboard")).content.decode()
    assert "Published" in dashboard and "Edit the results" in dashboard

    response = coordinator_client.post(url(pilot_action), results_data(met=["funding"], unpublish=""))
    assert response.status_code == 302
    results.refresh_from_db()
    assert not results.is_published and results.published_at is None
    assert "Draft, last saved" in coordinator_client.get(reverse("workspace:dashboard")).content.decode()


def test_saving_published_results_keeps_them_published(coordinator_client, pilot_action):
    ResultsFactory(pilot_action=pilot_action)
    response = coordinator_client.post(url(pilot_action), results_data(achievements="Edited", save=""))
    assert response.status_code == 302
    results = Results.objects.get()
    assert results.is_published and results.achievements == "Edited"


def test_a_note_without_its_obstacle_is_an_error_and_keeps_what_was_typed(coordinator_client, pilot_action):
    response = coordinator_client.post(
        url(pilot_action),
        results_data(
            met=["funding"],
            notes={"funding": "Late co-financing", "continuity": "Nobody pays after 2025"},
            achievements="Achievements I typed",
            follow_ups=[{"title": "A follow-up I typed", "link": "https://example.org/f"}],
            save="",
        ),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert not Results.objects.exists() and not ObstacleMet.objects.exists()
    assert "The results were not saved" in page
    assert f"Tick “{obstacle('continuity').name}” if the pilot action met it, or clear this note" in page
    assert "Nobody pays after 2025" in page and "Late co-financing" in page and "Achievements I typed" in page
    assert 'value="A follow-up I typed"' in page
    assert (
        f'name="obstacles-met_{obstacle("funding").pk}" id="id_obstacles-met_{obstacle("funding").pk}" checked' in page
    )


@pytest.mark.parametrize(
    ("follow_up_fields", "message"),
    [
        (
            {"title": "Interreg", "link": "ftp://example.org/x"},
            "Give a web address that starts with http:// or https://.",
        ),
        (
            {"title": "Interreg", "link": "javascript:alert(1)"},
            "Give a web address that starts with http:// or https://.",
        ),
        ({"title": "", "note": "A note without a title"}, "This field is required."),
    ],
)
def test_bad_follow_up_is_a_clear_message(coordinator_client, pilot_action, follow_up_fields, message):
    response = coordinator_client.post(url(pilot_action), results_data(follow_ups=[follow_up_fields], save=""))
    page = response.content.decode()
    assert response.status_code == 200 and not Results.objects.exists()
    assert message in page
    assert "A joint **plan**, adopted by both councils." in page


def test_an_unknown_obstacle_field_is_ignored(coordinator_client, pilot_action):
    response = coordinator_client.post(
        url(pilot_action), results_data(**{"obstacles-met_999999": "on", "obstacles-note_999999": "?", "save": ""})
    )
    assert response.status_code == 302 and not ObstacleMet.objects.exists()


def test_overlong_texts_are_refused(coordinator_client, pilot_action):
    too_long_note = "x" * 2001
    response = coordinator_client.post(
        url(pilot_action),
        results_data(met=["funding"], notes={"funding": too_long_note}, reuse="y" * 50_001, save=""),
    )
    page = response.content.decode()
    assert response.status_code == 200 and not Results.objects.exists()
    assert "Keep this text under 50,000 characters." in page
    assert "Ensure this value has at most 2000 characters (it has 2001)." in page


@pytest.mark.parametrize("follow_ups", [1, 15])
def test_the_form_queries_do_not_grow_with_follow_ups(
    coordinator_client, pilot_action, django_assert_max_num_queries, follow_ups
):
    results = ResultsFactory(pilot_action=pilot_action)
    for item in Obstacle.objects.all():
        obstacle_met(results, item.slug, f"Note on {item.slug}")
    for index in range(follow_ups):
        follow_up(results, f"Follow-up {index}", link=f"https://example.org/{index}")
    with django_assert_max_num_queries(8):
        page = coordinator_client.get(url(pilot_action)).content.decode()
    assert f'value="Follow-up {follow_ups - 1}"' in page and "Note on funding" in page


def test_a_refused_link_comes_back_as_typed_in_a_valid_field(coordinator_client, pilot_action):
    """An <input type="url"> may only hold a valid URL (the Nu checker's error on the page showing the refusal):
    the refused address is shown back, to be corrected, in a text field with the keyboard for addresses."""
    response = coordinator_client.post(
        url(pilot_action), results_data(follow_ups=[{"title": "Interreg", "link": "https//example.org"}], save="")
    )
    field = re.search(r'<input [^>]*name="follow_ups-0-link"[^>]*>', response.content.decode())[0]
    assert 'value="https//example.org"' in field and 'aria-invalid="true"' in field
    assert 'type="text"' in field and 'inputmode="url"' in field
