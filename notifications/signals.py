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


def announce_report(report):
    """Queue the publication emails of ``report`` unless that was done already; returns how many were queued."""
    with transaction.atomic():
        claimed = ProgressReport.objects.filter(pk=report.pk, announced_at__isnull=True).update(
            announced_at=timezone.now()
        )
        if not claimed:
            return 0
        pilot_action = report.pilot_action
        recipients = {}  # address → its subscription, or None for the group's staff (one email each, either way)
        if pilot_action.group_id:
            for person in pilot_action.group.staff_contacts.filter(is_active=True).exclude(email=""):
                recipients.setdefault(person.email.lower(), None)
        for subscription in Subscription.objects.for_report(report):
            recipients.setdefault(subscription.email.lower(), subscription)
        queued = 0
        for email, subscription in sorted(recipients.items()):
            _, created = Notification.objects.queue(
                key=f"report-published:{report.pk}:{email}",
                recipient=email,
                template="report_published" if subscription else "report_published_staff",
                context={"report": report, "pilot_action": pilot_action, "subscription": subscription},
                headers=unsubscribe_headers(subscription, settings.SITE_URL) if subscription else None,
            )
            queued += created
        return queued


@receiver(post_save, sender=ProgressReport)
def report_saved(sender, instance, raw=False, **kwargs):
    if raw or not instance.is_published or instance.announced_at is not None:
        return
    if not instance.pilot_action.is_public:
        return
    announce_report(instance)


def announce_output(output):
    """Queue the publication emails of ``output`` unless that was done already; returns how many were queued.

    Claiming ``announced_at`` in one UPDATE makes it once: a second save, or a concurrent one, finds it claimed.
    """
    with transaction.atomic():
        now = timezone.now()
        claimed = Output.objects.filter(pk=output.pk, announced_at__isnull=True).update(announced_at=now)
        # The instance learns it too, or its next save would write the empty announced_at back.
        if not claimed:
            output.announced_at = Output.objects.filter(pk=output.pk).values_list("announced_at", flat=True).first()
            return 0
        output.announced_at = now
        pilot_action = output.pilot_action
        recipients = {}  # one email per address, whether subscribed to this pilot action, to all, or both
        for subscription in Subscription.objects.for_pilot_action(output.pilot_action_id):
            recipients.setdefault(subscription.email.lower(), subscription)
        queued = 0
        for email, subscription in sorted(recipients.items()):
            _, created = Notification.objects.queue(
                key=f"output-published:{output.pk}:{email}",
                recipient=email,
                template="output_published",
                context={"output": output, "pilot_action": pilot_action, "subscription": subscription},
                headers=unsubscribe_headers(subscription, settings.SITE_URL),
            )
            queued += created
        return queued


@receiver(post_save, sender=Output)
def output_saved(sender, instance, raw=False, **kwargs):
    if raw or not instance.is_published or instance.announced_at is not None:
        return
    if not instance.pilot_action.is_public:
        return
    announce_output(instance)
