"""Re-render outputs' and results' stored HTML so that their headings sit below the heading of the page's part
they are shown in; those saved from now on are rendered so by their ``save``."""

from django.db import migrations

from core.text import RESULTS_TEXT, SECTION_TEXT, render_markdown


def rerender(apps, schema_editor):
    Output = apps.get_model("results", "Output")
    outputs = list(Output.objects.only("pk", "reuse", "reuse_html"))
    for output in outputs:
        output.reuse_html = render_markdown(output.reuse, top_level=SECTION_TEXT)
    Output.objects.bulk_update(outputs, ["reuse_html"], batch_size=500)
    Results = apps.get_model("results", "Results")
    rows = list(Results.objects.only("pk", "achievements", "achievements_html", "reuse", "reuse_html"))
    for results in rows:
        results.achievements_html = render_markdown(results.achievements, top_level=RESULTS_TEXT)
        results.reuse_html = render_markdown(results.reuse, top_level=RESULTS_TEXT)
    Results.objects.bulk_update(rows, ["achievements_html", "reuse_html"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("results", "0002_seed_kinds_obstacles_languages")]

    operations = [migrations.RunPython(rerender, migrations.RunPython.noop)]
