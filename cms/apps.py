"""The network's own site: its pages, demo content and composition of the plugins."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    label = "cms"
    verbose_name = _("Network site")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Receivers connect when imported, and import models: only once the registry is ready.
        from django.db.backends.signals import connection_created

        from cms import outages, page_cache
        from cms.members import receivers  # noqa: F401

        page_cache.connect_signals()
        connection_created.connect(outages.database_connected, dispatch_uid="outages_database")
