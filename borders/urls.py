from django.urls import path

from borders import views

app_name = "borders"

urlpatterns = [
    path("borders/", views.BorderListView.as_view(), name="border-list"),
    path("borders/<slug:slug>/", views.BorderDetailView.as_view(), name="border-detail"),
    path("countries/", views.CountryListView.as_view(), name="country-list"),
    path("countries/<str:iso_code>/", views.CountryDetailView.as_view(), name="country-detail"),
]
