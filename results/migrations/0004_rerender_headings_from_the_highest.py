"""Re-render outputs' and results' stored HTML now that a text's highest heading, whatever its ``#`` count, is
the level below the heading of the page's part it is shown in (a text starting at ``##`` skipped a level before)."""

import importlib

from django.db import migrations

rerender = importlib.import_module("results.migrations.0003_rerender_headings").rerender


class Migration(migrations.Migration):
    dependencies = [("results", "0003_rerender_headings")]

    operations = [migrations.RunPython(rerender, migrations.RunPython.noop)]
