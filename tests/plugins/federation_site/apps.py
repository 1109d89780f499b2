"""The federation test site's app: its one page model."""

from django.apps import AppConfig


class FederationSiteConfig(AppConfig):
    name = "tests.plugins.federation_site"
    label = "federation_site"
    default_auto_field = "django.db.models.BigAutoField"
