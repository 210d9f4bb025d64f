"""Announcing a publication (a progress report, an output) by email, once, to the subscribers of its pilot action
(or of every pilot action) and to whom else the publishing app names. The apps that publish call these from their
own signals (``notifications.signals`` for reports, ``results.signals`` for outputs)."""

from django.conf import settings
from django.utils import timezone

from notifications.models import Subscription
from notifications.outbox import queue_email


def unsubscribe_headers(subscription, site_url):
    """RFC 8058 one-click unsubscribe: mail clients show a button that POSTs to this address."""
    return {
        "List-Unsubscribe": f"<{site_url}{subscription.unsubscribe_url()}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def claim_announcement(publication):
    """Mark ``publication`` (a report or an output) announced, once: True only for the save that claims it.

    One UPDATE claims it, so a second save, or a concurrent one, finds it claimed. The instance learns the stored
    time too, or its next save would write the empty ``announced_at`` back and let it be claimed again.
    """
    now = timezone.now()
    model = type(publication)
    claimed = model.objects.filter(pk=publication.pk, announced_at__isnull=True).update(announced_at=now)
    publication.announced_at = (
        now if claimed else model.objects.filter(pk=publication.pk).values_list("announced_at", flat=True).first()
    )
    return bool(claimed)


def queue_announcements(key, recipients, template, context, staff_template=None):
    """One email per address of ``recipients`` ({address: its subscription, or None for staff}); how many were
    queued. Subscribers get the one-click unsubscribe headers; staff get ``staff_template``."""
    queued = 0
    for email, subscription in sorted(recipients.items()):
        _, created = queue_email(
            key=f"{key}:{email}",
            recipient=email,
            template=template if subscription else staff_template,
            context={**context, "subscription": subscription},
            headers=unsubscribe_headers(subscription, settings.SITE_URL) if subscription else None,
            # subscribers read it in the language they subscribed in; staff in the site's default
            language=subscription.language if subscription else None,
        )
        queued += created
    return queued


def subscribers_of(pilot_action, recipients=None):
    """``recipients`` with the confirmed subscribers of ``pilot_action`` or of every pilot action, by address."""
    recipients = {} if recipients is None else recipients
    for subscription in Subscription.objects.for_pilot_action(pilot_action.pk):
        recipients.setdefault(subscription.email.lower(), subscription)
    return recipients
