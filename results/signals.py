"""An output's file leaves nothing behind when the output goes or its file is replaced."""

from django.db import transaction
from django.db.models.signals import post_delete, pre_save
from django.dispatch import receiver

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
