"""The network in figures: yearly data collection from members, aggregates, map and charts."""

from django.apps import AppConfig


class FiguresConfig(AppConfig):
    name = "cms.figures"
    label = "cms_figures"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cms.figures import receivers

        receivers.connect()
