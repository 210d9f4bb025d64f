"""Whole public pages, cached for anonymous visitors and dropped the moment public content changes.

A page is stored only when its view asks for it (``cache_public_page``) and its response sets no
cookie, so nothing personal (a CSRF token, a session, a message) is ever served to someone else.
Every key carries the public content version, which the signals in ``projects.signals`` drop on any
change to a pilot action, report, border, country or webinar: the next request renders afresh.
"""

import functools
import hashlib
import uuid

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


def cache_public_page(view):
    """Mark a public view's responses as shareable between anonymous visitors."""

    @functools.wraps(view)
    def marked(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.public_page_cache = True
        return response

    marked.public_page_cache = True
    return marked


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
            return False
        return getattr(match.func, "public_page_cache", False)

    def __call__(self, request):
        timeout = settings.PUBLIC_PAGE_CACHE_SECONDS
        if not timeout or request.method not in ("GET", "HEAD") or PERSONAL_COOKIES & request.COOKIES.keys():
            return self.get_response(request)
        if not self.cacheable_view(request):  # no cache lookup at all for the workspace, admin, forms...
            return self.get_response(request)
        address = f"{request.get_host()}{request.get_full_path()}"
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
