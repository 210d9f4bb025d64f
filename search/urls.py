from django.urls import path

from core.pagecache import cache_public_page as cached
from search import views

app_name = "search"

urlpatterns = [
    # Only the empty page is stored: searches are free text (pagecache.UNCACHED_PARAMETERS), never cached.
    path("search/", cached(views.SearchView.as_view(), parameters=()), name="results"),
]
