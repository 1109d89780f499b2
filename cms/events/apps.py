"""Event registration: tickets, capacity, waiting list, Join from the fediverse."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "cms.events"
    label = "cms_events"
    verbose_name = _("Event registration")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import federation, privacy

        federation.register()
        privacy.register()
