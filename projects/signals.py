"""Keep what is derived from the public content in step with it: the content version (every cached page,
fragment and map) and the printable map."""

from django.conf import settings
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from borders.models import Border
from core.pagecache import public_content_changed
from projects.models import PilotAction, ReportDocument, ReportPhoto, ThematicGroup

MAP_SOURCES = (PilotAction, ThematicGroup, Border)


def schedule_printable_map():
    """Regenerate the printable map once the transaction commits, once however many rows it changed."""
    if not getattr(settings, "PRINTABLE_MAP_AUTO_REGENERATE", True):
        return
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(
        callback is _enqueue_printable_map for _, callback, *_ in connection.run_on_commit
    ):
        return
    transaction.on_commit(_enqueue_printable_map)


def _enqueue_printable_map():
    from projects.tasks import regenerate_printable_map

    regenerate_printable_map.delay()


# Whatever a public page shows lives in these apps: a change to any of their rows moves the content version on.
# Their models' querysets (core.pagecache.PublicContentQuerySet) do the same for bulk changes, which send no signal.
PUBLIC_CONTENT_APPS = {"projects", "borders", "webinars", "results", "programme"}


def is_public_content(model):
    """Rows a public page shows: those of the public apps, but not their history (django-simple-history's tables)
    nor what is derived from the content (a model that says ``public_content = False``), whose rebuilding after a
    change would otherwise count as another change."""
    return (
        model._meta.app_label in PUBLIC_CONTENT_APPS
        and getattr(model, "public_content", True)
        and not model.__name__.startswith("Historical")
    )


@receiver(post_save)
@receiver(post_delete)
def public_row_changed(sender, **kwargs):
    if is_public_content(sender):
        public_content_changed()
    if sender in MAP_SOURCES:
        schedule_printable_map()


@receiver(m2m_changed)
def public_relations_changed(sender, action, **kwargs):
    if action.startswith("post_") and is_public_content(sender):
        public_content_changed()


@receiver(m2m_changed, sender=PilotAction.themes.through)
@receiver(m2m_changed, sender=PilotAction.borders.through)
@receiver(m2m_changed, sender=PilotAction.countries.through)
def map_relations_changed(sender, action, **kwargs):
    if action.startswith("post_"):
        schedule_printable_map()


@receiver(post_save, sender=ReportPhoto)
def photo_saved(sender, instance, raw=False, **kwargs):
    """Thumbnails are made by a task, after the commit, and only when the image itself is new."""
    if raw or not instance.image or instance.is_ready:
        return
    from projects.tasks import make_photo_versions

    photo_id = instance.pk
    transaction.on_commit(lambda: make_photo_versions.delay(photo_id))


@receiver(post_delete, sender=ReportPhoto)
@receiver(post_delete, sender=ReportDocument)
def attachment_deleted(sender, instance, **kwargs):
    """A removed photo or document leaves no file behind, once the deletion has committed."""
    files = [
        field_file
        for field_file in (getattr(instance, name, None) for name in ("image", "thumbnail", "web_image", "file"))
        if field_file
    ]
    transaction.on_commit(lambda: [field_file.delete(save=False) for field_file in files])
