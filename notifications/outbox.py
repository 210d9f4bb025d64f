"""The outbox: how the portal stores, renders and sends an email.

An email is rendered in the site's default language, written to the database (``Notification``) under a key that
names its reason, and handed to Celery once the transaction commits; the task sends it at most once. Apps that
write emails call ``queue_email``; nothing else sends mail. The models know nothing of Celery, and the tasks that
write emails (``notifications.tasks``, ``workspace.tasks``) build on this module, never the reverse.
"""

import logging
from datetime import timedelta
from functools import partial
from smtplib import SMTPException

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation

from notifications.models import Notification

logger = logging.getLogger(__name__)


def queue_email(key, recipient, template, context, headers=None):
    """Store the email named ``key`` unless it already is, and send it once the transaction commits.

    ``template`` names ``notifications/email/<template>.txt`` and ``<template>_subject.txt``;
    emails are written in the site's default language, since recipients have no language setting.
    Returns the stored email and whether this call created it.
    """
    with translation.override(settings.LANGUAGE_CODE):
        context = {"site_url": settings.SITE_URL, **context}
        subject = render_to_string(f"notifications/email/{template}_subject.txt", context)
        body = render_to_string(f"notifications/email/{template}.txt", context)
    notification, created = Notification.objects.get_or_create(
        key=key[:255],
        defaults={
            "recipient": recipient,
            "subject": " ".join(subject.split())[:300],
            "body": body,
            "headers": headers or {},
        },
    )
    if created:
        transaction.on_commit(partial(enqueue_delivery, notification.pk))
    return notification, created


def enqueue_delivery(notification_id):
    """Hand the email to Celery; if the broker is down it stays pending for the periodic drain."""
    try:
        deliver_notification.delay(notification_id)
    except Exception:
        logger.warning("Email %s stays in the outbox: the task could not be queued", notification_id, exc_info=True)


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
def deliver_pending_notifications(older_than_seconds=60):
    """The outbox's safety net: queue again what is still unsent after a minute (broker down, worker lost)."""
    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    pending_ids = list(Notification.objects.pending().filter(created_at__lte=cutoff).values_list("pk", flat=True))
    for notification_id in pending_ids:
        enqueue_delivery(notification_id)
    return len(pending_ids)
