import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "resilient_borders.settings")

application = get_wsgi_application()

# Before the worker takes its first request: compiled templates, URL resolvers, translation catalogues.
from resilient_borders.warmup import warm_up  # noqa: E402 (needs the apps loaded by get_wsgi_application)

warm_up()
