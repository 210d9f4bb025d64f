from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Pilot actions")

    def ready(self):
        # Connect the receivers: the map's in mapcells, the filter choices' in tasks.
        from projects import mapcells, signals, tasks  # noqa: F401
