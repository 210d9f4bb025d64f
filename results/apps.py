from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResultsConfig(AppConfig):
    """What the pilot actions produced (the outputs library) and learned (results, obstacles met, follow-up)."""

    name = "results"
    verbose_name = _("Outputs and results")

    def ready(self):
        from projects.opendata import register_dataset
        from projects.statistics import register_monthly_series
        from results import signals  # noqa: F401 (connects the receivers)
        from results.opendata import DATASET
        from results.statistics import SERIES

        register_dataset(DATASET)  # documented on /open-data/, which projects serves without importing results
        register_monthly_series(SERIES)  # outputs per month on /statistics/, likewise
