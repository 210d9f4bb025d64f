from django.urls import path

from core.pagecache import cache_public_page as cached
from programme import views

app_name = "programme"

urlpatterns = [
    path("about/", cached(views.AboutView.as_view()), name="about"),
    path("call/", cached(views.CallView.as_view()), name="call"),
    path("faq/", cached(views.FaqView.as_view()), name="faq"),
]
