"""Who may do what at every URL of the selection admin, history, import and export included (issue #11).

The URLs come from the admin site itself: a URL added later has no expected answers below, and its tests
fail until someone writes them down. Every POST that is not expected to change anything is checked against
the whole selection's data, history tables and admin log included.
"""

import pytest
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from django.urls.resolvers import RegexPattern

from projects.models import PilotAction
from selection.models import Application, Call, ConflictOfInterest, Criterion, Decision, Evaluation, Score, decide
from tests.factories import CallFactory, CriterionFactory, PilotActionFactory, UserFactory, juror, programme_staff
from tests.selection.test_scoring import evaluate

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "juror before submitting", "juror after submitting", "another call's juror", "staff", "superuser"]

# Expected answers, in the order of ROLES. LOGIN: sent to admin's login. GONE: admin's "does not exist"
# redirect, as for any object its queryset hides. DELETED: 302, and the object is gone.
LOGIN, GONE, DELETED = "login", "gone", "deleted"
EVERYONE = [LOGIN, 200, 200, 200, 200, 200]
STAFF_ONLY = [LOGIN, 403, 403, 403, 200, 200]
NOBODY = [LOGIN, 403, 403, 403, 403, 403]
NEVER_POSTED = [LOGIN, 405, 405, 405, 405, 405]  # history is read-only; process_import is POST only
STAFF_DELETES = [LOGIN, 403, 403, 403, DELETED, DELETED]

EXPECTED = {
    # url name: (GET, POST)
    "selection_call_changelist": (EVERYONE, EVERYONE),
    "selection_call_add": (STAFF_ONLY, STAFF_ONLY),
    "selection_call_change": ([LOGIN, 200, 200, GONE, 200, 200], STAFF_ONLY),
    "selection_call_delete": (STAFF_ONLY, STAFF_ONLY),  # its applications protect it: staff see why
    "selection_call_history": ([LOGIN, 200, 200, GONE, 200, 200], [LOGIN, 200, 200, GONE, 200, 200]),
    "selection_call_ranking": (STAFF_ONLY, STAFF_ONLY),
    "selection_application_changelist": (EVERYONE, EVERYONE),
    "selection_application_add": (STAFF_ONLY, STAFF_ONLY),
    "selection_application_change": ([LOGIN, 200, 200, GONE, 200, 200], STAFF_ONLY),
    # Staff see what deleting it would take, and are refused: its evaluations and decisions are records nobody deletes.
    "selection_application_delete": (STAFF_ONLY, NOBODY),
    "selection_application_history": ([LOGIN, 403, 403, GONE, 200, 200], NEVER_POSTED),
    "selection_application_simple_history": ([LOGIN, 403, 403, GONE, 200, 200], NEVER_POSTED),
    "selection_application_import": (STAFF_ONLY, STAFF_ONLY),
    "selection_application_process_import": (NEVER_POSTED, STAFF_ONLY),
    "selection_application_export": (STAFF_ONLY, STAFF_ONLY),
    "selection_evaluation_changelist": (EVERYONE, EVERYONE),
    "selection_evaluation_add": (EVERYONE, EVERYONE),
    "selection_evaluation_change": ([LOGIN, GONE, 200, GONE, 200, 200], [LOGIN, GONE, 403, GONE, 403, 403]),
    "selection_evaluation_delete": (NOBODY, NOBODY),
    "selection_evaluation_history": ([LOGIN, GONE, 403, GONE, 200, 200], NEVER_POSTED),
    "selection_evaluation_simple_history": ([LOGIN, GONE, 403, GONE, 200, 200], NEVER_POSTED),
    "selection_score_changelist": (EVERYONE, EVERYONE),
    "selection_score_add": (NOBODY, NOBODY),
    "selection_score_change": ([LOGIN, GONE, 200, GONE, 200, 200], NOBODY),
    "selection_score_delete": (NOBODY, NOBODY),
    "selection_score_history": ([LOGIN, GONE, 403, GONE, 200, 200], NEVER_POSTED),
    "selection_score_simple_history": ([LOGIN, GONE, 403, GONE, 200, 200], NEVER_POSTED),
    "selection_score_export": (STAFF_ONLY, STAFF_ONLY),
    "selection_conflictofinterest_changelist": (EVERYONE, EVERYONE),
    "selection_conflictofinterest_add": (EVERYONE, EVERYONE),
    "selection_conflictofinterest_change": ([LOGIN, GONE, GONE, GONE, 200, 200], NOBODY),
    "selection_conflictofinterest_delete": (STAFF_ONLY, STAFF_DELETES),
    "selection_conflictofinterest_history": ([LOGIN, GONE, GONE, GONE, 200, 200], NEVER_POSTED),
    "selection_conflictofinterest_simple_history": ([LOGIN, GONE, GONE, GONE, 200, 200], NEVER_POSTED),
    "selection_decision_changelist": (STAFF_ONLY, STAFF_ONLY),
    "selection_decision_add": (NOBODY, NOBODY),
    "selection_decision_change": (STAFF_ONLY, NOBODY),
    "selection_decision_delete": (NOBODY, NOBODY),
    "selection_decision_history": (STAFF_ONLY, NEVER_POSTED),
    "selection_decision_simple_history": (STAFF_ONLY, NEVER_POSTED),
    "selection_decision_export": (STAFF_ONLY, STAFF_ONLY),
}


