"""Report photos and documents in the private storage, named by their detected type, versions named at random."""

from django.db import migrations, models

import projects.uploads


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0006_pilot_action_call"),
    ]

    operations = [
        migrations.AlterField(
            model_name="reportdocument",
            name="file",
            field=models.FileField(
                db_index=True,
                help_text="PDF, DOCX, XLSX or ODT, up to 20 MB.",
                storage=projects.uploads.private_storage,
                upload_to=projects.uploads.RandomName("reports/documents", detect=projects.uploads.document_type),
                validators=[projects.uploads.validate_document],
                verbose_name="file",
            ),
        ),
        migrations.AlterField(
            model_name="reportphoto",
            name="image",
            field=models.ImageField(
                db_index=True,
                height_field="height",
                help_text="JPEG, PNG or WebP, up to 10 MB and 40 megapixels.",
                storage=projects.uploads.private_storage,
                upload_to=projects.uploads.RandomName("reports/photos", detect=projects.uploads.photo_extension),
                validators=[projects.uploads.validate_photo],
                verbose_name="photo",
                width_field="width",
            ),
        ),
        migrations.AlterField(
            model_name="reportphoto",
            name="thumbnail",
            field=models.ImageField(
                blank=True,
                db_index=True,
                editable=False,
                storage=projects.uploads.private_storage,
                upload_to=projects.uploads.RandomName("reports/thumbnails"),
                verbose_name="thumbnail",
            ),
        ),
        migrations.AlterField(
            model_name="reportphoto",
            name="web_image",
            field=models.ImageField(
                blank=True,
                db_index=True,
                editable=False,
                help_text="Scaled down and without camera metadata (such as GPS): what the public sees.",
                storage=projects.uploads.private_storage,
                upload_to=projects.uploads.RandomName("reports/web"),
                verbose_name="web version",
            ),
        ),
    ]
