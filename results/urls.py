from django.urls import path

from core.pagecache import cache_public_page as cached
from core.pagecache import filter_parameters
from projects.filters import PilotActionFilter
from results import downloads, feeds, views
from results.filters import OutputFilter

app_name = "results"

urlpatterns = [
    path("outputs/", cached(views.OutputListView.as_view()), name="output-list"),
    path("outputs/<int:pk>/", cached(views.OutputDetailView.as_view()), name="output-detail"),
    path(
        "feeds/outputs/", cached(feeds.OutputsFeed(), parameters=filter_parameters(OutputFilter)), name="outputs-feed"
    ),
    path(
        "feeds/outputs/rss/",
        cached(feeds.OutputsRssFeed(), parameters=filter_parameters(OutputFilter)),
        name="outputs-rss",
    ),
    path("downloads/outputs.csv", downloads.outputs_download, {"file_format": "csv"}, name="outputs-csv"),
    path(
        "downloads/outputs-for-excel.csv",
        downloads.outputs_download,
        {"file_format": "csv", "byte_order_mark": True},
        name="outputs-csv-excel",
    ),
    path("downloads/outputs.xlsx", downloads.outputs_download, {"file_format": "xlsx"}, name="outputs-xlsx"),
    path(
        "results/",
        cached(views.ComparisonView.as_view(), parameters=filter_parameters(PilotActionFilter, "page")),
        name="comparison",
    ),
]
