from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    """What the programme is: its own pages (about, the call) and the questions people ask about it."""

    name = "programme"
    verbose_name = _("Programme information")
