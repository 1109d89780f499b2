from django.apps import AppConfig


class FiguresConfig(AppConfig):
    name = "cms.figures"
    label = "cms_figures"
    default_auto_field = "django.db.models.BigAutoField"
