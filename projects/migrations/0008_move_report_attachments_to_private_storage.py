"""Move report photos and documents stored under public media into the private storage.

Originals left MEDIA_ROOT (served by the web server) with their camera metadata; the versions, named after the
original until now, get independent random names; a file whose extension was not its type is renamed by its
type. Public copies are deleted only after the rows pointing at the private ones are committed.
"""

from django.db import migrations

from projects.attachments import move_to_private_storage, move_to_public_storage


def forwards(apps, schema_editor):
    move_to_private_storage(apps.get_model("projects", "ReportPhoto"), apps.get_model("projects", "ReportDocument"))


def backwards(apps, schema_editor):
    move_to_public_storage(apps.get_model("projects", "ReportPhoto"), apps.get_model("projects", "ReportDocument"))


class Migration(migrations.Migration):
    dependencies = [("projects", "0007_private_report_attachments")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
