"""Publishing a progress report announces it, once, to the group's staff and to subscribers; publishing an output
announces it, once, to subscribers."""

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

from notifications.models import Notification, Subscription
from projects.models import ProgressReport
from results.models import Output


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
        _, created = Notification.objects.queue(
            key=f"{key}:{email}",
            recipient=email,
            template=template if subscription else staff_template,
            context={**context, "subscription": subscription},
            headers=unsubscribe_headers(subscription, settings.SITE_URL) if subscription else None,
        )
        queued += created
    return queued


def subscribers_of(pilot_action, recipients=None):
    """``recipients`` with the confirmed subscribers of ``pilot_action`` or of every pilot action, by address."""
    recipients = {} if recipients is None else recipients
    for subscription in Subscription.objects.for_pilot_action(pilot_action.pk):
        recipients.setdefault(subscription.email.lower(), subscription)
    return recipients


def announce_report(report):
    """Queue the publication emails of ``report`` unless that was done already; returns how many were queued."""
    with transaction.atomic():
        if not claim_announcement(report):
            return 0
        pilot_action = report.pilot_action
        staff = {}  # the group's staff: one email each, like subscribers, and a subscriber gets one email only
        if pilot_action.group_id:
            for person in pilot_action.group.staff_contacts.filter(is_active=True).exclude(email=""):
                staff.setdefault(person.email.lower(), None)
        return queue_announcements(
            f"report-published:{report.pk}",
            subscribers_of(pilot_action, staff),
            "report_published",
            {"report": report, "pilot_action": pilot_action},
            staff_template="report_published_staff",
        )


@receiver(post_save, sender=ProgressReport)
def report_saved(sender, instance, raw=False, **kwargs):
    if raw or not instance.is_published or instance.announced_at is not None:
        return
    if not instance.pilot_action.is_public:
        return
    announce_report(instance)


def announce_output(output):
    """Queue the publication emails of ``output`` to subscribers unless that was done already; how many."""
    with transaction.atomic():
        if not claim_announcement(output):
            return 0
        pilot_action = output.pilot_action
        return queue_announcements(
            f"output-published:{output.pk}",
            subscribers_of(pilot_action),
            "output_published",
            {"output": output, "pilot_action": pilot_action},
        )


@receiver(post_save, sender=Output)
def output_saved(sender, instance, raw=False, **kwargs):
    if raw or not instance.is_published or instance.announced_at is not None:
        return
    if not instance.pilot_action.is_public:
        return
    announce_output(instance)
