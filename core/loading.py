"""Shared pieces of the programme data loaders.

Loaders are idempotent and never overwrite what staff typed: a row is created
when missing, and on an existing row only empty fields are filled in.
"""

import json
from pathlib import Path


def read_json(path: Path):
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def upsert(model, lookup, values):
    """Create the row, or fill the empty fields of the existing one. Returns (row, created)."""
    row = model.objects.filter(**lookup).first()
    if row is None:
        return model.objects.create(**lookup, **values), True
    missing = {
        field: value
        for field, value in values.items()
        if value not in (None, "", [], {}) and getattr(row, field) in (None, "", [], {})
    }
    if missing:
        for field, value in missing.items():
            setattr(row, field, value)
        row.save()
    return row, False
