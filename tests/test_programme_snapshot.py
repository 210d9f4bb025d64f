"""The ``programme`` fixture writes back rows taken once per session (tests/programme_snapshot.py): they must be
what ``load_programme`` itself writes, or two hundred tests would test something else than `make run` serves."""

from django.core.management import call_command
from django.db import models, transaction

from tests import programme_snapshot


def table_contents():
    """Each table's rows, without ids (the copy keeps its own, which history rows repeat as "id") or times (each
    load stamps its own)."""
    contents = {}
    for model in programme_snapshot._models():
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if not (f.primary_key or f.is_relation or f.attname == "id" or isinstance(f, models.DateTimeField))
        ]
        rows = programme_snapshot._rows(model).values()
        contents[model._meta.label] = sorted(repr([getattr(obj, name) for name in fields]) for obj in rows)
    return contents


def test_the_copied_rows_are_what_the_command_writes(programme_rows, db):
    assert programme_snapshot.usable()
    with transaction.atomic():
        call_command("load_programme", verbosity=0)
        loaded = table_contents()
        transaction.set_rollback(True)
    programme_snapshot.restore(programme_rows)
    restored = table_contents()

    assert loaded["projects.PilotAction"] and loaded["borders.Country"]
    assert restored == loaded
