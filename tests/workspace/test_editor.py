"""Writing a progress report: draft, photos and documents, publish, edit, unpublish, delete."""

import datetime

import pytest
from django.urls import reverse
from PIL import Image

from projects.models import ProgressReport, ReportDocument, ReportPhoto
from tests.factories import (
    ProgressReportFactory,
    ReportingDeadlineFactory,
    ThematicGroupFactory,
    docx_upload,
    pdf_upload,
    photo_upload,
)

pytestmark = pytest.mark.django_db


def report_data(**overrides):
    data = {
        "title": "First months",
        "period_start": "2025-02-01",
        "period_end": "2025-04-30",
        "body": "We signed the **agreement**.\n\n- a drill\n- a map",
        "photos-TOTAL_FORMS": "1",
        "photos-INITIAL_FORMS": "0",
        "photos-MAX_NUM_FORMS": "12",
        "documents-TOTAL_FORMS": "1",
        "documents-INITIAL_FORMS": "0",
        "documents-MAX_NUM_FORMS": "10",
    }
    data.update(overrides)
    return data


def test_new_report_form_shows_editor_with_preview(coordinator_client, pilot_action):
    response = coordinator_client.get(reverse("workspace:report-create", args=[pilot_action.slug]))
    page = response.content.decode()
    assert response.status_code == 200
    assert pilot_action.title in page
    assert 'data-preview-url="/workspace/preview/"' in page
    assert "js/report-editor.js" in page
    assert 'name="photos-0-alt_text"' in page and 'name="documents-0-file"' in page
    assert "onclick" not in page and "oninput" not in page


def test_save_draft_with_photo_and_pdf(
    coordinator_client, coordinator, pilot_action, django_capture_on_commit_callbacks
):
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"  # Make; a GPS block would be dropped the same way
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            reverse("workspace:report-create", args=[pilot_action.slug]),
            report_data(
                **{
                    "photos-0-image": photo_upload(exif=exif),
                    "photos-0-caption": "The drill at the bridge",
                    "photos-0-alt_text": "Firefighters from both sides carry a stretcher",
                    "documents-0-file": pdf_upload(),
                    "documents-0-title": "Drill minutes",
                    "save": "",
                }
            ),
        )
    report = ProgressReport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:report-edit", args=[report.pk])
    assert report.status == ProgressReport.Status.DRAFT
    assert report.author == coordinator
    assert report.body_html.startswith("<p>We signed the <strong>agreement</strong>.</p>")

    photo = ReportPhoto.objects.get()
    assert (photo.width, photo.height) == (640, 480)
    assert photo.image.name.startswith("reports/photos/") and photo.image.name.endswith(".jpg")
    assert "photo" not in photo.image.name.removeprefix("reports/photos/")  # a random name, not the upload's
    assert photo.is_ready, "the thumbnail task ran after the commit"
    with photo.thumbnail.open("rb") as thumbnail, Image.open(thumbnail) as image:
        assert max(image.size) == 480
        assert image.format == "WEBP"
        assert not image.getexif(), "the public versions carry no camera metadata"
    document = ReportDocument.objects.get()
    assert document.title == "Drill minutes" and document.file_type == "PDF"

    # A draft is not public, and the editor shows it back with its attachments.
    assert "First months" not in coordinator_client.get(pilot_action.get_absolute_url()).content.decode()
    page = coordinator_client.get(response["Location"]).content.decode()
    assert "Draft saved" in page
    assert 'name="photos-0-caption" value="The drill at the bridge"' in page


