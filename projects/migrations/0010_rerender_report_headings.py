"""Re-render every progress report's stored HTML so that its body's headings sit below the report's title
(``#`` is ``<h4>``); reports saved from now on are rendered so by ``ProgressReport.save``."""

from django.db import migrations

from core.text import REPORT_BODY, render_markdown


def rerender(apps, schema_editor):
    ProgressReport = apps.get_model("projects", "ProgressReport")
    reports = list(ProgressReport.objects.only("pk", "body", "body_html"))
    for report in reports:
        report.body_html = render_markdown(report.body, top_level=REPORT_BODY)
    ProgressReport.objects.bulk_update(reports, ["body_html"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("projects", "0009_probable_confidence")]

    operations = [migrations.RunPython(rerender, migrations.RunPython.noop)]
