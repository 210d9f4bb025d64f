from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelectionConfig(AppConfig):
    name = "selection"
    verbose_name = _("Selection")

    def ready(self):
        from selection import signals  # noqa: F401 (connects the receivers)
        from selection.models import Application

        # The proxy inherits the pilot action's ``history``; this tells the history admin view where it is.
        Application._meta.simple_history_manager_attribute = "history"
