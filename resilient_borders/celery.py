"""Celery application.

Broker and eager mode come from settings: with no ``CELERY_BROKER_URL`` tasks
run in the calling process, so a developer needs no Redis.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "resilient_borders.settings")

app = Celery("resilient_borders")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
