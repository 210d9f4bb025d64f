from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string


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
