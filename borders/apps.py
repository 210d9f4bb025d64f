from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BordersConfig(AppConfig):
    name = "borders"
    verbose_name = _("Borders and countries")
