from django.urls import path

from core.pagecache import cache_public_page as cached
from search import views

app_name = "search"
SEARCH_PAGE_SECONDS = 10 * 60

urlpatterns = [
    # Searches are free text: stored for ten minutes only, so that what strangers type cannot hold room for long,
    # while a search many people make (a flood in the news) is answered from the cache.
    path(
        "search/",
        cached(views.SearchView.as_view(), parameters=("q", "type", "page"), timeout=SEARCH_PAGE_SECONDS),
        name="results",
    ),
]
