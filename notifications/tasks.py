import logging
from datetime import timedelta
from smtplib import SMTPException

from celery import shared_task
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from kombu.exceptions import OperationalError

from notifications.models import Notification, enqueue_delivery
from projects.models import PilotAction, ReportingDeadline

logger = logging.getLogger(__name__)

REMINDER_DAYS_AHEAD = 7


@shared_task(
    autoretry_for=(SMTPException, OSError),
    retry_backoff=30,
    retry_backoff_max=3600,
    retry_jitter=True,
    max_retries=8,
)
def deliver_notification(notification_id):
    """Send one stored email. The row lock and ``sent_at`` make a retried or repeated task send nothing twice."""
    failure = None
    with transaction.atomic():
        notification = Notification.objects.select_for_update().filter(pk=notification_id).first()
        if notification is None or notification.sent_at is not None:
            return "nothing to send"
        try:
            EmailMessage(
                subject=notification.subject,
                body=notification.body,
                to=[notification.recipient],
                headers=notification.headers,
            ).send()
        except Exception as error:
            failure = error
        else:
            notification.sent_at = timezone.now()
            notification.attempts += 1
            notification.last_error = ""
            notification.save(update_fields=["sent_at", "attempts", "last_error"])
    if failure is not None:
        Notification.objects.filter(pk=notification_id).update(
            attempts=F("attempts") + 1, last_error=f"{type(failure).__name__}: {failure}"[:2000]
        )
        raise failure
    return "sent"


@shared_task
def send_password_reset(email):
    """Look up the accounts of ``email`` and write their reset emails to the outbox.

    A task rather than the request's work, so the reset page does the same (no lookup at all) and answers
    in the same time whether or not an account has this address.
    """
    from workspace.forms import OutboxPasswordResetForm  # workspace builds on notifications, not the reverse

    form = OutboxPasswordResetForm({"email": email})
    if form.is_valid():
        form.queue_emails()


def queue_password_reset(email):
    """Hand the reset to Celery; with the broker down it is lost and logged (the person can ask again)."""
    try:
        send_password_reset.delay(email)
    except OperationalError:
        logger.warning("A password reset could not be queued: the broker is unreachable", exc_info=True)


@shared_task
def deliver_pending_notifications(older_than_seconds=60):
    """The outbox's safety net: queue again what is still unsent after a minute (broker down, worker lost)."""
    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    pending_ids = list(Notification.objects.pending().filter(created_at__lte=cutoff).values_list("pk", flat=True))
    for notification_id in pending_ids:
        enqueue_delivery(notification_id)
    return len(pending_ids)


@shared_task
def send_deadline_reminders(today=None):
    """Remind each coordinator once, in the week before a reporting deadline of one of their pilot actions.

    The beat runs this daily; the outbox key (deadline, coordinator) makes every later run a no-op
    for reminders already sent, and a deadline added less than a week ahead is reminded the next run.
    """
    today = today or timezone.localdate()
    deadlines = ReportingDeadline.objects.filter(
        due_date__gte=today, due_date__lte=today + timedelta(days=REMINDER_DAYS_AHEAD)
    ).select_related("group")
    queued = 0
    with transaction.atomic():
        for deadline in deadlines:
            pilot_actions = PilotAction.objects.filter(status=PilotAction.Status.SELECTED).prefetch_related(
                "coordinators"
            )
            if deadline.group_id:
                pilot_actions = pilot_actions.filter(group_id=deadline.group_id)
            by_coordinator = {}
            for pilot_action in pilot_actions:
                for coordinator in pilot_action.coordinators.all():
                    if coordinator.is_active and coordinator.email:
                        by_coordinator.setdefault(coordinator, []).append(pilot_action)
            for coordinator, coordinated in by_coordinator.items():
                _, created = Notification.objects.queue(
                    key=f"deadline-reminder:{deadline.pk}:{coordinator.pk}",
                    recipient=coordinator.email,
                    template="deadline_reminder",
                    context={"deadline": deadline, "coordinator": coordinator, "pilot_actions": coordinated},
                )
                queued += created
    return queued
