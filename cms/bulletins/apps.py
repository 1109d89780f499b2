from django.apps import AppConfig


class BulletinsConfig(AppConfig):
    name = "cms.bulletins"
    label = "cms_bulletins"
    default_auto_field = "django.db.models.BigAutoField"
