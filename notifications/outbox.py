"""The outbox: how the portal stores, renders and sends an email.

An email is rendered in its reader's language (the one they subscribed, were invited or asked in), written to the
database (``Notification``) under a key that names its reason, and handed to Celery once the transaction commits;
the task sends it at most once. Apps that write emails call ``queue_email``; nothing else sends mail. The models
know nothing of Celery, and the tasks that write emails (``notifications.tasks``, ``workspace.tasks``) build on this
module, never the reverse.
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


def email_language(language):
    """``language`` if the interface has it (a subscription's, an invitation's), else the site's default."""
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


# Where the language of an account's emails is found (an app above this one registers its source: workspace, the
# language a coordinator was invited in), so that this module imports no app above it.
_user_language_sources = []


def register_user_language(source):
    """``source(user)`` returns the language ``user``'s emails are to be written in, or None where it does not know."""
    _user_language_sources.append(source)


def user_language(user):
    """The language of ``user``'s emails: the first registered source that knows it, else the site's default."""
    for source in _user_language_sources:
        language = source(user)
        if language:
            return email_language(language)
    return settings.LANGUAGE_CODE


def queue_email(key, recipient, template, context, headers=None, language=None):
    """Store the email named ``key`` unless it already is, and send it once the transaction commits.

    ``template`` names ``notifications/email/<template>.txt`` and ``<template>_subject.txt``; they are rendered in
    ``language`` (the reader's: a subscription's or an invitation's; the site's default where None), its links
    under that language's prefix, and the email says so in ``Content-Language``.
    Returns the stored email and whether this call created it.
    """
    language = email_language(language)
    with translation.override(language):
        context = {"site_url": settings.SITE_URL, **context}
        subject = render_to_string(f"notifications/email/{template}_subject.txt", context)
        body = render_to_string(f"notifications/email/{template}.txt", context)
    headers = {"Content-Language": language, **(headers or {})}
    notification, created = Notification.objects.get_or_create(
        key=key[:255],
        defaults={
            "recipient": recipient,
            "subject": " ".join(subject.split())[:300],
            "body": body,
            "headers": headers,
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
