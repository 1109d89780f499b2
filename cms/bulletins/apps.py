"""The e-bulletin: multilingual newsletters written as pages, sent exactly once per recipient."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BulletinsConfig(AppConfig):
    name = "cms.bulletins"
    label = "cms_bulletins"
    verbose_name = _("E-bulletin")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import privacy

        privacy.register()
