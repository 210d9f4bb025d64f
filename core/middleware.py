from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control

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
