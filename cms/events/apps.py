from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "cms.events"
    label = "cms_events"
    default_auto_field = "django.db.models.BigAutoField"
