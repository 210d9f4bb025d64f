"""Report photos and documents as files: who may fetch one, how it is answered, and moving the files that were
stored before under public media.

Every attachment lives in the private storage (``PRIVATE_MEDIA_ROOT``), outside what the web server serves, and
is fetched through ``projects.views.report_attachment``. The photo versions and the documents of a published
report of a public pilot action are for anyone; everything else (drafts, unpublished reports, pilot actions not
public, and the originals, which keep the camera's metadata) only for those who manage the report. Everyone else
gets 404, as for an address that never existed.
"""

import re
from pathlib import PurePath
from urllib.parse import quote

from django.apps import apps
from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.db import models, transaction
from django.http import FileResponse, HttpResponse
from django.utils.http import content_disposition_header, http_date
from django.utils.text import slugify

from projects.uploads import CONTENT_TYPES, RandomName

# What a stored name can be: RandomName's folder, hex and extension (Django adds _ and letters on a clash), within
# the file fields' 100 characters.
STORED_NAME = re.compile(r"[A-Za-z0-9_./-]{1,100}")


def stored_fields():
    """{folder: (model, field name)} for every private file field; a stored name starts with its folder.

    A model takes part by declaring ``PUBLIC_FILES`` ({field name: whether the public may fetch it once the row is
    public}) and a manager with ``holding()`` and ``managed_by()``: report photos and documents, and the outputs
    library's files (``results``), which this app does not import.
    """
    return {
        model._meta.get_field(field_name).upload_to.folder: (model, field_name)
        for model in apps.get_models()
        for field_name in getattr(model, "PUBLIC_FILES", {})
    }


def find(name, user):
    """(attachment, its file, whether it is public) for a stored name ``user`` may fetch, else None."""
    if not STORED_NAME.fullmatch(name):  # e.g. a NUL byte, which PostgreSQL refuses in a query
        return None
    model, field_name = stored_fields().get(PurePath(name).parent.as_posix(), (None, None))
    if model is None:
        return None
    attachment = model.objects.holding(field_name, name).first()
    if attachment is None:
        return None
    public = attachment.row_is_public and model.PUBLIC_FILES[field_name]
    if not public and not model.objects.managed_by(user).filter(pk=attachment.pk).exists():
        return None
    return attachment, getattr(attachment, field_name), public


def download_name(attachment, field_file):
    """Documents download under their title; photos are shown, not saved, so they get none."""
    if not hasattr(attachment, "title"):
        return None
    extension = PurePath(field_file.name).suffix.lower()
    return f"{slugify(attachment.title) or 'document'}{extension}"


def response(attachment, field_file, public):
    """The file, typed by its (detected) extension, cacheable by anyone only when it is public."""
    extension = PurePath(field_file.name).suffix.lower().lstrip(".")
    content_type = CONTENT_TYPES.get(extension, "application/octet-stream")
    filename = download_name(attachment, field_file)
    if settings.PRIVATE_MEDIA_ACCEL_REDIRECT:
        # nginx sends the file from its internal location; it keeps Content-Type, -Disposition and Cache-Control.
        answer = HttpResponse(content_type=content_type)
        answer["X-Accel-Redirect"] = settings.PRIVATE_MEDIA_ACCEL_REDIRECT.rstrip("/") + "/" + quote(field_file.name)
        if filename:
            answer["Content-Disposition"] = content_disposition_header(True, filename)
    else:
        storage = field_file.storage
        try:
            file = storage.open(field_file.name, "rb")
        except FileNotFoundError:
            return None
        answer = FileResponse(file, content_type=content_type, as_attachment=bool(filename), filename=filename or "")
        answer["Last-Modified"] = http_date(storage.get_modified_time(field_file.name).timestamp())
    answer["X-Content-Type-Options"] = "nosniff"
    # A private file must stay in no cache: the same address may answer someone else next.
    answer["Cache-Control"] = f"public, max-age={settings.ATTACHMENT_MAX_AGE}" if public else "private, no-store"
    return answer


# Moving the files stored before attachments were private (a data migration runs it; a second run is harmless)


def file_fields(model):
    """The file fields of a model, also of the historical models a migration passes."""
    return [field for field in model._meta.concrete_fields if isinstance(field, models.FileField)]


def same_content(first, second, name):
    with first.open(name, "rb") as one, second.open(name, "rb") as other:
        return one.read() == other.read()


def move_to_private_storage(photo_model, document_model, log=print):
    """Move every photo and document file from public media to the private storage, without losing one.

    Originals and documents keep their name unless its extension is not what the file is; the versions get new,
    independent random names, since their old ones were the original's. A public copy is deleted only once the
    rows that point at the private one are committed; a file found in neither storage is reported and left alone.
    """
    public, private = FileSystemStorage(location=settings.MEDIA_ROOT), storages["private"]
    moved = []
    for model in (photo_model, document_model):
        for attachment in model.objects.order_by("pk"):
            changed = {}
            for field in file_fields(model):
                name = getattr(attachment, field.attname).name
                if not name:
                    continue
                if private.exists(name):  # moved already; a public copy left behind (by unapplying) goes
                    if public.exists(name) and same_content(public, private, name):
                        moved.append(name)
                    continue
                if not public.exists(name):
                    log(f"{model._meta.label} {attachment.pk}: {name} is in neither storage; left as it is.")
                    continue
                detect = field.upload_to.detect
                with public.open(name, "rb") as content:
                    extension = (detect and detect(content)) or PurePath(name).suffix.lstrip(".")
                    keeps_name = detect is not None and PurePath(name).suffix == f".{extension}"
                    new_name = name if keeps_name else RandomName(field.upload_to.folder)(attachment, f"x.{extension}")
                    changed[field.attname] = private.save(new_name, content)
                moved.append(name)
            if changed:
                model.objects.filter(pk=attachment.pk).update(**changed)
    transaction.on_commit(lambda: [public.delete(name) for name in moved])
    return moved


def move_to_public_storage(photo_model, document_model):
    """The way back, for unapplying the migration: copy the files under their current names to public media."""
    public, private = FileSystemStorage(location=settings.MEDIA_ROOT), storages["private"]
    for model in (photo_model, document_model):
        for attachment in model.objects.order_by("pk"):
            for field in file_fields(model):
                name = getattr(attachment, field.attname).name
                if name and private.exists(name) and not public.exists(name):
                    with private.open(name, "rb") as content:
                        public.save(name, content)
