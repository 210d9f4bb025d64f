"""Import and export have permissions of their own (settings' IMPORT_EXPORT_*_PERMISSION_CODE); programme
staff get them, jurors do not. The history models' view permissions, which the audit trail's pages now
require, programme staff have had since 0002 (every permission of the selection and projects apps)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = ["import_application", "export_application", "export_score", "export_decision"]


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; the group needs them now.
    app_config = apps.get_app_config("selection")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    staff, _ = Group.objects.get_or_create(name="Programme staff")
    staff.permissions.add(*Permission.objects.filter(content_type__app_label="selection", codename__in=CODENAMES))


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name="Programme staff"):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="selection", codename__in=CODENAMES))


class Migration(migrations.Migration):
    dependencies = [("selection", "0003_import_export_permissions")]

    operations = [migrations.RunPython(grant, revoke)]
