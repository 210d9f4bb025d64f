"""The three roles, with the least each needs.

- Programme staff: everything about the programme's content, selection, coordinators and emails
  in admin; they may see who users are (to pick them), not change accounts.
- Jury: see the calls and applications they are assigned to, score them, declare conflicts; no
  decision, no change to an application's text, nothing about other jurors' scores beyond what
  the admin's blind rules show.
- Coordinators: no admin permission at all (created by workspace.0002); they work in /workspace/.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

STAFF_APPS = ["projects", "borders", "webinars", "selection", "workspace", "notifications"]
STAFF_EXTRA = [("auth", "view_user"), ("auth", "view_group")]
JURY = [
    ("selection", "view_call"),
    ("selection", "view_criterion"),
    ("selection", "view_application"),
    ("selection", "add_evaluation"),
    ("selection", "change_evaluation"),
    ("selection", "view_evaluation"),
    ("selection", "add_score"),
    ("selection", "change_score"),
    ("selection", "view_score"),
    ("selection", "add_conflictofinterest"),
    ("selection", "view_conflictofinterest"),
]


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; these groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    staff, _ = Group.objects.get_or_create(name="Programme staff")
    staff.permissions.set(
        list(Permission.objects.filter(content_type__app_label__in=STAFF_APPS))
        + [Permission.objects.get(content_type__app_label=app, codename=code) for app, code in STAFF_EXTRA]
    )
    jury, _ = Group.objects.get_or_create(name="Jury")
    jury.permissions.set([Permission.objects.get(content_type__app_label=app, codename=code) for app, code in JURY])
    Group.objects.get_or_create(name="Coordinators")


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Programme staff", "Jury"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("selection", "0001_initial"),
        ("projects", "0006_pilot_action_call"),
        ("borders", "0002_content_translations"),
        ("webinars", "0002_content_translations"),
        ("workspace", "0002_coordinators_group"),
        ("notifications", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
