"""Keep what is derived from the pilot actions in step with them."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from borders.models import Border
from projects.geojson import forget_map_data_version
from projects.models import PilotAction, ThematicGroup

MAP_SOURCES = (PilotAction, ThematicGroup, Border)


@receiver(post_save)
@receiver(post_delete)
def map_data_changed(sender, **kwargs):
    """A pilot action, group or border changed: maps and their ETags must not serve the old state."""
    if sender in MAP_SOURCES:
        forget_map_data_version()


@receiver(m2m_changed, sender=PilotAction.themes.through)
@receiver(m2m_changed, sender=PilotAction.borders.through)
def map_relations_changed(sender, action, **kwargs):
    if action.startswith("post_"):
        forget_map_data_version()
