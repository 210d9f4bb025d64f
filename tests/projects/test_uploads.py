"""Uploads with progress reports are checked by their bytes, not their names; image bombs are refused unread."""

import io
import struct
import time
import zipfile
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from projects import uploads
from projects.uploads import document_type, validate_document, validate_photo
from workspace.forms import DocumentForm, PhotoForm

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def image_bytes(image_format, size=(300, 200), mode="RGB"):
    buffer = io.BytesIO()
    Image.new(mode, size, color="teal" if mode == "RGB" else 0).save(buffer, image_format)
    return buffer.getvalue()


def png_claiming(width, height):
    """A small real PNG whose IHDR announces another canvas size, with its CRC fixed so Pillow trusts it."""
    data = bytearray(image_bytes("PNG", size=(300, 300)))
    assert data[12:16] == b"IHDR"
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    return bytes(data)


def zip_bytes(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members:
            archive.writestr(name, content)
    return buffer.getvalue()


def docx_bytes():
    return zip_bytes([("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w:document/>")])


def xlsx_bytes():
    return zip_bytes([("[Content_Types].xml", "<Types/>"), ("xl/workbook.xml", "<workbook/>")])


def odt_bytes():
    return zip_bytes([("mimetype", "application/vnd.oasis.opendocument.text"), ("content.xml", "<office/>")])


def upload(name, content):
    return SimpleUploadedFile(name, content)


def refusal_code(validator, file):
    with pytest.raises(ValidationError) as error:
        validator(file)
    return error.value.code


# Photos


@pytest.mark.parametrize(
    ("name", "image_format"),
    [("photo.jpg", "JPEG"), ("photo.png", "PNG"), ("photo.webp", "WEBP")],
)
def test_jpeg_png_and_webp_photos_pass(name, image_format):
    file = upload(name, image_bytes(image_format))
    validate_photo(file)
    assert file.tell() == 0


def test_gif_is_refused():
    assert refusal_code(validate_photo, upload("photo.gif", image_bytes("GIF"))) == "not_an_image"


def test_gif_renamed_jpg_is_refused():
    assert refusal_code(validate_photo, upload("photo.jpg", image_bytes("GIF"))) == "not_an_image"


def test_text_file_renamed_jpg_is_refused():
    file = upload("photo.jpg", b"Just some notes from the meeting.\n" * 20)
    assert refusal_code(validate_photo, file) == "not_an_image"


def test_truncated_png_is_refused():
    file = upload("photo.png", image_bytes("PNG")[:60])
    assert refusal_code(validate_photo, file) == "not_an_image"


def test_tiny_image_is_refused_as_too_small():
    with pytest.raises(ValidationError) as error:
        validate_photo(upload("photo.png", image_bytes("PNG", size=(100, 100))))
    assert error.value.code == "too_small"
    assert "200" in error.value.messages[0]


def test_image_narrow_on_one_side_is_too_small():
    assert refusal_code(validate_photo, upload("photo.png", image_bytes("PNG", size=(1000, 199)))) == "too_small"


def test_image_at_the_minimum_side_passes():
    validate_photo(upload("photo.png", image_bytes("PNG", size=(200, 200))))


# Pillow warns (but goes on) from 89.5 megapixels; the validator silences that and refuses the image itself.
@pytest.mark.filterwarnings("error::PIL.Image.DecompressionBombWarning")
@pytest.mark.parametrize(
    ("width", "height"),
    [
        (7000, 7000),  # every side allowed, but 49 megapixels
        (8001, 200),  # few pixels, but one side too long
        (10000, 10000),  # beyond Pillow's warning threshold, below its own refusal
    ],
)
def test_huge_canvas_is_refused_from_the_header(width, height):
    with pytest.raises(ValidationError) as error:
        validate_photo(upload("photo.png", png_claiming(width, height)))
    assert error.value.code == "too_many_pixels"
    assert f"{width} × {height}" in error.value.messages[0]


def test_image_bomb_is_refused_quickly():
    file = upload("bomb.png", png_claiming(30000, 30000))
    assert len(file) < 10_000
    started = time.perf_counter()
    with pytest.raises(ValidationError):
        validate_photo(file)
    assert time.perf_counter() - started < 1


def test_image_bomb_is_refused_as_too_many_pixels():
    """Above 179 MP Pillow's own Image.open refuses; the coordinator still reads why."""
    with pytest.raises(ValidationError) as error:
        validate_photo(upload("bomb.png", png_claiming(30000, 30000)))
    assert error.value.code == "too_many_pixels"


def test_oversized_photo_is_refused_before_reading(monkeypatch):
    monkeypatch.setattr(uploads, "PHOTO_MAX_BYTES", 1000)
    content = image_bytes("PNG", size=(400, 400), mode="L") + b"\0" * 1000
    with pytest.raises(ValidationError) as error:
        validate_photo(upload("photo.png", content))
    assert error.value.code == "too_large"
    assert "1000\xa0bytes" in error.value.messages[0]


def test_default_photo_limit_is_named_in_the_message():
    file = upload("photo.png", image_bytes("PNG"))
    file.size = uploads.PHOTO_MAX_BYTES + 1
    with pytest.raises(ValidationError) as error:
        validate_photo(file)
    assert error.value.code == "too_large"
    assert "10.0\xa0MB" in error.value.messages[0]


def test_photo_at_the_size_limit_passes(monkeypatch):
    content = image_bytes("PNG")
    monkeypatch.setattr(uploads, "PHOTO_MAX_BYTES", len(content))
    validate_photo(upload("photo.png", content))


# Documents


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("report.pdf", PDF, "pdf"),
        ("report.docx", docx_bytes(), "docx"),
        ("budget.xlsx", xlsx_bytes(), "xlsx"),
        ("report.odt", odt_bytes(), "odt"),
        ("REPORT.PDF", PDF, "pdf"),
    ],
)
def test_documents_whose_content_matches_their_name_pass(name, content, kind):
    file = upload(name, content)
    assert document_type(file) == kind
    validate_document(file)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (PDF, "pdf"),
        (docx_bytes(), "docx"),
        (xlsx_bytes(), "xlsx"),
        (odt_bytes(), "odt"),
        (b"plain text", None),
        (image_bytes("PNG"), None),
    ],
)
def test_document_type_leaves_the_file_at_its_start(content, expected):
    file = upload("anything", content)
    file.seek(5)
    assert document_type(file) == expected
    assert file.tell() == 0


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.pdf", b"These are the minutes of the meeting.\n"),
        ("report.pdf", image_bytes("PNG")),
        ("report.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\0" * 64),
        ("report.docx", b"PK\x03\x04" + b"this is not really a zip archive" * 4),
        ("report.docx", zip_bytes([("readme.txt", "hello")])),
        ("report.docx", zip_bytes([("word/document.xml", "<w:document/>")])),
        ("report.odt", zip_bytes([("mimetype", "application/zip")])),
        ("report.pdf", b""),
    ],
    ids=[
        "text-as-pdf",
        "png-as-pdf",
        "exe-as-pdf",
        "corrupt-zip",
        "plain-zip",
        "docx-without-content-types",
        "zip-with-other-mimetype",
        "empty",
    ],
)
def test_content_that_is_no_accepted_document_is_refused(name, content):
    assert refusal_code(validate_document, upload(name, content)) == "unsupported_document"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.pdf", docx_bytes()),
        ("report.xlsx", docx_bytes()),
        ("budget.docx", xlsx_bytes()),
        ("report.docx", odt_bytes()),
        ("report.odt", PDF),
        ("report", PDF),
        ("report.pdf.exe", PDF),
    ],
)
def test_document_named_as_another_type_is_refused(name, content):
    assert refusal_code(validate_document, upload(name, content)) == "misnamed_document"


