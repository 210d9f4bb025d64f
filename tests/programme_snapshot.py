"""The programme's rows, loaded once per test session and written back into each test that asks for them.

``load_programme`` takes seconds (country shapes simplified and wound, pilot actions placed on the map); some two
hundred tests start from it, on SQLite and on PostgreSQL. The session loads it once, the way a test would (in an
atomic block marked as a test case's, so what reacts to changes happens at once), notes every row that differs
from the migrated database, and rolls back. A test then gets the same rows by a few INSERTs.

The copy is only used where it gives what the command would: inside a test case's transaction, and with the
reactions that tests turn off (printable map, map cells, filter choices) off. Anywhere else the command runs.
``tests/test_programme_snapshot.py`` compares the two.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import QuerySet
from django.test.utils import override_settings

from core.pagecache import content_version

# What the autouse fixtures of tests/conftest.py turn off: with any of them on, the command's reactions matter.
REACTIONS_OFF = {
    "PRINTABLE_MAP_AUTO_REGENERATE": False,
    "MAP_CELLS_AUTO_BUILD": False,
    "PRECOMPUTE_FILTER_CHOICES": False,
}


@dataclass
class TableRows:
    model: type
    rows: list = field(default_factory=list)  # every row the load added or changed, as model instances
    replaced_pks: list = field(default_factory=list)  # rows that were there before and that it changed or deleted


def _rows(model):
    # A plain QuerySet: the models' own querysets may hide rows (public()) or react to reads.
    return {obj.pk: obj for obj in QuerySet(model=model).order_by()}


def _values(obj):
    return tuple(getattr(obj, f.attname) for f in obj._meta.concrete_fields)


def _models():
    return [
        model for model in apps.get_models(include_auto_created=True) if model._meta.managed and not model._meta.proxy
    ]


# The copied rows keep their ids: taken from here up, they never meet the rows a test makes before asking for them.
FIRST_ID = 1_000_000


def _start_ids_high(models):
    """Make every id the load hands out at least FIRST_ID (SQLite's counters roll back with the block;
    PostgreSQL's sequences stay there, which only makes later tests' ids larger)."""
    with connection.cursor() as cursor:
        for model in models:
            meta = model._meta
            if not meta.pk.get_internal_type().endswith("AutoField"):
                continue
            if connection.vendor == "sqlite":
                cursor.execute("DELETE FROM sqlite_sequence WHERE name = %s", [meta.db_table])
                cursor.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [meta.db_table, FIRST_ID])
            elif connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, %s), %s)",
                    [connection.ops.quote_name(meta.db_table), meta.pk.column, FIRST_ID],
                )
            else:
                raise NotImplementedError(connection.vendor)


def take():
    """Load the programme in a rolled-back test-case transaction and return what it wrote, table by table."""
    atomic = transaction.atomic()
    # As TestCase marks its own blocks: core.pagecache then moves the content version on at once, as in a test.
    atomic._from_testcase = True
    atomic.__enter__()
    try:
        before = {model: _rows(model) for model in _models()}
        _start_ids_high(before)
        with override_settings(**REACTIONS_OFF):
            call_command("load_programme", verbosity=0)
        tables = []
        for model, old in before.items():
            new = _rows(model)
            table = TableRows(model)
            for pk, obj in new.items():
                if pk not in old:
                    table.rows.append(obj)
                elif _values(obj) != _values(old[pk]):
                    table.rows.append(obj)
                    table.replaced_pks.append(pk)
            table.replaced_pks.extend(pk for pk in old if pk not in new)
            if table.rows or table.replaced_pks:
                tables.append(table)
        return tables
    finally:
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)
        # What the load cached belongs to rows that are gone; the test asking for them starts from an empty cache.
        cache.clear()


def usable():
    """Whether writing the rows back gives what the command would: in a test case's transaction, reactions off."""
    blocks = connection.atomic_blocks
    in_test_case = bool(blocks) and getattr(blocks[0], "_from_testcase", False)
    return in_test_case and all(getattr(settings, name) == value for name, value in REACTIONS_OFF.items())


def restore(tables):
    """Write the rows back with plain INSERTs: no signal, no save(), the stored values as they were."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in tables:
            meta = table.model._meta
            if table.replaced_pks:
                marks = ", ".join(["%s"] * len(table.replaced_pks))
                cursor.execute(
                    f"DELETE FROM {quote(meta.db_table)} WHERE {quote(meta.pk.column)} IN ({marks})",  # noqa: S608 our names
                    [meta.pk.get_db_prep_value(pk, connection) for pk in table.replaced_pks],
                )
            if not table.rows:
                continue
            fields = meta.concrete_fields
            columns = ", ".join(quote(f.column) for f in fields)
            marks = ", ".join(["%s"] * len(fields))
            cursor.executemany(
                f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({marks})",  # noqa: S608 our names
                [[f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields] for obj in table.rows],
            )
    # The command leaves the content version it moved to in the cache; a page asked for next does not read it.
    content_version()
