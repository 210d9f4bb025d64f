from django.urls import path

from borders import views

app_name = "borders"

urlpatterns = [
    path("borders/", views.BorderListView.as_view(), name="border-list"),
    path("borders/<slug:slug>/", views.BorderDetailView.as_view(), name="border-detail"),
    path("countries/", views.CountryListView.as_view(), name="country-list"),
    path("countries/<str:iso_code>/", views.CountryDetailView.as_view(), name="country-detail"),
    path("api/borders.geojson", views.borders_geojson, name="borders-geojson"),
    path("api/countries.geojson", views.countries_geojson, name="countries-geojson"),
]
