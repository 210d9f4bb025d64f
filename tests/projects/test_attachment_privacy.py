"""Report photos and documents: originals out of public reach, public names that reveal nothing, and the
files of drafts and unpublished reports served only to those who may see the report."""

import importlib
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from projects.models import PilotAction, ProgressReport, ReportDocument, ReportPhoto
from tests.factories import (
    MINIMAL_PDF,
    ProgressReportFactory,
    UserFactory,
    docx_upload,
    juror,
    pdf_upload,
    photo_upload,
    programme_staff,
)
from workspace.forms import PhotoForm

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825


def camera_exif():
    """What a phone writes: its make and where the photo was taken."""
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"
    exif[GPS_IFD] = {1: "N", 2: (50.0, 51.0, 7.5), 3: "E", 4: (5.0, 41.0, 2.2)}
    return exif


@pytest.fixture
def report(pilot_action, django_capture_on_commit_callbacks):
    """A draft with a photo (its versions made) and a document."""
    report = ProgressReportFactory(pilot_action=pilot_action, status=ProgressReport.Status.DRAFT)
    with django_capture_on_commit_callbacks(execute=True):
        ReportPhoto.objects.create(
            report=report, image=photo_upload("bridge.jpg", exif=camera_exif()), caption="c", alt_text="a"
        )
    ReportDocument.objects.create(report=report, file=pdf_upload("minutes.pdf"), title="Drill minutes")
    return report


def public_urls(report):
    photo, document = report.photos.get(), report.documents.get()
    return [photo.thumbnail.url, photo.web_image.url, document.file.url]


def all_files(root):
    return [path for path in Path(root).rglob("*") if path.is_file()]