def selection_admin_urls():
    """(model name, URL name, how many arguments) for every named URL the admin site serves for the selection."""
    urls = []
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label != "selection":
            continue
        for pattern in model_admin.get_urls():
            if pattern.name:
                route = pattern.pattern
                arguments = route.regex.groups if isinstance(route, RegexPattern) else len(route.converters)
                urls.append((model._meta.model_name, pattern.name, arguments))
    return sorted(urls)


@pytest.fixture
def world():
    """Call A with three jurors: Alice has submitted nothing, Dave and Bob have scored application 0; Carol
    judges call B. Bob declared a conflict with application 1; staff shortlisted application 2."""
    alice, bob, dave, carol = juror("alice"), juror("bob"), juror("dave"), juror("carol")
    staff = programme_staff()
    call = CallFactory(name="Crisis management 2024", jurors=[alice, bob, dave])
    CriterionFactory(call=call, name="Relevance", weight=2, max_score=10)
    CriterionFactory(call=call, name="Feasibility", weight=1, max_score=5)
    other_call = CallFactory(name="Spatial planning 2024", jurors=[carol])
    applications = [
        PilotActionFactory(title=f"Application {n}", call=call, group=call.group, status=PilotAction.Status.SUBMITTED)
        for n in range(3)
    ]
    PilotActionFactory(title="Call B's application", call=other_call, status=PilotAction.Status.SUBMITTED)
    bobs = evaluate(applications[0], bob, [3, 2])
    evaluate(applications[0], dave, [7, 4])
    conflict = ConflictOfInterest.objects.create(juror=bob, application=applications[1], reason="I advised them.")
    shortlisted = PilotAction.objects.filter(pk=applications[2].pk)
    decide(shortlisted, PilotAction.Status.SHORTLISTED, "Best of the call.", staff)
    return {
        "users": {
            "anonymous": None,
            "juror before submitting": alice,
            "juror after submitting": dave,
            "another call's juror": carol,
            "staff": staff,
            "superuser": UserFactory(username="root", is_staff=True, is_superuser=True),
        },
        "targets": {
            "call": call,
            "application": applications[0],
            "evaluation": bobs,
            "score": bobs.scores.get(criterion__name="Relevance"),
            "conflictofinterest": conflict,
            "decision": Decision.objects.get(),
        },
        "applications": applications,
    }


def database_state():
    """Every row the selection admin could touch, with the audit trail and the admin log."""
    models = [Call, Criterion, PilotAction, Evaluation, Score, ConflictOfInterest, Decision]
    models += [model.history.model for model in models if hasattr(model, "history")] + [LogEntry]
    return {model._meta.label: list(model._base_manager.order_by("pk").values()) for model in models}


def assert_answer(response, expected):
    if expected == LOGIN:
        assert response.status_code == 302 and reverse("admin:login") in response["Location"]
    elif expected == GONE:
        assert response.status_code == 302 and response["Location"] == reverse("admin:index")
    elif expected == DELETED:
        assert response.status_code == 302
    else:
        assert response.status_code == expected


def log_in(client, world, role):
    if world["users"][role] is not None:
        client.force_login(world["users"][role])


def test_every_selection_url_has_expected_answers():
    assert {name for _, name, _ in selection_admin_urls()} == set(EXPECTED)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("model_name", "url_name", "arguments"), selection_admin_urls())
def test_selection_admin_url(client, world, role, model_name, url_name, arguments):
    target = world["targets"][model_name]
    args = [target.pk, target.history.latest("history_date").history_id] if arguments == 2 else [target.pk][:arguments]
    url = reverse(f"admin:{url_name}", args=args)
    expected_get, expected_post = (answers[ROLES.index(role)] for answers in EXPECTED[url_name])
    log_in(client, world, role)

    assert_answer(client.get(url), expected_get)

    before = database_state()
    response = client.post(url, {"post": "yes"} if url_name.endswith("_delete") else {})
    assert_answer(response, expected_post)
    if expected_post == DELETED:
        assert not type(target)._base_manager.filter(pk=target.pk).exists()
    else:
        assert database_state() == before, "a POST that should change nothing changed the database"


DECIDES = {"staff", "superuser"}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", admin.site._registry[Application].actions)
def test_decision_actions(client, world, role, action):
    """Every decision action, confirmed with a rationale, on all of call A's applications (one at least may move)."""
    log_in(client, world, role)
    before = database_state()
    decisions = Decision.objects.count()
    data = {
        "action": action,
        "_selected_action": [application.pk for application in world["applications"]],
        "apply": "1",
        "rationale": "Decided in the permission matrix.",
    }
    response = client.post(reverse("admin:selection_application_changelist"), data)
    if role == "anonymous":
        assert_answer(response, LOGIN)
    elif role in DECIDES:
        assert response.status_code == 302
        new = Decision.objects.order_by("pk")[decisions:]
        assert new and all(
            d.rationale == "Decided in the permission matrix." and d.decided_by == world["users"][role] for d in new
        )
        for decision in new:
            assert PilotAction.objects.get(pk=decision.application_id).status == decision.outcome
        return
    else:
        assert response.status_code == 200  # a juror is offered no action at all
    assert database_state() == before
