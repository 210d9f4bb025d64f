from django.db import migrations


def create_group(apps, schema_editor):
    # Coordinators work in /workspace/, never in admin: the group carries no model permission.
    apps.get_model("auth", "Group").objects.get_or_create(name="Coordinators")


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Coordinators").delete()


class Migration(migrations.Migration):
    dependencies = [("workspace", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(create_group, remove_group)]
