"""Outputs in the workspace: the form, draft and publish, the file kept or replaced, and bad input."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from results.models import Language, Licence, Output, OutputKind
from tests.factories import MINIMAL_PDF, OutputFactory, ThemeFactory, docx_upload, pdf_upload

pytestmark = pytest.mark.django_db


def kind(slug=None):
    kinds = OutputKind.objects.order_by("order")
    return kinds.get(slug=slug) if slug else kinds.first()


def output_data(**overrides):
    return {
        "kind": str(kind().pk),
        "title": "Joint flood plan of the Meuse",
        "summary": "The plan both councils adopted in September.",
        "date": "2025-09-30",
        "link": "",
        "licence": Licence.ALL_RIGHTS_RESERVED,
        "reuse": "The **alert chain** works as it is.",
        **overrides,
    }


def test_new_output_form(coordinator_client, pilot_action):
    response = coordinator_client.get(reverse("workspace:output-create", args=[pilot_action.slug]))
    page = response.content.decode()
    assert response.status_code == 200
    assert pilot_action.title in page
    for output_kind in OutputKind.objects.all():
        assert f'<option value="{output_kind.pk}">{output_kind.name}</option>' in page
    assert f'<option value="{Licence.ALL_RIGHTS_RESERVED}" selected>' in page
    assert "ask its authors first" in page  # the licence explained
    assert 'type="date"' in page and 'name="languages" value=' in page and 'type="checkbox"' in page
    assert 'accept=".pdf,.docx,.xlsx,.odt' in page
    assert 'data-markdown-source="output-preview"' in page and 'id="output-preview"' in page
    assert "js/report-editor.js" in page
    assert 'name="save"' in page and 'name="publish"' in page
    assert "onclick" not in page and "oninput" not in page


def test_save_draft_with_pdf_link_languages_and_themes(
    coordinator_client, coordinator, pilot_action, client, django_capture_on_commit_callbacks
):
    theme = ThemeFactory(name="Floods")
    languages = list(Language.objects.filter(code__in=["fr", "nl"]))
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            reverse("workspace:output-create", args=[pilot_action.slug]),
            output_data(
                file=pdf_upload("plan.pdf"),
                link="https://example.org/plan",
                licence=Licence.CC_BY,
                languages=[language.pk for language in languages],
                themes=[theme.pk],
                save="",
            ),
        )
    output = Output.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:output-edit", args=[output.pk])
    assert output.status == Output.Status.DRAFT and output.published_at is None
    assert output.author == coordinator and output.pilot_action == pilot_action
    assert output.file.name.startswith("outputs/files/") and output.file_type == "PDF"
    assert "plan" not in output.file.name.removeprefix("outputs/files/")  # a random name
    assert output.link == "https://example.org/plan" and output.licence == Licence.CC_BY
    assert set(output.languages.all()) == set(languages) and list(output.themes.all()) == [theme]
    assert output.reuse_html == "<p>The <strong>alert chain</strong> works as it is.</p>"

    # Not public; the editor shows it back, with the stored file.
    assert client.get(output.get_absolute_url()).status_code == 404
    page = coordinator_client.get(response["Location"]).content.decode()
    assert "Draft saved" in page
    assert 'value="Joint flood plan of the Meuse"' in page and output.file.url in page
    assert "<p>The <strong>alert chain</strong> works as it is.</p>" in page  # the preview, as stored


def test_publish_from_the_form(coordinator_client, pilot_action, client):
    response = coordinator_client.post(
        reverse("workspace:output-create", args=[pilot_action.slug]),
        output_data(link="https://example.org/plan", publish=""),
    )
    assert response.status_code == 302 and response["Location"] == reverse("workspace:dashboard")
    output = Output.objects.get()
    assert output.is_published and output.published_at is not None
    assert "Joint flood plan of the Meuse" in client.get(output.get_absolute_url()).content.decode()


def test_edit_keeps_the_stored_file_unless_replaced_or_cleared(
    coordinator_client, pilot_action, django_capture_on_commit_callbacks
):
    output = OutputFactory(pilot_action=pilot_action, status=Output.Status.DRAFT, file=pdf_upload(), link="")
    first_name = output.file.name
    storage = output.file.storage
    url = reverse("workspace:output-edit", args=[output.pk])

    # Saved without touching the file: it stays.
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(url, output_data(title="Renamed", save=""))
    output.refresh_from_db()
    assert response.status_code == 302 and output.title == "Renamed" and output.file.name == first_name
    assert storage.exists(first_name)

    # Replaced: the new file is stored, the old one removed.
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(url, output_data(file=docx_upload("plan.docx"), save=""))
    output.refresh_from_db()
    assert response.status_code == 302 and output.file_type == "DOCX"
    assert not storage.exists(first_name) and storage.exists(output.file.name)

    # Cleared without a link: refused, the file stays.
    second_name = output.file.name
    response = coordinator_client.post(url, output_data(**{"file-clear": "on", "save": ""}))
    assert response.status_code == 200
    assert "Attach the document or give a link to it (or both)." in response.content.decode()
    output.refresh_from_db()
    assert output.file.name == second_name

    # Cleared with a link: the file goes.
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            url, output_data(**{"file-clear": "on", "link": "https://example.org/p", "save": ""})
        )
    output.refresh_from_db()
    assert response.status_code == 302 and not output.file and output.link == "https://example.org/p"
    assert not storage.exists(second_name)


def test_editing_a_published_output_keeps_it_published(coordinator_client, pilot_action):
    output = OutputFactory(pilot_action=pilot_action, title="Old title")
    page = coordinator_client.get(reverse("workspace:output-edit", args=[output.pk])).content.decode()
    assert "saving publishes your changes at once" in page and 'name="publish"' not in page
    response = coordinator_client.post(
        reverse("workspace:output-edit", args=[output.pk]),
        output_data(title="New title", link=output.link, save=""),
    )
    assert response.status_code == 302 and response["Location"] == reverse("workspace:dashboard")
    output.refresh_from_db()
    assert output.title == "New title" and output.is_published


def test_unpublish_then_publish_again(coordinator_client, pilot_action, client):
    output = OutputFactory(pilot_action=pilot_action, title="Visible output")
    assert coordinator_client.post(reverse("workspace:output-unpublish", args=[output.pk])).status_code == 302
    output.refresh_from_db()
    assert not output.is_published and output.published_at is None
    assert client.get(output.get_absolute_url()).status_code == 404

    coordinator_client.post(reverse("workspace:output-publish", args=[output.pk]))
    output.refresh_from_db()
    assert output.is_published and output.published_at is not None
    assert client.get(output.get_absolute_url()).status_code == 200


def test_delete_draft_removes_its_file(coordinator_client, pilot_action, django_capture_on_commit_callbacks):
    output = OutputFactory(pilot_action=pilot_action, status=Output.Status.DRAFT, title="Scrap", file=pdf_upload())
    name, storage = output.file.name, output.file.storage
    page = coordinator_client.get(reverse("workspace:output-delete", args=[output.pk])).content.decode()
    assert "Delete the output “Scrap”" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(reverse("workspace:output-delete", args=[output.pk]))
    assert response.status_code == 302 and not Output.objects.exists()
    assert not storage.exists(name)


def test_neither_file_nor_link_is_one_clear_error(coordinator_client, pilot_action):
    response = coordinator_client.post(reverse("workspace:output-create", args=[pilot_action.slug]), output_data())
    page = response.content.decode()
    assert response.status_code == 200 and not Output.objects.exists()
    assert "Attach the document or give a link to it (or both)." in page
    assert "Constraint" not in page  # the database's wording of the same rule is not shown as well


def test_a_refused_link_is_not_also_told_to_give_a_link(coordinator_client, pilot_action):
    response = coordinator_client.post(
        reverse("workspace:output-create", args=[pilot_action.slug]), output_data(link="ftp://example.org/plan.pdf")
    )
    page = response.content.decode()
    assert "Give a web address that starts with http:// or https://." in page
    assert "Attach the document or give a link" not in page


def text_as_pdf():
    return SimpleUploadedFile("plan.pdf", b"just some text, renamed", content_type="application/pdf")


BAD_INPUT = {
    "text renamed .pdf": (lambda: {"file": text_as_pdf()}, "This file is not a PDF, DOCX, XLSX or ODT document."),
    "pdf renamed .docx": (lambda: {"file": pdf_upload("plan.docx")}, "named .docx but its content is a PDF"),
    "file over the limit": (
        lambda: {"file": SimpleUploadedFile("plan.pdf", MINIMAL_PDF + b"%" * 2000, content_type="application/pdf")},
        "the limit is 1000\xa0bytes",
    ),
    "ftp link": (
        lambda: {"link": "ftp://example.org/plan.pdf"},
        "Give a web address that starts with http:// or https://.",
    ),
    "unknown kind": (
        lambda: {"kind": "999999", "link": "https://example.org/plan"},
        "Choose one of the kinds in the list.",
    ),
    "kind that is not a number": (
        lambda: {"kind": "plan", "link": "https://example.org/plan"},
        "Choose one of the kinds in the list.",
    ),
    "unknown licence": (
        lambda: {"licence": "gpl-3.0", "link": "https://example.org/plan"},
        "Choose one of the licences in the list.",
    ),
    "date that is no date": (
        lambda: {"date": "2025-02-30", "link": "https://example.org/plan"},
        "Enter a valid date.",
    ),
}


@pytest.mark.parametrize("case", list(BAD_INPUT))
def test_bad_input_is_a_clear_message_and_keeps_what_was_typed(coordinator_client, pilot_action, monkeypatch, case):
    monkeypatch.setattr("projects.uploads.DOCUMENT_MAX_BYTES", 1000)  # rather than uploading 20 MB
    overrides, message = BAD_INPUT[case]
    theme = ThemeFactory(name="Floods")
    french = Language.objects.get(code="fr")
    data = output_data(
        title="A title I typed",
        summary="A summary I typed with care.",
        reuse="Reuse *notes* I typed.",
        themes=[theme.pk],
        languages=[french.pk],
        save="",
    )
    data.update(overrides())
    response = coordinator_client.post(reverse("workspace:output-create", args=[pilot_action.slug]), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert not Output.objects.exists()
    assert message in page
    assert "The output was not saved" in page and "must be chosen again" in page
    assert 'value="A title I typed"' in page
    assert "A summary I typed with care." in page and "Reuse *notes* I typed." in page
    assert f'name="themes" value="{theme.pk}" id="id_themes_0" checked' in page
    assert f'value="{french.pk}"' in page and page.count("checked") >= 2
    if "link" in overrides():
        assert f'value="{overrides()["link"]}"' in page


def test_overlong_reuse_text_is_refused(coordinator_client, pilot_action):
    response = coordinator_client.post(
        reverse("workspace:output-create", args=[pilot_action.slug]),
        output_data(link="https://example.org/plan", reuse="x" * 50_001),
    )
    assert response.status_code == 200 and not Output.objects.exists()
    assert "Keep this text under 50,000 characters." in response.content.decode()


def test_dashboard_lists_outputs_and_results_state(coordinator_client, pilot_action):
    draft = OutputFactory(pilot_action=pilot_action, status=Output.Status.DRAFT, title="Half-done study")
    published = OutputFactory(pilot_action=pilot_action, title="Adopted plan", kind=kind("spatial-plan"))
    page = coordinator_client.get(reverse("workspace:dashboard")).content.decode()
    assert "Half-done study" in page and "Adopted plan" in page
    assert published.kind.name in page
    assert reverse("workspace:output-create", args=[pilot_action.slug]) in page and "Add an output" in page
    assert reverse("workspace:output-publish", args=[draft.pk]) in page
    assert reverse("workspace:output-delete", args=[draft.pk]) in page
    assert reverse("workspace:output-unpublish", args=[published.pk]) in page
    assert reverse("workspace:output-delete", args=[published.pk]) not in page
    assert reverse("workspace:results-edit", args=[pilot_action.slug]) in page
    assert "Not started." in page


@pytest.mark.parametrize("outputs", [1, 15])
def test_dashboard_queries_do_not_grow_with_outputs(
    coordinator_client, pilot_action, django_assert_max_num_queries, outputs
):
    created = [OutputFactory(pilot_action=pilot_action) for _ in range(outputs)]
    with django_assert_max_num_queries(9):
        response = coordinator_client.get(reverse("workspace:dashboard"))
    page = response.content.decode()
    assert all(reverse("workspace:output-edit", args=[output.pk]) in page for output in created)


def test_the_form_queries_are_few(coordinator_client, pilot_action, django_assert_max_num_queries):
    output = OutputFactory(pilot_action=pilot_action, languages=["fr", "nl", "de"])
    output.themes.set([ThemeFactory() for _ in range(5)])
    with django_assert_max_num_queries(8):
        page = coordinator_client.get(reverse("workspace:output-edit", args=[output.pk])).content.decode()
    assert page.count(" checked") == 8


def test_an_oversized_body_is_refused_with_413_and_stores_nothing(coordinator_client, pilot_action, settings):
    settings.UPLOAD_MAX_REQUEST_BYTES = 1000
    response = coordinator_client.post(
        reverse("workspace:output-create", args=[pilot_action.slug]),
        output_data(summary="x" * 2000, link="https://example.org/plan"),
    )
    assert response.status_code == 413
    page = response.content.decode()
    assert "larger than 1000" in page and "what you typed is still in the form" in page
    assert not Output.objects.exists()
