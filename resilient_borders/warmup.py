"""Work a serving process would otherwise do on its first requests, done when it starts instead.

A fresh worker compiles each template on first use, builds the URL resolvers of each language, reads the
translation catalogues and inspects the ORM's expression classes the first time a query uses them: about half a
second on the first map page, paid by whichever visitor comes first after a deploy or a worker's restart.
``warm_up()`` pays it at start (``resilient_borders/wsgi.py``), before the worker takes requests. It reads no row:
a worker whose database is down still starts, and answers 503 until it is back.
"""

import logging
import time
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.template import TemplateDoesNotExist, TemplateSyntaxError, engines
from django.urls import reverse
from django.utils import translation

from projects.models import PilotAction, ProgressReport

logger = logging.getLogger(__name__)


def template_names():
    """Every template of the project's and the installed apps' template folders, by the name a view loads it."""
    folders = [Path(folder) for engine in settings.TEMPLATES for folder in engine.get("DIRS", [])]
    folders += [Path(app.path) / "templates" for app in apps.get_app_configs()]
    for folder in folders:
        if folder.is_dir():
            for path in folder.rglob("*.html"):
                yield path.relative_to(folder).as_posix()


def public_querysets():
    """The queries of the public pages' first requests, to compile."""
    pilot_actions = PilotAction.objects.public()
    return [
        pilot_actions.with_relations().order_by("title"),
        pilot_actions.for_map(),
        pilot_actions.for_detail(),
        pilot_actions.filter(group__slug="", themes__slug="", borders__slug="").distinct().order_by("title"),
        ProgressReport.objects.published().for_list().newest_first(),
    ]


def warm_up():
    started = time.perf_counter()
    engine = engines["django"]
    compiled = 0
    for name in template_names():
        try:
            engine.get_template(name)
            compiled += 1
        except (TemplateDoesNotExist, TemplateSyntaxError):
            continue  # a template of some third-party app that its own setup would need; not ours to mind here
    # Every language, though each costs some 30 ms (its catalogues, and the URL resolvers' tables for its prefix),
    # 0.8 s for the 25: every page links to itself in all of them (the chooser, hreflang), so the first page a
    # worker serves would otherwise build all 25 tables itself.
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            translation.gettext("Pilot actions")  # reads the language's catalogues
            reverse("projects:map")  # builds the URL resolvers' tables for the language's prefix
    for queryset in public_querysets():
        str(queryset.query)  # compiles the SQL without running it
    logger.info("warmed up in %.0f ms: %s templates", (time.perf_counter() - started) * 1000, compiled)
