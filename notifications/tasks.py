from celery import shared_task
from django.db import transaction
from django.utils import timezone

from notifications.outbox import queue_email, user_language
from projects.models import PilotAction, ReportingDeadline

REMINDER_DAYS_AHEAD = 7


@shared_task
def send_deadline_reminders(today=None):
    """Remind each coordinator once, in the week before a reporting deadline of one of their pilot actions.

    The beat runs this daily; the outbox key (deadline, coordinator) makes every later run a no-op
    for reminders already sent, and a deadline added less than a week ahead is reminded the next run.
    """
    today = today or timezone.localdate()
    deadlines = ReportingDeadline.objects.due_within(REMINDER_DAYS_AHEAD, today=today).select_related("group")
    queued = 0
    with transaction.atomic():
        for deadline in deadlines:
            by_coordinator = {}
            for pilot_action in PilotAction.objects.owing_report(deadline).prefetch_related("coordinators"):
                for coordinator in pilot_action.coordinators.all():
                    if coordinator.is_active and coordinator.email:
                        by_coordinator.setdefault(coordinator, []).append(pilot_action)
            for coordinator, coordinated in by_coordinator.items():
                _, created = queue_email(
                    key=f"deadline-reminder:{deadline.pk}:{coordinator.pk}",
                    recipient=coordinator.email,
                    template="deadline_reminder",
                    context={"deadline": deadline, "coordinator": coordinator, "pilot_actions": coordinated},
                    language=user_language(coordinator),
                )
                queued += created
    return queued
