from django.urls import path

from core.pagecache import cache_public_page as cached
from core.pagecache import filter_parameters
from projects import downloads, feeds, views
from projects.filters import PilotActionFilter

app_name = "projects"

urlpatterns = [
    path("", cached(views.HomeView.as_view()), name="home"),
    path("pilot-actions/", cached(views.PilotActionListView.as_view()), name="pilot-action-list"),
    path("map/", cached(views.MapView.as_view()), name="map"),
    path("map/results/", cached(views.MapResultsView.as_view()), name="map-results"),
    path(
        "pilot-actions/<slug:slug>/",
        cached(views.PilotActionDetailView.as_view()),
        name="pilot-action-detail",
    ),
    path("groups/<slug:slug>/", cached(views.ThematicGroupDetailView.as_view()), name="group-detail"),
    path("updates/", cached(views.UpdateListView.as_view()), name="update-list"),
    path("feeds/updates/", cached(feeds.UpdatesFeed()), name="updates-feed"),
    path("feeds/updates/rss/", cached(feeds.UpdatesRssFeed()), name="updates-rss"),
    path("feeds/pilot-actions/<slug:slug>/", cached(feeds.PilotActionUpdatesFeed()), name="pilot-action-feed"),
    path(
        "feeds/pilot-actions/<slug:slug>/rss/",
        cached(feeds.PilotActionUpdatesRssFeed()),
        name="pilot-action-rss",
    ),
    path(
        "api/pilot-actions.geojson",
        cached(views.pilot_actions_geojson, parameters=filter_parameters(PilotActionFilter, "bbox", "zoom")),
        name="pilot-actions-geojson",
    ),
    path("downloads/map.pdf", downloads.printable_map, {"file_format": "pdf"}, name="map-pdf"),
    path("downloads/map.png", downloads.printable_map, {"file_format": "png"}, name="map-png"),
    path("downloads/pilot-actions.csv", downloads.pilot_actions_download, {"file_format": "csv"}, name="open-data-csv"),
    path(
        "downloads/pilot-actions-for-excel.csv",
        downloads.pilot_actions_download,
        {"file_format": "csv", "byte_order_mark": True},
        name="open-data-csv-excel",
    ),
    path(
        "downloads/pilot-actions.xlsx", downloads.pilot_actions_download, {"file_format": "xlsx"}, name="open-data-xlsx"
    ),
    path(
        "downloads/pilot-actions.geojson",
        downloads.pilot_actions_download,
        {"file_format": "geojson"},
        name="open-data-geojson",
    ),
    path("open-data/", cached(views.OpenDataView.as_view()), name="open-data"),
    path("statistics/", cached(views.StatisticsView.as_view()), name="statistics"),
    path(
        "statistics/<slug:chart>.csv",
        cached(views.statistics_csv, parameters=filter_parameters(PilotActionFilter)),
        name="statistics-csv",
    ),
]
