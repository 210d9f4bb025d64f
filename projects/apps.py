from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Pilot actions")

    def ready(self):
        from projects import signals, tasks  # noqa: F401 (connect the receivers, the filter choices' in tasks)
