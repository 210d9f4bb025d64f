"""A week before a reporting deadline each coordinator gets one reminder, whatever the number of runs."""

import datetime

import pytest
from django.conf import settings
from django.core import mail

from notifications.outbox import deliver_pending_notifications
from notifications.tasks import send_deadline_reminders
from projects.models import PilotAction
from tests.factories import PilotActionFactory, ReportingDeadlineFactory, ThematicGroupFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2025, 6, 2)


def run(today=TODAY):
    return send_deadline_reminders.apply(kwargs={"today": today}).get()


def test_reminder_once_in_the_week_before(coordinator, pilot_action, django_capture_on_commit_callbacks):
    ReportingDeadlineFactory(title="Interim report", due_date=TODAY + datetime.timedelta(days=7))
    with django_capture_on_commit_callbacks(execute=True):
        assert run(TODAY - datetime.timedelta(days=1)) == 0, "eight days ahead is too early"
        assert run() == 1
        assert run() == 0
        assert run(TODAY + datetime.timedelta(days=3)) == 0
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ana@example.org"]
    assert "Interim report" in message.subject and "9 June 2025" in message.subject
    assert pilot_action.title in message.body and "/workspace/" in message.body


def test_one_reminder_for_a_coordinator_of_two_pilot_actions(coordinator, django_capture_on_commit_callbacks):
    second = PilotActionFactory(title="Second pilot")
    second.coordinators.add(coordinator)
    ReportingDeadlineFactory(due_date=TODAY + datetime.timedelta(days=2))
    with django_capture_on_commit_callbacks(execute=True):
        run()
    assert len(mail.outbox) == 1
    assert "Second pilot" in mail.outbox[0].body


def test_group_deadline_reminds_only_that_group(coordinator, pilot_action, django_capture_on_commit_callbacks):
    other_coordinator = UserFactory(email="bo@example.org")
    PilotActionFactory(group=ThematicGroupFactory()).coordinators.add(other_coordinator)
    ReportingDeadlineFactory(due_date=TODAY + datetime.timedelta(days=4), group=pilot_action.group)
    with django_capture_on_commit_callbacks(execute=True):
        run()
    assert [message.to for message in mail.outbox] == [["ana@example.org"]]


def test_no_reminder_for_past_deadlines_withdrawn_pilots_or_inactive_people(
    coordinator, pilot_action, django_capture_on_commit_callbacks
):
    ReportingDeadlineFactory(due_date=TODAY - datetime.timedelta(days=1))
    withdrawn = PilotActionFactory(status=PilotAction.Status.WITHDRAWN)
    withdrawn.coordinators.add(UserFactory(email="gone@example.org"))
    pilot_action.coordinators.add(UserFactory(email="left@example.org", is_active=False))
    ReportingDeadlineFactory(due_date=TODAY + datetime.timedelta(days=1), group=withdrawn.group)
    with django_capture_on_commit_callbacks(execute=True):
        assert run() == 0
    assert mail.outbox == []


def test_beat_schedules_the_reminders_and_the_outbox_drain():
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {send_deadline_reminders.name, deliver_pending_notifications.name} <= tasks, "the beat names real tasks"