def status_codes(urls, user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return [client.get(url).status_code for url in urls]


# Where the files are, and what their names tell


def test_the_original_is_not_in_public_media_nor_under_its_address(report):
    photo = report.photos.get()
    original = Path(settings.PRIVATE_MEDIA_ROOT, photo.image.name)
    assert original.is_file()
    original_bytes = original.read_bytes()
    assert not any(path.read_bytes() == original_bytes for path in all_files(settings.MEDIA_ROOT))
    assert not photo.image.url.startswith(settings.MEDIA_URL)
    assert Client().get(photo.image.url).status_code == 404


def test_public_names_reveal_nothing_of_the_original(report):
    photo = report.photos.get()
    original_stem = Path(photo.image.name).stem
    thumbnail_stem, web_stem = Path(photo.thumbnail.name).stem, Path(photo.web_image.name).stem
    assert original_stem not in photo.thumbnail.name and original_stem not in photo.web_image.name
    # Independent random names: knowing one version's address gives no other.
    assert thumbnail_stem != web_stem
    assert len({original_stem, thumbnail_stem, web_stem}) == 3
    swapped = photo.thumbnail.url.replace("thumbnails", "photos").replace(".webp", ".jpg")
    assert Client().get(swapped).status_code == 404


def test_the_versions_carry_no_camera_metadata(report):
    photo = report.photos.get()
    with photo.image.open("rb") as original, Image.open(original) as image:
        assert image.getexif().get(GPS_IFD), "the test photo does carry a GPS position"
    for version in (photo.thumbnail, photo.web_image):
        with version.open("rb") as file, Image.open(file) as image:
            assert not image.getexif()
            assert "exif" not in image.info


# Who gets what


def test_a_drafts_attachments_answer_only_its_coordinator_and_staff(report, coordinator, superuser):
    photo = report.photos.get()
    urls = [*public_urls(report), photo.image.url]
    other_coordinator = UserFactory(username="bob@example.org")
    ProgressReportFactory().pilot_action.coordinators.add(other_coordinator)
    for user in (None, other_coordinator, juror("jules")):
        assert status_codes(urls, user) == [404] * len(urls), user
    for user in (coordinator, programme_staff(), superuser):
        assert status_codes(urls, user) == [200] * len(urls), user


def test_published_attachments_answer_anyone_but_the_original_only_its_coordinator(report, coordinator):
    report.status = ProgressReport.Status.PUBLISHED
    report.save()
    urls = public_urls(report)
    assert status_codes(urls) == [200] * len(urls)
    original = report.photos.get().image.url
    assert status_codes([original]) == [404]
    assert status_codes([original], coordinator) == [200]

    report.status = ProgressReport.Status.DRAFT
    report.save()
    assert status_codes(urls) == [404] * len(urls)
    assert status_codes(urls, coordinator) == [200] * len(urls)


def test_a_published_report_of_a_pilot_action_not_public_stays_private(report, coordinator):
    report.status = ProgressReport.Status.PUBLISHED
    report.save()
    PilotAction.objects.filter(pk=report.pilot_action_id).update(status=PilotAction.Status.SUBMITTED)
    urls = public_urls(report)
    assert status_codes(urls) == [404] * len(urls)
    assert status_codes(urls, coordinator) == [200] * len(urls)


def test_unknown_and_hostile_addresses_answer_404(report):
    prefix = settings.PRIVATE_MEDIA_URL
    # PostgreSQL refuses NUL in text: it must never reach a query.
    hostile = ["reports/web/nothing.webp", "../settings.py", "reports/../../etc/passwd", "reports/thumbnails/"]
    hostile += ["reports/web/%00.webp", "reports/documents/a%00b.pdf", "%00", "reports/web/" + "a" * 3000]
    for path in hostile:
        assert Client().get(prefix + path).status_code == 404, path


def test_headers_of_public_and_private_attachments(report, coordinator):
    client = Client()
    client.force_login(coordinator)
    photo, document = report.photos.get(), report.documents.get()
    private = client.get(photo.thumbnail.url)
    assert private["Content-Type"] == "image/webp"
    assert private["X-Content-Type-Options"] == "nosniff"
    assert private["Cache-Control"] == "private, no-store"
    assert b"".join(private.streaming_content) == photo.thumbnail.open("rb").read()

    report.status = ProgressReport.Status.PUBLISHED
    report.save()
    public = Client().get(photo.web_image.url)
    assert public["Cache-Control"] == f"public, max-age={settings.ATTACHMENT_MAX_AGE}"
    assert "X-Page-Cache" not in Client().get(photo.web_image.url), "files never go through the page cache"
    download = Client().get(document.file.url)
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == 'attachment; filename="drill-minutes.pdf"'
    assert download["X-Content-Type-Options"] == "nosniff"


def test_accel_redirect_mode_hands_the_file_to_nginx(report, coordinator, settings):
    settings.PRIVATE_MEDIA_ACCEL_REDIRECT = "/internal/private-media/"
    client = Client()
    client.force_login(coordinator)
    document = report.documents.get()
    response = client.get(document.file.url)
    assert response["X-Accel-Redirect"] == f"/internal/private-media/{document.file.name}"
    assert response.content == b""
    assert response["Content-Type"] == "application/pdf" and response["Cache-Control"] == "private, no-store"
    assert "attachment" in response["Content-Disposition"]
    assert Client().get(document.file.url).status_code == 404


# The pages that show them


def test_public_page_shows_the_versions_and_the_editor_the_original(report, coordinator):
    report.status = ProgressReport.Status.PUBLISHED
    report.save()
    photo = report.photos.get()
    page = Client().get(report.pilot_action.get_absolute_url()).content.decode()
    assert f'src="{photo.thumbnail.url}"' in page and f'href="{photo.web_image.url}"' in page
    assert photo.image.url not in page
    client = Client()
    client.force_login(coordinator)
    editor = client.get(reverse("workspace:report-edit", args=[report.pk])).content.decode()
    assert photo.image.url in editor
    assert client.get(photo.image.url).status_code == 200


# Names by what the file is


def test_a_png_uploaded_as_pdf_is_stored_as_png(pilot_action):
    report = ProgressReportFactory(pilot_action=pilot_action)
    upload = photo_upload("holiday.pdf", image_format="PNG")
    form = PhotoForm(
        data={"caption": "c", "alt_text": "a"}, files={"image": upload}, instance=ReportPhoto(report=report)
    )
    assert form.is_valid(), form.errors
    photo = form.save()
    assert photo.image.name.endswith(".png")
    assert ReportPhoto.objects.create(
        report=report, image=photo_upload("x.pdf", image_format="PNG"), caption="c", alt_text="a"
    ).image.name.endswith(".png")


def test_a_document_is_named_by_its_detected_type(pilot_action):
    report = ProgressReportFactory(pilot_action=pilot_action)
    pdf = ReportDocument.objects.create(report=report, file=SimpleUploadedFile("minutes.docx", MINIMAL_PDF), title="t")
    docx = ReportDocument.objects.create(report=report, file=docx_upload("agreement"), title="t")
    assert pdf.file.name.endswith(".pdf") and pdf.file_type == "PDF"
    assert docx.file.name.endswith(".docx")


# Files stored before: the data migration moves them


def public_file(name, content):
    path = Path(settings.MEDIA_ROOT, name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return name


def test_the_data_migration_moves_stored_files_to_private_storage(pilot_action, django_capture_on_commit_callbacks):
    """As stored before: every file under public media, the versions named after the original, and an original
    named .pdf though it is a PNG."""
    migration = importlib.import_module("projects.migrations.0008_move_report_attachments_to_private_storage")
    report = ProgressReportFactory(pilot_action=pilot_action)
    photo = ReportPhoto.objects.create(report=report, image=photo_upload(image_format="PNG"), caption="c", alt_text="a")
    document = ReportDocument.objects.create(report=report, file=pdf_upload(), title="Minutes")
    lost = ReportDocument.objects.create(report=report, file=pdf_upload(), title="Lost")
    stem = "5f1d" * 8
    stored = {
        "image": public_file(f"reports/photos/{stem}.pdf", photo.image.read()),
        "thumbnail": public_file(f"reports/thumbnails/{stem}.webp", b"the thumbnail"),
        "web_image": public_file(f"reports/web/{stem}.webp", b"the web version"),
    }
    ReportPhoto.objects.filter(pk=photo.pk).update(**stored)
    document_name = public_file("reports/documents/" + "a0b1" * 8 + ".pdf", MINIMAL_PDF)
    ReportDocument.objects.filter(pk=document.pk).update(file=document_name)
    ReportDocument.objects.filter(pk=lost.pk).update(file="reports/documents/gone.pdf")
    before = {name: Path(settings.MEDIA_ROOT, name).read_bytes() for name in [*stored.values(), document_name]}
    for path in all_files(settings.PRIVATE_MEDIA_ROOT):  # only the old files are left
        path.unlink()

    with django_capture_on_commit_callbacks(execute=True):
        migration.forwards(django_apps, None)

    photo.refresh_from_db()
    document.refresh_from_db()
    moved = [photo.image.name, photo.thumbnail.name, photo.web_image.name, document.file.name]
    after = {old: Path(settings.PRIVATE_MEDIA_ROOT, new).read_bytes() for old, new in zip(before, moved, strict=True)}
    assert after == before, "every file is in the private storage, unchanged"
    assert all_files(settings.MEDIA_ROOT) == [], "and none is left under public media"
    assert photo.image.name.endswith(".png"), "named by what it is"
    assert stem not in photo.thumbnail.name + photo.web_image.name
    assert document.file.name == document_name
    assert ReportDocument.objects.get(pk=lost.pk).file.name == "reports/documents/gone.pdf", (
        "a missing file's row stays"
    )
    assert status_codes([photo.thumbnail.url, photo.web_image.url, document.file.url]) == [200, 200, 200]

    # Unapplying copies the files back to public media; applying again removes those copies and renames nothing.
    migration.backwards(django_apps, None)
    assert len(all_files(settings.MEDIA_ROOT)) == len(moved)
    with django_capture_on_commit_callbacks(execute=True):
        migration.forwards(django_apps, None)
    assert [getattr(ReportPhoto.objects.get(), field).name for field in stored] == moved[:3]
    assert all_files(settings.MEDIA_ROOT) == []
    assert len(all_files(settings.PRIVATE_MEDIA_ROOT)) == len(moved)
