"""Selection in admin: least privilege for jurors, blind scoring, decisions with rationale, ranking, import."""

import csv
import io

import pytest
from django.urls import reverse

from projects.models import PilotAction
from selection.models import Decision, Evaluation, Score
from selection.resources import DecisionResource, ScoredApplicationResource, ScoreResource
from tests.factories import (
    CallFactory,
    CountryFactory,
    CriterionFactory,
    PilotActionFactory,
    ThemeFactory,
    UserFactory,
    juror,
    programme_staff,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def selection(client):
    alice, bob = juror("alice"), juror("bob")
    call = CallFactory(name="Crisis management 2024", jurors=[alice, bob])
    criteria = [
        CriterionFactory(call=call, name="Relevance", weight=2, max_score=10),
        CriterionFactory(call=call, name="Feasibility", weight=1, max_score=5),
    ]
    applications = [
        PilotActionFactory(title=f"Application {n}", call=call, group=call.group, status=PilotAction.Status.SUBMITTED)
        for n in range(3)
    ]
    other_call_application = PilotActionFactory(
        title="Someone else's call", call=CallFactory(), status=PilotAction.Status.SUBMITTED
    )
    return {
        "alice": alice,
        "bob": bob,
        "call": call,
        "criteria": criteria,
        "applications": applications,
        "other": other_call_application,
    }


def score(client, user, application, values, submit=True):
    """Score through the admin forms, as a juror does: create, then fill each criterion, then submit."""
    client.force_login(user)
    response = client.post(
        reverse("admin:selection_evaluation_add"), {"application": application.pk, "comment": "", **empty_scores()}
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    evaluation = Evaluation.objects.get(application=application, juror=user)
    criteria = list(application.call.criteria.all())
    data = {
        "comment": "Solid partnership.",
        "scores-TOTAL_FORMS": str(len(criteria)),
        "scores-INITIAL_FORMS": "0",
        "scores-MIN_NUM_FORMS": "0",
        "scores-MAX_NUM_FORMS": "1000",
    }
    for index, (criterion, value) in enumerate(zip(criteria, values, strict=True)):
        data.update(
            {
                f"scores-{index}-criterion": criterion.pk,
                f"scores-{index}-value": value,
                f"scores-{index}-comment": "",
                f"scores-{index}-evaluation": evaluation.pk,
            }
        )
    if submit:
        data["submit_now"] = "on"
    response = client.post(reverse("admin:selection_evaluation_change", args=[evaluation.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    evaluation.refresh_from_db()
    return evaluation


def decide_in_admin(client, action, applications, rationale, **kwargs):
    """Run a decision action on the applications list, with its rationale, as its confirmation page posts it."""
    data = {"action": action, "_selected_action": [a.pk for a in applications], "apply": "1", "rationale": rationale}
    return client.post(reverse("admin:selection_application_changelist"), data, **kwargs)


def export_csv(client, model_name):
    """Export every column of a selection list as CSV, as staff do from its Export button."""
    resources = {"application": ScoredApplicationResource, "score": ScoreResource, "decision": DecisionResource}
    resource = resources[model_name]
    fields = {f"{resource.__name__.lower()}_{name}": "on" for name in resource._meta.fields}
    return client.post(reverse(f"admin:selection_{model_name}_export"), {"format": "0", "resource": "0", **fields})


def result_list(response):
    """The changelist's table only: the messages above it may name anyone."""
    page = response.content.decode()
    return page.split('id="result_list"')[1].split("</table>")[0] if 'id="result_list"' in page else ""


def empty_scores():
    return {
        "scores-TOTAL_FORMS": "0",
        "scores-INITIAL_FORMS": "0",
        "scores-MIN_NUM_FORMS": "0",
        "scores-MAX_NUM_FORMS": "1000",
    }


def test_juror_scores_through_admin_and_submits(client, selection):
    evaluation = score(client, selection["alice"], selection["applications"][0], [8, 5])
    assert evaluation.is_submitted and float(evaluation.total) == pytest.approx(86.67, abs=0.01)
    assert evaluation.scores.count() == 2
    # Submitted: fixed, even for its author.
    response = client.post(reverse("admin:selection_evaluation_change", args=[evaluation.pk]), {"comment": "Changed"})
    assert response.status_code == 403
    evaluation.refresh_from_db()
    assert evaluation.comment == "Solid partnership."


def test_juror_sees_only_own_calls_and_cannot_score_others(client, selection):
    client.force_login(selection["alice"])
    page = client.get(reverse("admin:selection_application_changelist")).content.decode()
    assert "Application 0" in page and "Someone else" not in page
    assert "average score" not in page, "no scores column for jurors"
    response = client.post(
        reverse("admin:selection_evaluation_add"), {"application": selection["other"].pk, **empty_scores()}
    )
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert not Evaluation.objects.exists()


def test_conflict_removes_the_application_from_the_jurors_choices(client, selection):
    alice, application = selection["alice"], selection["applications"][1]
    client.force_login(alice)
    response = client.post(
        reverse("admin:selection_conflictofinterest_add"), {"application": application.pk, "reason": "I advised them."}
    )
    assert response.status_code == 302
    form = client.get(reverse("admin:selection_evaluation_add")).context["adminform"].form
    assert application not in form.fields["application"].queryset
    response = client.post(reverse("admin:selection_evaluation_add"), {"application": application.pk, **empty_scores()})
    assert response.status_code == 200 and not Evaluation.objects.exists()


def test_blind_scoring_in_admin(client, selection):
    application = selection["applications"][0]
    bobs = score(client, selection["bob"], application, [2, 1])
    client.force_login(selection["alice"])
    assert client.get(reverse("admin:selection_evaluation_change", args=[bobs.pk])).status_code == 302  # not found
    assert "bob" not in result_list(client.get(reverse("admin:selection_evaluation_changelist")))

    score(client, selection["alice"], application, [9, 4])
    client.force_login(selection["alice"])
    assert "bob" in result_list(client.get(reverse("admin:selection_evaluation_changelist")))
    # Visible now, but read-only: a juror never changes another juror's scores.
    assert client.get(reverse("admin:selection_evaluation_change", args=[bobs.pk])).status_code == 200
    response = client.post(reverse("admin:selection_evaluation_change", args=[bobs.pk]), {"comment": "Tampered"})
    assert response.status_code == 403
    assert (
        client.post(reverse("admin:selection_score_change", args=[bobs.scores.first().pk]), {"value": 5}).status_code
        == 403
    )
    assert Score.objects.filter(evaluation=bobs).values_list("value", flat=True).first() == 2


def test_juror_cannot_decide_nor_change_public_text(client, selection):
    application = selection["applications"][0]
    client.force_login(selection["alice"])
    response = decide_in_admin(client, "select", [application], "I like it a lot.")
    application.refresh_from_db()
    assert application.status == PilotAction.Status.SUBMITTED and not Decision.objects.exists()
    assert response.status_code in (200, 302)

    response = client.post(
        reverse("admin:selection_application_change", args=[application.pk]),
        {"title": "Rewritten by a juror", "call": selection["call"].pk},
    )
    assert response.status_code == 403
    assert client.get(reverse("admin:projects_pilotaction_change", args=[application.pk])).status_code == 403
    response = client.post(reverse("admin:projects_pilotaction_change", args=[application.pk]), {"title": "Nope"})
    assert response.status_code == 403
    application.refresh_from_db()
    assert application.title == "Application 0"

    staff = programme_staff()
    client.force_login(staff)
    decide_in_admin(client, "reject", [application], "Out of scope of the call.")
    decision = Decision.objects.get()
    client.force_login(selection["alice"])
    assert client.get(reverse("admin:selection_decision_change", args=[decision.pk])).status_code == 403
    assert (
        client.post(reverse("admin:selection_decision_change", args=[decision.pk]), {"rationale": "x"}).status_code
        == 403
    )
    assert (
        client.post(reverse("admin:selection_decision_delete", args=[decision.pk]), {"post": "yes"}).status_code == 403
    )


def test_decision_asks_for_a_rationale_and_records_who_and_when(client, selection):
    staff = programme_staff()
    client.force_login(staff)
    chosen = selection["applications"][:2]
    url = reverse("admin:selection_application_changelist")
    page = client.post(url, {"action": "shortlist", "_selected_action": [a.pk for a in chosen]})
    assert page.status_code == 200 and "Rationale" in page.content.decode()
    assert not Decision.objects.exists()

    page = decide_in_admin(client, "shortlist", chosen, "short")
    assert "Ensure this value has at least 10 characters" in page.content.decode()
    assert not Decision.objects.exists()

    response = decide_in_admin(client, "shortlist", chosen, "Best scores of the call.")
    assert response.status_code == 302
    decisions = Decision.objects.all()
    assert {d.application_id for d in decisions} == {a.pk for a in chosen}
    assert all(
        d.decided_by == staff and d.previous_status == "submitted" and d.outcome == "shortlisted" for d in decisions
    )
    history = chosen[0].history.first()
    assert history.status == "shortlisted"
    assert history.history_user == staff
    assert history.history_change_reason == "Best scores of the call."


def test_impossible_transition_is_refused_with_a_message(client, selection):
    staff = programme_staff()
    client.force_login(staff)
    application = selection["applications"][0]
    response = decide_in_admin(client, "select", [application], "Straight to selected.", follow=True)
    assert "status does not allow it" in response.content.decode()
    application.refresh_from_db()
    assert application.status == PilotAction.Status.SUBMITTED


def test_ranking_for_staff_only(client, selection):
    first, second, _third = selection["applications"]
    score(client, selection["alice"], first, [4, 2])
    score(client, selection["bob"], first, [6, 2])
    score(client, selection["alice"], second, [10, 5])
    url = reverse("admin:selection_call_ranking", args=[selection["call"].pk])
    client.force_login(selection["alice"])
    assert client.get(url).status_code == 403

    client.force_login(programme_staff())
    response = client.get(url)
    ranked = [application.title for application in response.context["applications"]]
    assert ranked == ["Application 1", "Application 0", "Application 2"]
    page = response.content.decode()
    assert "100.0" in page

    changelist = client.get(reverse("admin:selection_application_changelist"), {"o": "-4"}).content.decode()
    assert changelist.index("Application 1") < changelist.index("Application 0")


def test_admin_index_dashboard_counts_per_call_and_status(client, selection):
    client.force_login(programme_staff())
    page = client.get(reverse("admin:index")).content.decode()
    assert "Selection: applications per call and status" in page
    assert "Crisis management 2024" in page
    dashboard = client.get(reverse("admin:index")).content.decode().split('id="selection-dashboard"')[1]
    assert "<td>3</td>" in dashboard.split("Crisis management 2024")[1].split("</tr>")[0]


CSV_HEADER = "call,title,acronym,summary,countries,themes,website\n"


def import_file(client, content, name="applications.csv", file_format="0"):
    upload = io.BytesIO(content if isinstance(content, bytes) else content.encode())
    upload.name = name
    return client.post(
        reverse("admin:selection_application_import"), {"import_file": upload, "format": file_format, "resource": "0"}
    )


def confirm_import(client, response):
    form = response.context["confirm_form"]
    return client.post(reverse("admin:selection_application_process_import"), {**form.initial})


def test_import_reports_bad_rows_and_imports_nothing_until_fixed(client, selection):
    CountryFactory(iso_code="FR"), CountryFactory(iso_code="DE")
    ThemeFactory(slug="floods")
    client.force_login(programme_staff())
    rows = [
        f"Crisis management 2024,Imported {n},IMP{n},Summary {n},FR;DE,floods,https://example.org/{n}\n"
        for n in range(3)
    ]
    bad = "Crisis management 2024,Imported bad,BAD,Summary,FR;XX,floods,\n"
    response = import_file(client, CSV_HEADER + "".join(rows) + bad)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Unknown: XX" in page
    assert "confirm_form" not in response.context or response.context["confirm_form"] is None
    assert not PilotAction.objects.filter(title__startswith="Imported").exists()

    response = import_file(client, CSV_HEADER + "".join(rows))
    assert response.context["confirm_form"] is not None
    assert not PilotAction.objects.filter(title__startswith="Imported").exists(), "the preview writes nothing"
    response = confirm_import(client, response)
    assert response.status_code == 302
    imported = PilotAction.objects.filter(title__startswith="Imported").order_by("title")
    assert imported.count() == 3
    first = imported.first()
    assert first.status == "submitted" and first.call == selection["call"] and first.group == selection["call"].group
    assert {c.iso_code for c in first.countries.all()} == {"FR", "DE"}
    assert not first.is_public


def test_import_row_updates_an_applications_translated_summary(client, selection):
    """Through the Application proxy, a changed summary was silently kept as it was (modeltranslation)."""
    application = selection["applications"][0]
    client.force_login(programme_staff())
    row = f"{application.call.name},{application.title},NEW,A summary rewritten by import,,,\n"
    assert confirm_import(client, import_file(client, CSV_HEADER + row)).status_code == 302
    updated = PilotAction.objects.get(pk=application.pk)
    assert (updated.acronym, updated.summary_en) == ("NEW", "A summary rewritten by import")


def test_import_with_unknown_call_or_missing_title_is_refused(client, selection):
    client.force_login(programme_staff())
    response = import_file(client, CSV_HEADER + "No such call,Title,,,,,\nCrisis management 2024,,,,,,\n")
    page = response.content.decode()
    assert "This column is required." in page
    assert "There is no call named “No such call” among the calls you manage." in page
    assert PilotAction.objects.count() == 4


def test_export_applications_with_scores(client, selection):
    score(client, selection["alice"], selection["applications"][0], [10, 5])
    client.force_login(programme_staff())
    response = export_csv(client, "application")
    assert response.status_code == 200, response.content.decode()[:2000]
    content = response.content.decode()
    assert content.splitlines()[0].startswith("call,title")
    assert "Application 0" in content and "100.00" in content


def test_admin_exports_escape_formulas_by_the_portal_rule(client, selection):
    """The library's own escaping deleted a leading "=" and left "+", "-" and "@" live (issue #11)."""
    application = selection["applications"][0]
    PilotAction.objects.filter(pk=application.pk).update(
        title='=HYPERLINK("http://evil.example")', acronym="@SUM(A1)", summary="+cmd|' /C calc'!A0", longitude=-8.61
    )
    client.force_login(programme_staff())
    rows = list(csv.DictReader(io.StringIO(export_csv(client, "application").content.decode())))
    row = next(row for row in rows if row["acronym"].endswith("SUM(A1)"))
    assert row["title"] == '\'=HYPERLINK("http://evil.example")'
    assert row["acronym"] == "'@SUM(A1)" and row["summary"] == "'+cmd|' /C calc'!A0"
    assert float(row["longitude"]) == -8.61, "numbers stay numbers"


def test_groups_have_least_privilege():
    from django.contrib.auth.models import Group

    jury = set(Group.objects.get(name="Jury").permissions.values_list("content_type__app_label", "codename"))
    assert ("selection", "add_evaluation") in jury and ("selection", "add_conflictofinterest") in jury
    for forbidden in [
        ("selection", "add_decision"),
        ("selection", "change_decision"),
        ("selection", "change_application"),
        ("selection", "view_all_evaluations"),
        ("selection", "change_conflictofinterest"),
        ("projects", "change_pilotaction"),
        ("projects", "view_pilotaction"),
        ("selection", "import_application"),
        ("selection", "export_application"),
        ("selection", "export_score"),
        ("selection", "export_decision"),
    ]:
        assert forbidden not in jury, forbidden
    assert not [code for _, code in jury if "historical" in code], "the audit trail is for staff"
    staff = set(
        Group.objects.get(name="Programme staff").permissions.values_list("content_type__app_label", "codename")
    )
    assert {("selection", "add_decision"), ("projects", "change_pilotaction"), ("workspace", "add_invitation")} <= staff
    assert {("selection", "import_application"), ("selection", "export_decision")} <= staff
    assert {("selection", "view_historicaldecision"), ("projects", "view_historicalpilotaction")} <= staff
    assert ("auth", "change_user") not in staff and ("auth", "add_user") not in staff
    assert not Group.objects.get(name="Coordinators").permissions.exists()


def test_staff_see_pilot_action_history(client, selection):
    client.force_login(programme_staff())
    application = selection["applications"][0]
    assert client.get(reverse("admin:projects_pilotaction_history", args=[application.pk])).status_code == 200


def test_export_scores_and_decisions(client, selection):
    application = selection["applications"][0]
    score(client, selection["alice"], application, [7, 3])
    staff = programme_staff()
    client.force_login(staff)
    decide_in_admin(client, "shortlist", [application], "Good enough for the shortlist.")
    scores = export_csv(client, "score").content.decode()
    assert scores.splitlines()[0] == "call,application,juror,criterion,weight,max_score,value,comment,submitted_at"
    assert "Application 0,alice,Relevance,2.00,10,7" in scores
    decisions = export_csv(client, "decision").content.decode()
    assert "Application 0,submitted,shortlisted,Good enough for the shortlist.,officer" in decisions


def test_juror_dashboard_shows_only_their_calls(client, selection):
    client.force_login(selection["alice"])
    page = client.get(reverse("admin:index")).content.decode()
    dashboard = page.split('id="selection-dashboard"')[1].split("</table>")[0]
    assert "Crisis management 2024" in dashboard and "Call " not in dashboard.replace("Crisis management 2024", "")
    assert "ranking" not in dashboard


# Issue #11: history, import and export bypassed the selection admin's rules.


def history_urls(obj, model_name):
    """The version list and the latest version's page of ``obj`` in the selection admin."""
    version = type(obj).history.filter(id=obj.pk).latest("history_date")
    return (
        reverse(f"admin:selection_{model_name}_history", args=[obj.pk]),
        reverse(f"admin:selection_{model_name}_simple_history", args=[obj.pk, version.history_id]),
    )


def test_history_shows_a_juror_nothing_the_admin_hides(client, selection):
    alice, bob = selection["alice"], selection["bob"]
    bobs = score(client, bob, selection["applications"][0], [3, 2])
    client.force_login(alice)
    secrets = [
        *history_urls(bobs, "evaluation"),
        *history_urls(bobs.scores.first(), "score"),
        *history_urls(selection["other"], "application"),
    ]
    for url in secrets:
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert "Solid partnership" not in response.content.decode() and "Someone else" not in response.content.decode()


def test_juror_cannot_rewrite_another_jurors_score_through_its_history(client, selection):
    application = selection["applications"][0]
    bobs = score(client, selection["bob"], application, [3, 2])
    score(client, selection["alice"], application, [9, 4])  # submitted: Bob's scores are visible to her now
    relevance = bobs.scores.get(criterion__name="Relevance")
    versions = relevance.history.count()
    client.force_login(selection["alice"])
    _, version_url = history_urls(relevance, "score")
    response = client.post(
        version_url, {"evaluation": bobs.pk, "criterion": relevance.criterion_id, "value": 10, "comment": "Mine now"}
    )
    assert response.status_code in (403, 405)
    relevance.refresh_from_db()
    assert (relevance.value, relevance.comment) == (3, "")
    assert relevance.history.count() == versions


def test_staff_cannot_rewrite_a_decision_through_its_history(client, selection):
    staff = programme_staff()
    client.force_login(staff)
    application = selection["applications"][0]
    decide_in_admin(client, "shortlist", [application], "Best scores of the call.")
    decision = Decision.objects.get()
    before = Decision.objects.values().get()
    _, version_url = history_urls(decision, "decision")

    page = client.get(version_url)
    assert page.status_code == 200 and "Best scores of the call." in page.content.decode()
    assert 'name="rationale"' not in page.content.decode() and 'name="_save"' not in page.content.decode()

    other_staff = programme_staff("another-officer")
    response = client.post(
        version_url,
        {
            "application": application.pk,
            "outcome": "selected",
            "previous_status": "shortlisted",
            "rationale": "Rewritten afterwards.",
            "decided_by": other_staff.pk,
            "decided_at_0": "2020-01-01",
            "decided_at_1": "12:00:00",
        },
    )
    assert response.status_code in (403, 405)
    assert Decision.objects.values().get() == before
    assert decision.history.count() == 1


def test_staff_cannot_revert_a_status_through_the_history(client, selection):
    client.force_login(programme_staff())
    application = selection["applications"][0]
    decide_in_admin(client, "shortlist", [application], "Best scores of the call.")
    submitted_version = application.history.filter(status="submitted").latest("history_date")
    url = reverse("admin:selection_application_simple_history", args=[application.pk, submitted_version.history_id])
    assert client.get(url).status_code == 200
    response = client.post(url, {"call": selection["call"].pk, "title": application.title, "summary": "x"})
    assert response.status_code in (403, 405)
    application.refresh_from_db()
    assert application.status == PilotAction.Status.SHORTLISTED


def test_juror_can_neither_export_nor_import(client, selection):
    score(client, selection["bob"], selection["applications"][0], [3, 2])
    client.force_login(programme_staff())
    decide_in_admin(client, "shortlist", [selection["applications"][0]], "Best scores of the call.")
    client.force_login(selection["alice"])
    for model_name in ("application", "score", "decision"):
        assert client.get(reverse(f"admin:selection_{model_name}_export")).status_code == 403, model_name
        response = export_csv(client, model_name)
        assert response.status_code == 403, model_name
        content = response.content.decode()
        assert "average_score" not in content and "Best scores" not in content and "Relevance" not in content

    titles = list(PilotAction.objects.order_by("pk").values_list("title", flat=True))
    assert client.get(reverse("admin:selection_application_import")).status_code == 403
    response = import_file(client, CSV_HEADER + f"{selection['call'].name},Application 0,HIJACK,Rewritten,,,\n")
    assert response.status_code == 403
    assert client.post(reverse("admin:selection_application_process_import"), {}).status_code == 403
    assert list(PilotAction.objects.order_by("pk").values_list("title", flat=True)) == titles
    assert not PilotAction.objects.filter(acronym="HIJACK").exists()


def importer():
    """Someone given import and export, but not the management of calls: their scope is empty."""
    from django.contrib.auth.models import Permission

    user = UserFactory(username="importer", is_staff=True)
    codenames = ["import_application", "export_application", "view_application", "add_application"]
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="selection", codename__in=codenames))
    return user


def test_import_refuses_a_call_the_user_does_not_manage(client, selection):
    client.force_login(importer())
    call = selection["call"]
    response = import_file(
        client, CSV_HEADER + f"{call.name},Application 0,HIJACK,Rewritten,,,\n{call.name},New one,NEW,New,,,\n"
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert f"There is no call named “{call.name}” among the calls you manage." in page
    assert response.context.get("confirm_form") is None
    assert not PilotAction.objects.filter(acronym__in=["HIJACK", "NEW"]).exists()


def test_export_shows_scores_only_to_those_who_see_all_evaluations(client, selection):
    score(client, selection["alice"], selection["applications"][0], [10, 5])
    user = importer()
    client.force_login(user)
    response = client.post(
        reverse("admin:selection_application_export"),
        {"format": "0", "resource": "0", "applicationresource_title": "on", "applicationresource_average_score": "on"},
    )
    assert response.status_code == 200
    assert "average_score" not in response.content.decode() and "100.00" not in response.content.decode()


def test_import_never_sets_a_status(client, selection):
    client.force_login(programme_staff())
    response = import_file(
        client,
        "call,title,acronym,status\n"
        f"{selection['call'].name},Application 0,CHANGED,selected\n{selection['call'].name},Brand new,NEW,selected\n",
    )
    confirm_import(client, response)
    assert PilotAction.objects.get(title="Application 0").acronym == "CHANGED"
    statuses = PilotAction.objects.filter(title__in=["Application 0", "Brand new"]).values_list("status", flat=True)
    assert set(statuses) == {"submitted"}
    assert not Decision.objects.exists()


def test_juror_list_filters_name_only_their_calls(client, selection):
    score(client, selection["alice"], selection["applications"][0], [3, 2])
    client.force_login(selection["alice"])
    other_call = selection["other"].call.name
    for model_name in ("application", "evaluation", "score", "conflictofinterest"):
        page = client.get(reverse(f"admin:selection_{model_name}_changelist")).content.decode()
        assert other_call not in page, model_name
    page = client.get(reverse("admin:selection_application_changelist")).content.decode()
    assert selection["call"].name in page.split('id="changelist-filter"')[1]
