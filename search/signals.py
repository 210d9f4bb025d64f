"""The index follows every save and delete of what it reads (``registry.WATCHED``), and is rebuilt after migrate.

Nothing in the content apps imports this app: it listens to their models' signals. Changes are gathered per
transaction and indexed once it commits (at once outside a transaction): loading the programme, or an admin
form with its inlines, costs one reindex, and a save costs no query until then. A bulk ``update()`` sends no
signal; the periodic task ``search.tasks.rebuild_search_index`` (CELERY_BEAT_SCHEDULE) mends the index after one.
"""

import logging

from django.apps import apps as global_apps
from django.db import DatabaseError, connections, transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save, pre_delete
from django.dispatch import receiver

from core.pagecache import public_content_changed
from search import indexing
from search.models import SearchEntry
from search.registry import WATCHED

logger = logging.getLogger(__name__)
STASH = "_search_dependents"
# Tests of the index itself turn this off to see each change at once inside their test transaction.
AT_COMMIT = True


def watched(model):
    """A model the index reads, and not a migration's historical copy of it (data migrations save those, maybe
    before the index's table exists; the rebuild after migrate indexes what they wrote)."""
    return model._meta.label in WATCHED and model._meta.apps is global_apps


def dependents(instance):
    watch = WATCHED.get(instance._meta.label)
    return watch(instance) if watch else {}


def merge(into, change):
    for key, pks in change.items():
        into.setdefault(key, set()).update(pks)
    return into


def flush():
    """Index what the committed transaction changed: each changed object's dependents, read now."""
    connection = transaction.get_connection()
    objects, changes = connection.__dict__.pop("_search_pending", (set(), {}))
    for label, pk in objects:
        instance = global_apps.get_model(label)._base_manager.filter(pk=pk).first()
        if instance is not None:
            merge(changes, dependents(instance))
    if changes:
        indexing.reindex(changes)
        # The search page is cached per content version, which the change itself moved on at the same commit,
        # possibly before this ran: moved on again now the index holds the change, no search page stored meanwhile
        # outlives it.
        public_content_changed()


def schedule(objects=(), changes=None):
    """Index again ``objects`` (model instances, their dependents read at commit) and ``changes`` (entries)."""
    connection = transaction.get_connection()
    if not (AT_COMMIT and connection.in_atomic_block):
        pending = ({(obj._meta.label, obj.pk) for obj in objects}, changes or {})
        connection.__dict__["_search_pending"] = pending
        flush()
        return
    already_flushed = "_search_pending" not in connection.__dict__
    if already_flushed or not any(callback is flush for _, callback, *_ in connection.run_on_commit):
        # A new transaction, the one that had the callback rolled back, or one whose callbacks already ran
        # without leaving it (a test's captureOnCommitCallbacks executes them in place): start afresh.
        connection.__dict__["_search_pending"] = (set(), {})
        transaction.on_commit(flush)
    pending_objects, pending_changes = connection.__dict__["_search_pending"]
    pending_objects.update((obj._meta.label, obj.pk) for obj in objects)
    merge(pending_changes, changes or {})


@receiver(post_save)
def content_saved(sender, instance, raw=False, **kwargs):
    if not raw and watched(sender):
        schedule([instance])


@receiver(pre_delete)
def content_deleting(sender, instance, **kwargs):
    """What follows the object must be read before its relations go with it."""
    if watched(sender):
        setattr(instance, STASH, dependents(instance))


@receiver(post_delete)
def content_deleted(sender, instance, **kwargs):
    if watched(sender):
        schedule(changes=getattr(instance, STASH, None) or dependents(instance))


@receiver(m2m_changed)
def relations_changed(sender, instance, action, model, pk_set, **kwargs):
    """A pilot action's themes, borders or countries (from either side), a border's countries."""
    if not watched(type(instance)):
        return
    if action == "pre_clear":  # which related objects lose the relation is known only now
        setattr(instance, STASH, dependents(instance))
    elif action.startswith("post_"):
        related = [model(pk=pk) for pk in pk_set or ()] if watched(model) else []
        cleared = instance.__dict__.pop(STASH, None) if action == "post_clear" else None
        schedule([instance, *related], changes=cleared)


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
