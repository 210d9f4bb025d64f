from importlib import import_module

from django.apps import AppConfig, apps
from django.contrib.admin.apps import SimpleAdminConfig
from django.utils.module_loading import module_has_submodule

# django-leaflet's admin module imports GeoDjango, which needs the GDAL system
# library this project does without; its template tags and assets need no GDAL.
APPS_WITHOUT_ADMIN_DISCOVERY = {"leaflet"}


class PortalAdminConfig(SimpleAdminConfig):
    """Django admin, discovering every installed app's ``admin`` module but django-leaflet's."""

    def ready(self):
        super().ready()
        for app_config in apps.get_app_configs():
            if app_config.name in APPS_WITHOUT_ADMIN_DISCOVERY:
                continue
            if module_has_submodule(app_config.module, "admin"):
                import_module(f"{app_config.name}.admin")


class CoreConfig(AppConfig):
    """The machinery every app shares (caching, Markdown, feeds, spreadsheets, admin bases); it imports no app."""

    default = True
    name = "core"
    verbose_name = "Core"

    def ready(self):
        from django.db.models.signals import post_migrate, pre_migrate

        from core import pagecache

        pre_migrate.connect(pagecache.migration_starts, dispatch_uid="core.pagecache.migration_starts")
        post_migrate.connect(pagecache.migration_ends, dispatch_uid="core.pagecache.migration_ends")
