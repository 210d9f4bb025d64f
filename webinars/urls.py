from django.urls import path

from core.pagecache import cache_public_page
from webinars import views

app_name = "webinars"

urlpatterns = [
    path("", cache_public_page(views.WebinarListView.as_view()), name="webinar-list"),
    path("<slug:slug>.ics", cache_public_page(views.WebinarCalendarView.as_view()), name="webinar-ics"),
    path("<slug:slug>/", cache_public_page(views.WebinarDetailView.as_view()), name="webinar-detail"),
]
