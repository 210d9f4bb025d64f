"""The index follows every save and delete of what it reads (``registry.WATCHED``), and is rebuilt after migrate.

Nothing in the content apps imports this app: it listens to their models' signals. A bulk ``update()`` sends no
signal; the periodic task ``search.tasks.rebuild_search_index`` (CELERY_BEAT_SCHEDULE) mends the index after one.
"""

import logging

from django.apps import apps as global_apps
from django.db import DatabaseError, connections, transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save, pre_delete
from django.dispatch import receiver

from search import indexing
from search.models import SearchEntry
from search.registry import WATCHED

logger = logging.getLogger(__name__)
STASH = "_search_dependents"


def watched(model):
    """A model the index reads, and not a migration's historical copy of it (data migrations save those, maybe
    before the index's table exists; the rebuild after migrate indexes what they wrote)."""
    return model._meta.label in WATCHED and model._meta.apps is global_apps


def dependents(instance):
    watch = WATCHED.get(instance._meta.label)
    return watch(instance) if watch else {}


def merged(*changes):
    union = {}
    for change in changes:
        for key, pks in change.items():
            union.setdefault(key, set()).update(pks)
    return union


@receiver(post_save)
def content_saved(sender, instance, raw=False, **kwargs):
    if raw or not watched(sender):
        return
    indexing.reindex(dependents(instance))


@receiver(pre_delete)
def content_deleting(sender, instance, **kwargs):
    """What follows the object must be known before its relations go with it."""
    if watched(sender):
        setattr(instance, STASH, dependents(instance))


@receiver(post_delete)
def content_deleted(sender, instance, **kwargs):
    if watched(sender):
        indexing.reindex(getattr(instance, STASH, None) or dependents(instance))


@receiver(m2m_changed)
def relations_changed(sender, instance, action, model, pk_set, **kwargs):
    """A pilot action's themes, borders or countries (from either side), a border's countries."""
    if not watched(type(instance)):
        return
    if action in ("pre_remove", "pre_clear"):
        setattr(instance, STASH, dependents(instance))
        return
    if not action.startswith("post_"):
        return
    changes = [dependents(instance), getattr(instance, STASH, {})]
    if pk_set and watched(model):
        changes.extend(dependents(related) for related in model._base_manager.filter(pk__in=pk_set))
    indexing.reindex(merged(*changes))


@receiver(post_migrate)
def rebuild_after_migrate(sender, using="default", **kwargs):
    """``make run`` (migrate, then load_programme) and every deployment leave a full, current index."""
    if sender.name != "search" or SearchEntry._meta.db_table not in connections[using].introspection.table_names():
        return
    try:
        with transaction.atomic():
            indexing.rebuild()
    except DatabaseError as error:  # a partial migrate (to an older state): the periodic task will rebuild
        logger.warning("The search index was not rebuilt after migrate: %s", error)
