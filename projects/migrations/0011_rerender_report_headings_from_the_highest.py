"""Re-render every progress report's stored HTML now that its body's highest heading, ``#`` or ``##``, is the
``<h4>`` below the report's ``<h3>`` title (a body starting at ``##`` skipped ``<h4>`` before)."""

import importlib

from django.db import migrations

rerender = importlib.import_module("projects.migrations.0010_rerender_report_headings").rerender


class Migration(migrations.Migration):
    dependencies = [("projects", "0010_rerender_report_headings")]

    operations = [migrations.RunPython(rerender, migrations.RunPython.noop)]
