"""What coordinators may upload with a progress report, checked by content rather than by name.

A file renamed to ``.pdf`` is still refused unless its bytes are a PDF; an image whose header
announces a huge canvas (a decompression bomb) is refused before a single pixel is decoded.
"""

import uuid
import warnings
import zipfile
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage, storages
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

PHOTO_MAX_BYTES = 10 * 1024 * 1024
PHOTO_MAX_SIDE = 8000
PHOTO_MAX_PIXELS = 40_000_000
PHOTO_MIN_SIDE = 200
PHOTO_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}

DOCUMENT_MAX_BYTES = 20 * 1024 * 1024
OPENDOCUMENT_TEXT = b"application/vnd.oasis.opendocument.text"
# The member that tells each Office Open XML kind apart; a DOCX renamed .xlsx lacks xl/workbook.xml.
OFFICE_MEMBERS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
DOCUMENT_TYPES = {
    "pdf": _("PDF"),
    "docx": _("Word document (DOCX)"),
    "xlsx": _("Excel workbook (XLSX)"),
    "odt": _("OpenDocument text (ODT)"),
}


# What each stored extension is served as; names carry the detected type, so this is the file's real type.
CONTENT_TYPES = {
    "jpg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "odt": "application/vnd.oasis.opendocument.text",
}


@deconstructible(path="projects.uploads.PrivateMediaStorage")
class PrivateMediaStorage(FileSystemStorage):
    """Report attachments, under PRIVATE_MEDIA_ROOT: outside MEDIA_ROOT, so the web server in front never serves
    them itself. Their addresses lead to ``projects.views.report_attachment``, which checks who asks."""

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    @cached_property
    def base_url(self):
        return self._value_or_setting(self._base_url, settings.PRIVATE_MEDIA_URL)

    def _clear_cached_properties(self, setting, **kwargs):
        # Tests point PRIVATE_MEDIA_ROOT at a temporary folder; the storage must follow.
        if setting == "PRIVATE_MEDIA_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)
        elif setting == "PRIVATE_MEDIA_URL":
            self.__dict__.pop("base_url", None)
        else:
            super()._clear_cached_properties(setting, **kwargs)


def private_storage():
    """The storage of report attachments (``STORAGES["private"]``), as a callable so migrations name no instance."""
    return storages["private"]


def photo_extension(upload):
    """``jpg``, ``png`` or ``webp`` from the image's header, or None when Pillow does not recognise it."""
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # only the header is read
            with Image.open(upload) as image:
                return PHOTO_FORMATS.get(image.format)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None
    finally:
        upload.seek(0)


@deconstructible
class RandomName:
    """Upload paths that reveal nothing and cannot collide: a random name, and the extension of what the file is.

    With ``detect`` (a function of the uploaded file), the extension comes from the file's content, so a PNG
    uploaded as ``.pdf`` is stored, and served, as ``.png``; the upload's own extension is only the fallback.
    """

    def __init__(self, folder, detect=None):
        self.folder = folder
        self.detect = detect

    def __call__(self, instance, filename):
        extension = self.detect and self.detected_extension(instance)
        extension = extension or PurePath(filename).suffix.lower().lstrip(".")
        return f"{self.folder}/{uuid.uuid4().hex}.{extension}"

    def detected_extension(self, instance):
        # Django passes only the name to upload_to; the content is the field's file being saved.
        for field in instance._meta.concrete_fields:
            if getattr(field, "upload_to", None) is self:
                content = getattr(getattr(instance, field.attname), "file", None)
                return content and self.detect(content)
        return None

    def __eq__(self, other):
        return isinstance(other, RandomName) and (other.folder, other.detect) == (self.folder, self.detect)


def _already_stored(value):
    """A file saved earlier was checked when it was uploaded; editing a caption must not read it again."""
    return getattr(value, "_committed", False)


def _check_size(upload, limit):
    if upload.size > limit:
        raise ValidationError(
            _("This file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="too_large",
        )


def too_many_pixels(width=None, height=None):
    limits = {"side": PHOTO_MAX_SIDE, "mp": PHOTO_MAX_PIXELS // 1_000_000}
    if width is None:
        message = _("This image is far too large: at most %(side)s pixels a side and %(mp)s megapixels.") % limits
    else:
        message = _("This image is %(width)s × %(height)s pixels; at most %(side)s a side and %(mp)s megapixels.") % {
            "width": width,
            "height": height,
            **limits,
        }
    return ValidationError(message, code="too_many_pixels")


def validate_photo(upload):
    """A JPEG, PNG or WebP photo of sensible size, read from its header only."""
    if _already_stored(upload):
        return
    _check_size(upload, PHOTO_MAX_BYTES)
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            # Pillow warns above 89 MP and refuses above 179 MP; both are answered by our own, lower limit.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                image_format, (width, height) = image.format, image.size
                if width * height <= PHOTO_MAX_PIXELS and max(width, height) <= PHOTO_MAX_SIDE:
                    image.verify()
    except Image.DecompressionBombError as error:
        raise too_many_pixels() from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError(_("This file is not a JPEG, PNG or WebP image."), code="not_an_image") from error
    finally:
        upload.seek(0)
    if width * height > PHOTO_MAX_PIXELS or max(width, height) > PHOTO_MAX_SIDE:
        raise too_many_pixels(width, height)
    if image_format not in PHOTO_FORMATS:
        raise ValidationError(_("This file is not a JPEG, PNG or WebP image."), code="not_an_image")
    if min(width, height) < PHOTO_MIN_SIDE:
        raise ValidationError(
            _("This image is too small to show well: at least %(side)s pixels a side, please.")
            % {"side": PHOTO_MIN_SIDE},
            code="too_small",
        )


def document_type(upload):
    """``pdf``, ``docx``, ``xlsx`` or ``odt`` from the file's bytes, or None when it is none of them."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if not head.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            small_mimetype = "mimetype" in names and archive.getinfo("mimetype").file_size < 100
            if small_mimetype and archive.read("mimetype").strip() == OPENDOCUMENT_TEXT:
                return "odt"
            if "[Content_Types].xml" in names:
                for kind, member in OFFICE_MEMBERS.items():
                    if member in names:
                        return kind
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return None
    finally:
        upload.seek(0)
    return None


def validate_document(upload):
    """A PDF, DOCX, XLSX or ODT whose content is what its name says."""
    if _already_stored(upload):
        return
    _check_size(upload, DOCUMENT_MAX_BYTES)
    detected = document_type(upload)
    extension = PurePath(upload.name).suffix.lower().lstrip(".")
    if detected is None:
        raise ValidationError(_("This file is not a PDF, DOCX, XLSX or ODT document."), code="unsupported_document")
    if extension != detected:
        raise ValidationError(
            _("This file is named .%(extension)s but its content is a %(kind)s.")
            % {"extension": extension or "?", "kind": DOCUMENT_TYPES[detected]},
            code="misnamed_document",
        )
