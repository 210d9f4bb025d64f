"""The bare floor of `make bench`: Django answering "ok" from one view behind SecurityMiddleware and
CommonMiddleware, and nothing else (no apps, no database, no templates, no sessions).

A settings module and URLconf of its own, served by the same gunicorn and loaded by the same wrk as the
portal in the same run (``DJANGO_SETTINGS_MODULE=resilient_borders.bench_floor`` with
``django.core.wsgi:get_wsgi_application()``), so that each page's throughput reads as a share of what Django
itself can answer on this machine at that moment. No production path imports it.
"""

import os

from django.http import HttpResponse
from django.urls import path

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or "bench-floor-serves-ok-only-and-signs-nothing"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
INSTALLED_APPS = []
DATABASES = {}
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
]
ROOT_URLCONF = __name__
USE_I18N = False
USE_TZ = True
FLOOR_PATH = "/bench/floor"


def floor(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path(FLOOR_PATH.lstrip("/"), floor)]
