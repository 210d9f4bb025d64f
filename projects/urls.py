from django.urls import path

from projects import downloads, feeds, views

app_name = "projects"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("pilot-actions/", views.PilotActionListView.as_view(), name="pilot-action-list"),
    path("map/", views.MapView.as_view(), name="map"),
    path("pilot-actions/<slug:slug>/", views.PilotActionDetailView.as_view(), name="pilot-action-detail"),
    path("groups/<slug:slug>/", views.ThematicGroupDetailView.as_view(), name="group-detail"),
    path("updates/", views.UpdateListView.as_view(), name="update-list"),
    path("feeds/updates/", feeds.UpdatesFeed(), name="updates-feed"),
    path("feeds/updates/rss/", feeds.UpdatesRssFeed(), name="updates-rss"),
    path("feeds/pilot-actions/<slug:slug>/", feeds.PilotActionUpdatesFeed(), name="pilot-action-feed"),
    path("feeds/pilot-actions/<slug:slug>/rss/", feeds.PilotActionUpdatesRssFeed(), name="pilot-action-rss"),
    path("api/pilot-actions.geojson", views.pilot_actions_geojson, name="pilot-actions-geojson"),
    path("downloads/map.pdf", downloads.printable_map, {"file_format": "pdf"}, name="map-pdf"),
    path("downloads/map.png", downloads.printable_map, {"file_format": "png"}, name="map-png"),
    path("downloads/pilot-actions.csv", downloads.pilot_actions_download, {"file_format": "csv"}, name="open-data-csv"),
    path(
        "downloads/pilot-actions.xlsx", downloads.pilot_actions_download, {"file_format": "xlsx"}, name="open-data-xlsx"
    ),
    path(
        "downloads/pilot-actions.geojson",
        downloads.pilot_actions_download,
        {"file_format": "geojson"},
        name="open-data-geojson",
    ),
    path("open-data/", views.OpenDataView.as_view(), name="open-data"),
]
