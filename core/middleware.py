from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponse, HttpResponseRedirect
from django.template.loader import render_to_string
from django.urls import translate_url
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language_from_path

from core.languages import accepted_language
from core.pagecache import PERSONAL_COOKIES


class RequestSizeLimitMiddleware:
    """Refuse an oversized request from its Content-Length, before Django reads a byte of the body.

    The proxy in front (nginx's client_max_body_size) should refuse it first; this holds when it does not.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.UPLOAD_MAX_REQUEST_BYTES:
            return HttpResponse(
                render_to_string("413.html", {"limit": settings.UPLOAD_MAX_REQUEST_BYTES}, request=request),
                status=413,
            )
        return self.get_response(request)


class PrivatePagesMiddleware:
    """``Cache-Control: private, no-store`` on every response to someone signed in, to a request that carries
    a session or a message, and on any response that sets a cookie: a shared proxy must not keep it, nor the
    browser (its back button after signing out). A response that sets its own Cache-Control keeps it (admin's
    never_cache, public downloads).

    Above SessionMiddleware, so that it also sees the session cookie a sign-in sets on its way out.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Cache-Control" not in response and self.is_personal(request, response):
            patch_cache_control(response, private=True, no_store=True)
        return response

    @staticmethod
    def is_personal(request, response):
        # A response that sets a cookie (a sign-in's session, a form's CSRF token) is for one browser only.
        if response.cookies or PERSONAL_COOKIES & request.COOKIES.keys():
            return True
        # Without a session cookie this reads no session: it costs no query. A page served from the public page
        # cache never gets a user.
        user = getattr(request, "user", None)
        return bool(user and user.is_authenticated)


# Vary of every English (unprefixed) page: the first-visit redirect below depends on both.
FIRST_VISIT_VARY = ("Accept-Language", "Cookie", "Referer")


def _is_page(response):
    return response.status_code == 200 and response.get("Content-Type", "").startswith("text/html")


class FirstVisitLanguageMiddleware:
    """A first visit follows the browser's language: a GET or HEAD of an English page (unprefixed, inside
    i18n_patterns) from a browser whose Accept-Language prefers another language of ours, and that has not chosen
    one (no ``LANGUAGE_COOKIE_NAME`` cookie, set by the language chooser's script), is redirected (302) to the same
    page in that language. A client that sends no Accept-Language (crawlers) stays on English, and a chosen
    language, English included, is kept.

    Only a visit from outside is a first visit: a page reached from one of ours (a Referer on this host, which the
    Referrer-Policy sends within the site) is never redirected, so whoever picks English in the chooser browses on
    in English, with or without JavaScript. The cookie, set by static/js/language-chooser.js (a page that set it
    itself could not be cached for everyone), remembers the choice for the next visit from outside.

    Only pages are redirected: what decides is the response, an HTML page answered 200 (not the admin), so the
    GeoJSON APIs, feeds, calendars and downloads under i18n_patterns, and everything outside it (sitemap, robots,
    attachments, static files), are left alone. The English page is rendered (or read from the page cache) before
    being replaced: one wasted page per first visit, against a list of paths to keep up to date.

    Above PublicPageCacheMiddleware, so that a stored English page is not served to a visitor it redirects.
    Every English page says ``Vary: Accept-Language, Cookie, Referer``, so that a shared cache does not serve it to the
    next visitor whatever their language; pages under a language prefix do not vary by language.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not _is_page(response) or get_language_from_path(request.path_info) is not None:
            return response
        patch_vary_headers(response, FIRST_VISIT_VARY)
        target = self.address_in_language(request)
        if target is None:
            return response
        redirect = HttpResponseRedirect(target)
        patch_vary_headers(redirect, FIRST_VISIT_VARY)
        return redirect

    @staticmethod
    def address_in_language(request):
        """The page's address in the language the browser prefers, or None where it stays as it is."""
        if request.method not in ("GET", "HEAD") or settings.LANGUAGE_COOKIE_NAME in request.COOKIES:
            return None
        if urlsplit(request.headers.get("Referer", "")).netloc == request.get_host():
            return None  # a page of ours led here: the visit is under way, and its language was chosen
        language = accepted_language(request.headers.get("Accept-Language"))
        if language is None or language == settings.LANGUAGE_CODE:
            return None
        match = request.resolver_match
        if match is not None and "admin" in match.namespaces:
            return None
        address = request.get_full_path()
        translated = translate_url(address, language)
        # translate_url answers the address unchanged for a path outside i18n_patterns.
        return translated if translated != address else None
