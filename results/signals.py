"""An output's file leaves nothing behind when the output goes or its file is replaced; publishing an output
announces it, once, to subscribers (through notifications' announcements: notifications never imports results)."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from notifications.announcements import claim_announcement, queue_announcements, subscribers_of
from results.models import Output


@receiver(pre_save, sender=Output)
def output_file_replaced(sender, instance, raw=False, **kwargs):
    if raw or not instance.pk:
        return
    stored = Output.objects.filter(pk=instance.pk).values_list("file", flat=True).first()
    if stored and stored != instance.file.name:
        storage = instance.file.storage
        transaction.on_commit(lambda: storage.delete(stored))


@receiver(post_delete, sender=Output)
def output_deleted(sender, instance, **kwargs):
    if instance.file:
        field_file = instance.file
        transaction.on_commit(lambda: field_file.delete(save=False))


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
