"""The published outputs as open data, filtered like the library (same FilterSet, same query)."""

from django.http import HttpResponse, JsonResponse
from django.views.decorators.http import require_GET

from core.spreadsheets import export
from projects.downloads import OPEN_DATA_CONTENT_TYPES
from results import opendata
from results.filters import OutputFilter
from results.models import Output


@require_GET
def outputs_download(request, file_format, byte_order_mark=False):
    """The published outputs as CSV or XLSX; ``byte_order_mark``: the CSV for Excel."""
    filterset = OutputFilter(request.GET, queryset=Output.objects.published(), request=request)
    if not filterset.is_valid():
        return JsonResponse({"errors": filterset.form.errors.get_json_data()}, status=400)
    outputs = filterset.qs.for_open_data()
    if not filterset.form.cleaned_data.get("sort"):
        outputs = outputs.newest_first()
    content = export(opendata.as_dataset(outputs, file_format), file_format, byte_order_mark)
    response = HttpResponse(content, content_type=OPEN_DATA_CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="resilient-borders-outputs.{file_format}"'
    response["Cache-Control"] = "public, max-age=300"
    return response
