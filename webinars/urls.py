from django.urls import path

from webinars import views

app_name = "webinars"

urlpatterns = [
    path("", views.WebinarListView.as_view(), name="webinar-list"),
    path("<slug:slug>.ics", views.WebinarCalendarView.as_view(), name="webinar-ics"),
    path("<slug:slug>/", views.WebinarDetailView.as_view(), name="webinar-detail"),
]
