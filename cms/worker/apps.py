"""The workers' app: its own migrations, apart from the site's pages."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkerConfig(AppConfig):
    name = "cms.worker"
    label = "worker"
    verbose_name = _("Background workers")
    default_auto_field = "django.db.models.BigAutoField"