def test_publish_shows_report_with_attachments_on_the_public_page(
    coordinator_client, pilot_action, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            reverse("workspace:report-create", args=[pilot_action.slug]),
            report_data(
                **{
                    "photos-0-image": photo_upload("drill.png", image_format="PNG"),
                    "photos-0-caption": "The drill",
                    "photos-0-alt_text": "People on a bridge",
                    "documents-0-file": docx_upload(),
                    "documents-0-title": "Agreement",
                    "publish": "",
                }
            ),
        )
    assert response.status_code == 302 and response["Location"] == reverse("workspace:dashboard")
    report = ProgressReport.objects.get()
    assert report.is_published and report.published_at is not None

    page = client.get(pilot_action.get_absolute_url()).content.decode()
    photo = report.photos.get()
    assert "First months" in page
    assert f'src="{photo.thumbnail.url}" alt="People on a bridge"' in page
    assert f'href="{photo.web_image.url}"' in page
    assert photo.image.url not in page, "the original, with its metadata, is never linked publicly"
    assert "Agreement</a> (DOCX" in page
    assert "First months" in client.get(reverse("projects:update-list")).content.decode()
    assert (
        "First months" in client.get(reverse("projects:pilot-action-feed", args=[pilot_action.slug])).content.decode()
    )


def test_invalid_report_keeps_what_was_typed(coordinator_client, pilot_action):
    response = coordinator_client.post(
        reverse("workspace:report-create", args=[pilot_action.slug]),
        report_data(
            period_start="2025-05-01",
            period_end="2025-04-01",
            body="Long *careful* text",
            **{
                "photos-0-image": photo_upload(),
                "photos-0-caption": "A caption",
                "photos-0-alt_text": "",
                "documents-0-file": pdf_upload("minutes.docx"),
                "documents-0-title": "Minutes",
            },
        ),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert not ProgressReport.objects.exists() and not ReportPhoto.objects.exists()
    assert "The report was not saved" in page
    assert "The period cannot end before it starts." in page
    assert "Long *careful* text" in page and 'value="A caption"' in page
    assert "This field is required." in page  # the text alternative
    assert "named .docx but its content is a PDF" in page


def test_photo_without_image_is_an_error_but_an_empty_row_is_ignored(coordinator_client, pilot_action):
    response = coordinator_client.post(
        reverse("workspace:report-create", args=[pilot_action.slug]),
        report_data(**{"photos-0-caption": "Caption without a photo", "photos-0-alt_text": "Alt"}),
    )
    assert response.status_code == 200 and not ProgressReport.objects.exists()
    response = coordinator_client.post(reverse("workspace:report-create", args=[pilot_action.slug]), report_data())
    assert response.status_code == 302 and ProgressReport.objects.count() == 1


def test_edit_published_report_stays_published(coordinator_client, pilot_action, client):
    report = ProgressReportFactory(pilot_action=pilot_action, title="Old title")
    response = coordinator_client.post(
        reverse("workspace:report-edit", args=[report.pk]),
        report_data(
            title="New title",
            **{"photos-TOTAL_FORMS": "0", "documents-TOTAL_FORMS": "0", "save": ""},
        ),
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.title == "New title" and report.is_published
    assert "New title" in client.get(pilot_action.get_absolute_url()).content.decode()


def test_unpublish_then_publish_again(coordinator_client, pilot_action, client):
    report = ProgressReportFactory(pilot_action=pilot_action, title="Visible report")
    coordinator_client.post(reverse("workspace:report-unpublish", args=[report.pk]))
    report.refresh_from_db()
    assert not report.is_published and report.published_at is None
    assert "Visible report" not in client.get(pilot_action.get_absolute_url()).content.decode()

    coordinator_client.post(reverse("workspace:report-publish", args=[report.pk]))
    report.refresh_from_db()
    assert report.is_published and report.published_at is not None
    assert "Visible report" in client.get(pilot_action.get_absolute_url()).content.decode()


def test_remove_a_photo_deletes_its_files(coordinator_client, pilot_action, django_capture_on_commit_callbacks):
    report = ProgressReportFactory(pilot_action=pilot_action, status=ProgressReport.Status.DRAFT)
    with django_capture_on_commit_callbacks(execute=True):
        photo = ReportPhoto.objects.create(report=report, image=photo_upload(), caption="c", alt_text="a")
    photo.refresh_from_db()
    names = [photo.image.name, photo.thumbnail.name, photo.web_image.name]
    storage = photo.image.storage
    assert all(storage.exists(name) for name in names)
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            reverse("workspace:report-edit", args=[report.pk]),
            report_data(
                title=report.title,
                **{
                    "photos-TOTAL_FORMS": "1",
                    "photos-INITIAL_FORMS": "1",
                    "photos-0-id": str(photo.pk),
                    "photos-0-report": str(report.pk),
                    "photos-0-caption": "c",
                    "photos-0-alt_text": "a",
                    "photos-0-DELETE": "on",
                    "documents-TOTAL_FORMS": "0",
                },
            ),
        )
    assert response.status_code == 302
    assert not ReportPhoto.objects.exists()
    assert not any(storage.exists(name) for name in names)


def test_delete_draft(coordinator_client, pilot_action):
    report = ProgressReportFactory(pilot_action=pilot_action, status=ProgressReport.Status.DRAFT, title="Scrap")
    assert (
        "Delete “Scrap”"
        in coordinator_client.get(reverse("workspace:report-delete", args=[report.pk])).content.decode()
    )
    response = coordinator_client.post(reverse("workspace:report-delete", args=[report.pk]))
    assert response.status_code == 302 and not ProgressReport.objects.exists()


def test_dashboard_shows_reports_and_next_deadline(coordinator_client, pilot_action, django_assert_max_num_queries):
    ProgressReportFactory(pilot_action=pilot_action, status=ProgressReport.Status.DRAFT, title="Half written")
    ProgressReportFactory(pilot_action=pilot_action, title="Out already")
    today = datetime.date.today()
    ReportingDeadlineFactory(title="Past report", due_date=today - datetime.timedelta(days=1))
    ReportingDeadlineFactory(title="Interim report", due_date=today + datetime.timedelta(days=20))
    ReportingDeadlineFactory(title="Final report", due_date=today + datetime.timedelta(days=90))
    ReportingDeadlineFactory(
        title="Other group's report",
        due_date=today + datetime.timedelta(days=2),
        group=ThematicGroupFactory(),
    )
    with django_assert_max_num_queries(8):
        response = coordinator_client.get(reverse("workspace:dashboard"))
    page = response.content.decode()
    assert "Half written" in page and "Out already" in page
    assert "Next reporting deadline: Interim report" in page
    assert "Other group" not in page and "Past report" not in page
    assert reverse("workspace:report-create", args=[pilot_action.slug]) in page


def test_dashboard_queries_do_not_grow_with_reports(coordinator_client, pilot_action, django_assert_max_num_queries):
    for _ in range(15):
        ProgressReportFactory(pilot_action=pilot_action)
    with django_assert_max_num_queries(8):
        assert coordinator_client.get(reverse("workspace:dashboard")).status_code == 200


def test_the_preview_puts_headings_under_its_own_heading(coordinator_client, pilot_action):
    """The preview is a section under an <h2>: what is typed and what is stored are both shown from <h3>, the
    same outline on opening the editor and after typing (the stored body, at <h4> under a report's <h3> title,
    skipped a level there: the Nu checker's error)."""
    body = "Intro.\n\n## Drill\n\n### Bridge"
    typed = coordinator_client.post(reverse("workspace:preview"), {"body": body}).content.decode()
    assert "<h3>Drill</h3>" in typed and "<h4>Bridge</h4>" in typed
    report = ProgressReportFactory(pilot_action=pilot_action, body=body, status=ProgressReport.Status.DRAFT)
    assert "<h4>Drill</h4>" in report.body_html
    page = coordinator_client.get(reverse("workspace:report-edit", args=[report.pk])).content.decode()
    preview = page[page.index('id="report-preview"') :]
    assert preview.index("<h3>Drill</h3>") < preview.index("<h4>Bridge</h4>") < preview.index("</section>")
