"""Files to download: the printable map (served from storage, drawn first when missing) and the open data."""

from django.core.files.storage import default_storage
from django.http import FileResponse, HttpResponse, JsonResponse
from django.utils.translation import get_language
from django.views.decorators.http import condition, require_GET

from core.spreadsheets import export
from projects import opendata
from projects.filters import PilotActionFilter
from projects.models import PilotAction
from projects.tasks import printable_map_file

CONTENT_TYPES = {"pdf": "application/pdf", "png": "image/png"}


def _last_modified(request, file_format):
    return default_storage.get_modified_time(printable_map_file(file_format, get_language()))


@require_GET
@condition(last_modified_func=_last_modified)
def printable_map(request, file_format):
    """The printable map in the request's language (/fr/downloads/map.pdf is the French one, /de/… the German one):
    the current edition, drawn first if this language's is not yet (``projects.tasks.printable_map_file``)."""
    path = printable_map_file(file_format, get_language())
    try:
        stored = default_storage.open(path, "rb")
    except FileNotFoundError:  # a new edition was made current meanwhile, and this one's files deleted
        stored = default_storage.open(printable_map_file(file_format, get_language()), "rb")
    response = FileResponse(
        stored,
        content_type=CONTENT_TYPES[file_format],
        filename=f"resilient-borders-map-{get_language()}.{file_format}",
        as_attachment=False,
    )
    response["Cache-Control"] = "public, max-age=300"
    return response


OPEN_DATA_CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "geojson": "application/geo+json",
}


@require_GET
def pilot_actions_download(request, file_format, byte_order_mark=False):
    """The public pilot actions as CSV, XLSX or GeoJSON, filtered like the list (same FilterSet, same query);
    ``byte_order_mark``: the CSV for Excel."""
    filterset = PilotActionFilter(request.GET, queryset=PilotAction.objects.public(), request=request)
    if not filterset.is_valid():
        return JsonResponse({"errors": filterset.form.errors.get_json_data()}, status=400)
    pilot_actions = list(filterset.qs.for_open_data())
    if file_format == "geojson":
        content = opendata.as_geojson(pilot_actions)
    else:
        content = export(opendata.as_dataset(pilot_actions, file_format), file_format, byte_order_mark)
    response = HttpResponse(content, content_type=OPEN_DATA_CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="resilient-borders-pilot-actions.{file_format}"'
    response["Cache-Control"] = "public, max-age=300"
    return response
