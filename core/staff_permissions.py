"""Programme staff's permissions on an app's models, granted and revoked by that app's data migrations.

Only the migration's historical ``apps`` are used, so the functions behave the same whenever a migration runs.
"""

from django.contrib.auth.management import create_permissions

STAFF_GROUP = "Programme staff"


def _permissions(apps, app_label, codenames):
    permissions = apps.get_model("auth", "Permission").objects.filter(content_type__app_label=app_label)
    return permissions.filter(codename__in=codenames) if codenames is not None else permissions


def grant_to_programme_staff(apps, app_label, codenames=None):
    """Give the group every permission of ``app_label`` (or only ``codenames``), creating the group if need be."""
    # Permissions are normally created after all migrations; the group needs them now.
    app_config = apps.get_app_config(app_label)
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    staff, _ = apps.get_model("auth", "Group").objects.get_or_create(name=STAFF_GROUP)
    staff.permissions.add(*_permissions(apps, app_label, codenames))


def revoke_from_programme_staff(apps, app_label, codenames=None):
    for group in apps.get_model("auth", "Group").objects.filter(name=STAFF_GROUP):
        group.permissions.remove(*_permissions(apps, app_label, codenames))
