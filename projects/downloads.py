"""Files to download: the printable map, served from storage and rendered first when missing."""

from django.core.files.storage import default_storage
from django.http import FileResponse
from django.views.decorators.http import condition, require_GET

from projects.tasks import PRINTABLE_MAP_PATHS, store_printable_map

CONTENT_TYPES = {"pdf": "application/pdf", "png": "image/png"}


def _stored_printable_map(file_format):
    path = PRINTABLE_MAP_PATHS[file_format]
    if not default_storage.exists(path):
        store_printable_map()
    return path


def _last_modified(request, file_format):
    return default_storage.get_modified_time(_stored_printable_map(file_format))


@require_GET
@condition(last_modified_func=_last_modified)
def printable_map(request, file_format):
    path = _stored_printable_map(file_format)
    response = FileResponse(
        default_storage.open(path, "rb"),
        content_type=CONTENT_TYPES[file_format],
        filename=f"resilient-borders-map.{file_format}",
        as_attachment=False,
    )
    response["Cache-Control"] = "public, max-age=300"
    return response
