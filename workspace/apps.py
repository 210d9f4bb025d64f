from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkspaceConfig(AppConfig):
    name = "workspace"
    verbose_name = _("Coordinators")

    def ready(self):
        from notifications.outbox import register_user_language
        from workspace.models import Invitation

        # A coordinator's reminders are written in the language they were invited in.
        register_user_language(Invitation.language_of)
