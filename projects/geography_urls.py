from django.urls import path

from core.pagecache import cache_public_page
from projects import geography_views as views

app_name = "borders"  # the pages of borders and countries keep their own namespace

urlpatterns = [
    path("borders/", cache_public_page(views.BorderListView.as_view()), name="border-list"),
    path("borders/<slug:slug>/", cache_public_page(views.BorderDetailView.as_view()), name="border-detail"),
    path("countries/", cache_public_page(views.CountryListView.as_view()), name="country-list"),
    path("countries/<str:iso_code>/", cache_public_page(views.CountryDetailView.as_view()), name="country-detail"),
    path("api/borders.geojson", views.borders_geojson, name="borders-geojson"),
    path("api/countries.geojson", views.countries_geojson, name="countries-geojson"),
]
