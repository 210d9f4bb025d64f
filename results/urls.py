from django.urls import path

from projects.filters import PilotActionFilter
from resilient_borders.pagecache import cache_public_page as cached
from resilient_borders.pagecache import filter_parameters
from results import views

app_name = "results"

urlpatterns = [
    path(
        "results/",
        cached(views.ComparisonView.as_view(), parameters=filter_parameters(PilotActionFilter)),
        name="comparison",
    ),
]
