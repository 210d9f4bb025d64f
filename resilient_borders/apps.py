from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The project itself: the commands that span every app (load_programme, backup, restore, the benchmarks)."""

    name = "resilient_borders"
    verbose_name = "Resilient Borders"
