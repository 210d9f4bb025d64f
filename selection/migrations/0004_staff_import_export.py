"""Import and export have permissions of their own (settings' IMPORT_EXPORT_*_PERMISSION_CODE); programme
staff get them, jurors do not. The history models' view permissions, which the audit trail's pages now
require, programme staff have had since 0002 (every permission of the selection and projects apps)."""

from django.db import migrations

from core.staff_permissions import grant_to_programme_staff, revoke_from_programme_staff

CODENAMES = ["import_application", "export_application", "export_score", "export_decision"]


def grant(apps, schema_editor):
    grant_to_programme_staff(apps, "selection", CODENAMES)


def revoke(apps, schema_editor):
    revoke_from_programme_staff(apps, "selection", CODENAMES)


class Migration(migrations.Migration):
    dependencies = [("selection", "0003_import_export_permissions")]

    operations = [migrations.RunPython(grant, revoke)]
