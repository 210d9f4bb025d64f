from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResultsConfig(AppConfig):
    """What the pilot actions produced (the outputs library) and learned (results, obstacles met, follow-up)."""

    name = "results"
    verbose_name = _("Outputs and results")

    def ready(self):
        from results import signals  # noqa: F401 (connects the receivers)