def test_misnamed_document_message_names_both_types():
    with pytest.raises(ValidationError) as error:
        validate_document(upload("report.pdf", docx_bytes()))
    assert ".pdf" in error.value.messages[0]
    assert "DOCX" in error.value.messages[0]


def test_oversized_document_is_refused(monkeypatch):
    monkeypatch.setattr(uploads, "DOCUMENT_MAX_BYTES", 50)
    with pytest.raises(ValidationError) as error:
        validate_document(upload("report.pdf", PDF))
    assert error.value.code == "too_large"
    assert "50\xa0bytes" in error.value.messages[0]


def test_default_document_limit_is_named_in_the_message():
    file = upload("report.pdf", PDF)
    file.size = uploads.DOCUMENT_MAX_BYTES + 1
    with pytest.raises(ValidationError) as error:
        validate_document(file)
    assert error.value.code == "too_large"
    assert "20.0\xa0MB" in error.value.messages[0]


# Through the workspace forms


def photo_form(alt_text="A footbridge over the river, seen from the east bank.", content=None):
    data = {"caption": "The new footbridge", "alt_text": alt_text}
    files = {"image": upload("bridge.jpg", content or image_bytes("JPEG", size=(640, 480)))}
    return PhotoForm(data=data, files=files)


def test_photo_form_with_image_caption_and_alt_text_is_valid():
    form = photo_form()
    assert form.is_valid(), form.errors
    assert (form.instance.width, form.instance.height) == (640, 480)


def test_photo_form_requires_alt_text():
    form = photo_form(alt_text="")
    assert not form.is_valid()
    assert "alt_text" in form.errors
    assert "image" not in form.errors


def test_photo_form_refuses_a_too_small_image():
    form = photo_form(content=image_bytes("PNG", size=(100, 100)))
    assert not form.is_valid()
    assert [error.code for error in form.errors.as_data()["image"]] == ["too_small"]


def test_document_form_with_a_pdf_is_valid():
    form = DocumentForm(data={"title": "Minutes"}, files={"file": upload("minutes.pdf", PDF)})
    assert form.is_valid(), form.errors


def test_document_form_refuses_a_renamed_text_file():
    form = DocumentForm(data={"title": "Minutes"}, files={"file": upload("minutes.pdf", b"Not a PDF at all.\n")})
    assert not form.is_valid()
    assert [error.code for error in form.errors.as_data()["file"]] == ["unsupported_document"]
    assert "title" not in form.errors
