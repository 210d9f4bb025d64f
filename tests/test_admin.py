import pytest
from django.contrib import admin
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from core.admin_mixins import ReadOnlyHistoryAdmin
from projects.models import PilotAction
from selection.models import Decision
from tests.factories import CallFactory, PilotActionFactory, programme_staff

pytestmark = pytest.mark.django_db

OUR_APPS = {"borders", "projects", "webinars", "notifications", "workspace", "selection"}


def our_models():
    return [model for model in admin.site._registry if model._meta.app_label in OUR_APPS]


def test_every_model_of_ours_is_registered():
    """On its own, or as an inline of the model it belongs to (a report's photos and documents).

    The audit trail's historical models are shown by each model's own History view instead; tables derived from
    the content (``public_content = False``) are rebuilt by tasks, not edited.
    """
    from django.apps import apps

    inlined = {inline.model for model_admin in admin.site._registry.values() for inline in model_admin.inlines}
    for app_label in OUR_APPS:
        for model in apps.get_app_config(app_label).get_models():
            if model.__name__.startswith("Historical"):
                continue
            if not getattr(model, "public_content", True):
                continue  # derived from the content and rebuilt by a task (the map's cells): nothing for staff to edit
            assert model in admin.site._registry or model in inlined, model


def test_every_changelist_and_add_form_answers(admin_client, programme):
    for model in our_models():
        opts = model._meta
        for view in ("changelist", "add"):
            response = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}"))
            addable = admin.site._registry[model].has_add_permission(response.wsgi_request)
            assert response.status_code == (200 if view == "changelist" or addable else 403), (model, view)
        search = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"), {"q": "a"})
        assert search.status_code == 200, model


def test_every_change_form_answers(admin_client, programme, rf, superuser):
    request = rf.get("/admin/")
    request.user = superuser
    for model in our_models():
        obj = admin.site._registry[model].get_queryset(request).first()
        if obj is None:
            continue
        opts = model._meta
        response = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))
        assert response.status_code == 200, model


def test_pilot_action_autocomplete_for_foreign_keys(admin_client, programme):
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "projects", "model_name": "pilotaction", "field_name": "group", "term": "crisis"},
    )
    assert response.status_code == 200
    assert [item["text"] for item in response.json()["results"]] == ["Cross-border crisis management"]


def test_staff_cannot_set_a_status_in_the_pilot_action_form(client):
    """A status changes only by a decision, with its rationale: the form shows it read-only and ignores a posted one."""
    staff = programme_staff()
    client.force_login(staff)
    call = CallFactory()
    pilot_action = PilotActionFactory(call=call, group=call.group, status=PilotAction.Status.SHORTLISTED)
    url = reverse("admin:projects_pilotaction_change", args=[pilot_action.pk])
    form = client.get(url).context["adminform"].form
    assert "status" not in form.fields
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update(
        {
            "status": "selected",
            "acronym": "EDITED",
            "partnerships-TOTAL_FORMS": 0,
            "partnerships-INITIAL_FORMS": 0,
            "sources-TOTAL_FORMS": 0,
            "sources-INITIAL_FORMS": 0,
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    pilot_action.refresh_from_db()
    assert pilot_action.acronym == "EDITED", "the rest of the form is saved"
    assert pilot_action.status == PilotAction.Status.SHORTLISTED
    assert not Decision.objects.exists()

    add_form = client.get(reverse("admin:projects_pilotaction_add")).context["adminform"].form
    assert "status" not in add_form.fields


def test_every_history_enabled_admin_is_read_only_and_bound_by_its_queryset():
    """django-simple-history's own admin saves whatever is posted to a version's page (its issue 1362)."""
    for model_admin in admin.site._registry.values():
        if isinstance(model_admin, SimpleHistoryAdmin):
            assert isinstance(model_admin, ReadOnlyHistoryAdmin), model_admin


def test_pilot_action_history_cannot_revert_a_status(admin_client):
    pilot_action = PilotActionFactory(status=PilotAction.Status.SUBMITTED)
    submitted = pilot_action.history.latest("history_date")
    PilotAction.objects.filter(pk=pilot_action.pk).update(status=PilotAction.Status.WITHDRAWN)
    url = reverse("admin:projects_pilotaction_simple_history", args=[pilot_action.pk, submitted.history_id])
    page = admin_client.get(url)
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    form = page.context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    response = admin_client.post(url, {**data, "status": "submitted", "_save": "Revert"})
    assert response.status_code == 405
    pilot_action.refresh_from_db()
    assert pilot_action.status == PilotAction.Status.WITHDRAWN


def test_admin_is_for_staff_only(client):
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_pilot_action_list_shows_and_filters_which_lack_a_place(admin_client, programme):
    changelist = reverse("admin:projects_pilotaction_changelist")
    response = admin_client.get(changelist)
    assert "column-has_place" in response.content.decode()
    without_place = set(PilotAction.objects.unlocated().values_list("pk", flat=True))
    assert without_place  # CM6 and the probable record have no lat/lon in the research
    listed = admin_client.get(changelist, {"location": "none"}).context["cl"].result_list
    assert {pilot_action.pk for pilot_action in listed} == without_place
    listed = admin_client.get(changelist, {"location": "exact"}).context["cl"].result_list
    assert {pilot_action.pk for pilot_action in listed} == set(
        PilotAction.objects.located().values_list("pk", flat=True)
    )


def test_staff_see_why_a_probable_record_is_hidden(admin_client, programme):
    probable = PilotAction.objects.get(record_confidence=PilotAction.Confidence.PROBABLE)
    response = admin_client.get(reverse("admin:projects_pilotaction_change", args=[probable.pk]))
    assert response.status_code == 200
    assert "INFERENCE" in response.content.decode()  # the research's notes, in the internal notes field
