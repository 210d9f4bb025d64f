"""Issue #6 as staff and jurors would live it: call, XLSX import, blind scoring, conflict, ranking, selection."""

import io

import pytest
from django.urls import reverse
from openpyxl import Workbook

from projects.models import PilotAction
from selection.models import Application, Call, ConflictOfInterest, Decision, Evaluation
from tests.factories import CountryFactory, ThematicGroupFactory, ThemeFactory, juror, programme_staff
from tests.selection.test_admin import decide_in_admin, score

pytestmark = pytest.mark.django_db

HEADER = ["call", "title", "acronym", "summary", "countries", "themes", "latitude", "longitude", "website"]


def xlsx(rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "applications.xlsx"
    return buffer


def test_call_import_score_rank_select(client):
    group = ThematicGroupFactory(slug="crisis-management")
    CountryFactory(iso_code="FR"), CountryFactory(iso_code="DE")
    ThemeFactory(slug="floods")
    staff, alice, bob = programme_staff(), juror("alice"), juror("bob")
    client.force_login(staff)

    # 1. Staff create a call with two weighted criteria and two jurors.
    response = client.post(
        reverse("admin:selection_call_add"),
        {
            "name": "Resilience call 2024",
            "group": group.pk,
            "opens_on": "2024-09-01",
            "closes_on": "2024-11-30",
            "jurors": [alice.pk, bob.pk],
            "criteria-TOTAL_FORMS": "2",
            "criteria-INITIAL_FORMS": "0",
            "criteria-0-name": "Relevance",
            "criteria-0-weight": "2",
            "criteria-0-max_score": "10",
            "criteria-0-order": "1",
            "criteria-1-name": "Feasibility",
            "criteria-1-weight": "1",
            "criteria-1-max_score": "5",
            "criteria-1-order": "2",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    call = Call.objects.get()
    assert call.criteria.count() == 2

    # 2. Ten applications from XLSX; one bad row is reported and nothing is imported until it is fixed.
    rows = [
        [
            call.name,
            f"Application {n:02d}",
            f"A{n}",
            f"What application {n} does",
            "FR; DE",
            "floods",
            49.0 + n / 10,
            7.5,
            "",
        ]
        for n in range(10)
    ]
    bad_rows = [*rows[:9], [call.name, "Application 09", "A9", "Summary", "FR; XX", "floods", 95, 7.5, ""]]
    url = reverse("admin:selection_application_import")
    response = client.post(url, {"import_file": xlsx(bad_rows), "format": "1", "resource": "0"})
    page = response.content.decode()
    assert "Unknown: XX" in page and "Ensure this value is less than or equal to 90" in page
    assert not PilotAction.objects.exists()
    response = client.post(url, {"import_file": xlsx(rows), "format": "1", "resource": "0"})
    response = client.post(
        reverse("admin:selection_application_process_import"), response.context["confirm_form"].initial
    )
    assert response.status_code == 302
    applications = list(Application.objects.applications().order_by("title"))
    assert len(applications) == 10 and all(not a.is_public for a in applications)

    # 3. Bob declares a conflict with one application; both jurors score the others, blind.
    client.force_login(bob)
    client.post(
        reverse("admin:selection_conflictofinterest_add"),
        {"application": applications[0].pk, "reason": "I chair one of the partners."},
    )
    assert ConflictOfInterest.objects.filter(juror=bob, application=applications[0]).exists()
    for index, application in enumerate(applications):
        score(client, alice, application, [10 - index, 5 - index // 2])
        if index:
            score(client, bob, application, [9 - index if index < 9 else 0, 4 - index // 3])
    assert not Evaluation.objects.filter(juror=bob, application=applications[0]).exists()

    # 4. Staff rank the call, shortlist and select the best three.
    client.force_login(staff)
    ranking = client.get(reverse("admin:selection_call_ranking", args=[call.pk])).context["applications"]
    best_three = list(ranking[:3])
    assert [a.title for a in best_three] == ["Application 00", "Application 01", "Application 02"]
    for action, rationale in (("shortlist", "Top three of the ranking."), ("select", "Confirmed by the jury meeting.")):
        decide_in_admin(client, action, best_three, rationale)
    decide_in_admin(client, "reject", ranking[3:], "Below the threshold of the call.")

    # 5. The three are public, on the list and on the map; the rest stay hidden.
    public_titles = {a.title for a in PilotAction.objects.public()}
    assert public_titles == {a.title for a in best_three}
    listing = client.get(reverse("projects:pilot-action-list")).content.decode()
    geojson = client.get(reverse("projects:pilot-actions-geojson")).json()
    mapped = {feature["properties"]["title"] for feature in geojson["features"]}
    assert mapped == public_titles
    for application in applications:
        assert (application.title in listing) is (application.title in public_titles)

    # 6. Every step is in the history, with who did it.
    selected = best_three[0]
    steps = [
        (h.history_type, h.status, h.history_user) for h in selected.history.order_by("history_date", "history_id")
    ]
    assert steps[0] == ("+", "submitted", staff)
    assert ("~", "shortlisted", staff) in steps and ("~", "selected", staff) in steps
    assert Decision.objects.filter(application=selected).count() == 2
    assert Decision.history.filter(application_id=selected.pk).count() == 2
    assert Evaluation.history.filter(application_id=selected.pk, history_user=alice).exists()
    assert ConflictOfInterest.history.filter(juror=bob).count() == 1
    history_page = client.get(reverse("admin:selection_application_history", args=[selected.pk]))
    assert history_page.status_code == 200 and "Confirmed by the jury meeting." in history_page.content.decode()
