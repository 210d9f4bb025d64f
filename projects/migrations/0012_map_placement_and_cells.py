"""Each pilot action's map placement in columns of its own (its place, or else its first border's label point),
filled here for the rows there are, and the tables of the map's precomputed cells (``projects.mapcells``)."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Q
from django.db.models.functions import Cast


def place_on_map(apps, schema_editor):
    """``PilotActionQuerySet.placement``, written out on the historical models (a migration cannot call it)."""
    PilotAction = apps.get_model("projects", "PilotAction")
    Border = apps.get_model("borders", "Border")
    own_place = Q(latitude__isnull=False, longitude__isnull=False)
    border = Border.objects.filter(
        pilot_actions=models.OuterRef("pk"), label_latitude__isnull=False, label_longitude__isnull=False
    ).order_by("pk")

    def own_or_border(own, label):
        return models.Case(
            models.When(own_place, then=Cast(own, models.FloatField())),
            default=models.Subquery(border.values(label)[:1]),
            output_field=models.FloatField(),
        )

    PilotAction.objects.update(
        map_latitude=own_or_border("latitude", "label_latitude"),
        map_longitude=own_or_border("longitude", "label_longitude"),
        placed_on_border=models.Case(
            models.When(own_place, then=models.Value(False)),
            default=models.Exists(border),
            output_field=models.BooleanField(),
        ),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("borders", "0004_drop_clipping_artefacts"),
        ("projects", "0011_rerender_report_headings_from_the_highest"),
    ]

    operations = [
        migrations.CreateModel(
            name="MapCell",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("zoom", models.PositiveSmallIntegerField()),
                ("cell_x", models.IntegerField()),
                ("cell_y", models.IntegerField()),
                ("count", models.PositiveIntegerField()),
                ("latitude_sum", models.FloatField()),
                ("longitude_sum", models.FloatField()),
                ("west", models.FloatField()),
                ("south", models.FloatField()),
                ("east", models.FloatField()),
                ("north", models.FloatField()),
                ("any_id", models.IntegerField()),
            ],
            options={
                "verbose_name": "map cell",
            },
        ),
        migrations.CreateModel(
            name="MapCellBuild",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("content_version", models.CharField(blank=True, max_length=40)),
                ("finest_zoom", models.SmallIntegerField(default=-1)),
                ("pilot_action_count", models.PositiveIntegerField(default=0)),
                ("cell_count", models.PositiveIntegerField(default=0)),
                ("built_at", models.DateTimeField(null=True)),
                ("seconds", models.FloatField(null=True)),
            ],
            options={
                "verbose_name": "map cell build",
            },
        ),
        migrations.RemoveIndex(
            model_name="pilotaction",
            name="pilot_action_public_place",
        ),
        migrations.AddField(
            model_name="pilotaction",
            name="map_latitude",
            field=models.FloatField(blank=True, editable=False, null=True, verbose_name="latitude on the map"),
        ),
        migrations.AddField(
            model_name="pilotaction",
            name="map_longitude",
            field=models.FloatField(blank=True, editable=False, null=True, verbose_name="longitude on the map"),
        ),
        migrations.AddField(
            model_name="pilotaction",
            name="placed_on_border",
            field=models.BooleanField(default=False, editable=False, verbose_name="placed on its border"),
        ),
        migrations.RunPython(place_on_map, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="pilotaction",
            index=models.Index(
                fields=["status", "record_confidence", "map_longitude", "map_latitude", "group", "id"],
                name="pilot_action_public_map_point",
            ),
        ),
        migrations.AddField(
            model_name="mapcell",
            name="group",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="projects.thematicgroup"
            ),
        ),
        migrations.AddIndex(
            model_name="mapcell",
            index=models.Index(fields=["zoom", "group", "cell_y", "cell_x"], name="map_cell_viewport"),
        ),
    ]
