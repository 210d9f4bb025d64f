"""Publishing a progress report announces it, once, to the group's staff and to subscribers (outputs are announced
by the results app's own signals, with the same helpers)."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from notifications.announcements import claim_announcement, queue_announcements, subscribers_of
from projects.models import ProgressReport


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
