"""Whole public pages, cached for anonymous visitors and dropped the moment public content changes.

A page is stored only when its view asks for it (``cache_public_page``) and its response sets no
cookie, so nothing personal (a CSRF token, a session, a message) is ever served to someone else.
Every key carries the public content version, which the signals in ``projects.signals`` drop on any
change to a pilot action, report, border, country or webinar: the next request renders afresh.
"""

import functools
import hashlib
import uuid
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.urls import Resolver404, resolve

VERSION_KEY = "public-content-version"
# A request or response with one of these is about one person: never stored here, and private (middleware).
PERSONAL_COOKIES = {settings.SESSION_COOKIE_NAME, "messages"}


def content_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def forget_content_version():
    cache.delete(VERSION_KEY)


# Free text is unbounded by nature: a page per search would fill the cache with pages nobody asks for twice.
UNCACHED_PARAMETERS = {"q"}


def filter_parameters(filterset_class, *others):
    """The query parameters of ``filterset_class`` a cached page may depend on (free text aside), and ``others``."""
    return frozenset(set(filterset_class.base_filters) - UNCACHED_PARAMETERS) | frozenset(others)


def default_parameters(view):
    """A FilterView's page depends on its filters and its page number; any other view's on no parameter."""
    view_class = getattr(view, "view_class", None)
    filterset_class = getattr(view_class, "filterset_class", None)
    if filterset_class is None:
        return frozenset()
    return filter_parameters(filterset_class, *([view_class.page_kwarg] if view_class.paginate_by else []))


def answers_its_parameters(request, response):
    """False for a page that is not the one its parameters name: a filter with an error (the list shows it and
    filters by the others), or another page than the page number asked for (the nearest one is shown). Stored,
    such pages would give every invalid value its own copy of a valid page."""
    context = getattr(response, "context_data", None) or {}
    filterset = context.get("filter")
    if filterset is not None and filterset.is_bound and not filterset.is_valid():
        return False
    page, asked = context.get("page_obj"), request.GET.get("page")
    return not (page is not None and asked and str(page.number) != asked)


def cache_public_page(view=None, *, parameters=None):
    """Mark a public view's responses as shareable between anonymous visitors.

    ``parameters`` names the query parameters its page depends on (by default a FilterView's filters and page
    number, none for any other view). A request with any other parameter (a tracking tag, a scanner's junk, a
    free-text search) or with one twice is neither looked up nor stored, nor is a page whose parameters were
    invalid: what the cache holds is bounded by the valid pages, not by what strangers send.
    """
    if view is None:
        return functools.partial(cache_public_page, parameters=parameters)

    @functools.wraps(view)
    def marked(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.public_page_cache = answers_its_parameters(request, response)
        return response

    marked.public_page_cache = True
    marked.page_parameters = default_parameters(view) if parameters is None else frozenset(parameters)
    return marked


def normalised_query(query, parameters):
    """``query`` (a QueryDict) as one string whatever the order of its parameters, blank ones left out (a form
    sends its empty fields, which filter nothing); None when it names a parameter outside ``parameters``, or
    one twice."""
    pairs = []
    for name, values in query.lists():
        if len(values) != 1 or (name not in parameters and (values[0] or name not in UNCACHED_PARAMETERS)):
            return None
        if values[0]:
            pairs.append((name, values[0]))
    return urlencode(sorted(pairs))


class PublicPageCacheMiddleware:
    """After LocaleMiddleware, so that /fr/ addresses resolve in French; sessions are read lazily, so a
    cached page still costs no query."""

    def __init__(self, get_response):
        self.get_response = get_response

    @staticmethod
    def cacheable_view(request):
        try:
            match = resolve(request.path_info, getattr(request, "urlconf", None))
        except Resolver404:
            return None
        return match.func if getattr(match.func, "public_page_cache", False) else None

    def __call__(self, request):
        timeout = settings.PUBLIC_PAGE_CACHE_SECONDS
        if not timeout or request.method not in ("GET", "HEAD") or PERSONAL_COOKIES & request.COOKIES.keys():
            return self.get_response(request)
        view = self.cacheable_view(request)
        if view is None:  # no cache lookup at all for the workspace, admin, forms...
            return self.get_response(request)
        query = normalised_query(request.GET, view.page_parameters)
        if query is None:
            return self.get_response(request)
        # The scheme too: behind a proxy that also answers http, an http page must not be served over https.
        address = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
        key = f"page:{content_version()}:{hashlib.sha256(address.encode()).hexdigest()}"
        response = cache.get(key)
        if response is not None:
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if (
            getattr(response, "public_page_cache", False)
            and request.method == "GET"
            and response.status_code == 200
            and not response.cookies
            and not response.streaming
        ):
            cache.set(key, response, timeout)
        return response
