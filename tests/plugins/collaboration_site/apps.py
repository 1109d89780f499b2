"""The collaboration test site's app: only its base template (the plugin brings every model)."""

from django.apps import AppConfig


class CollaborationSiteConfig(AppConfig):
    name = "tests.plugins.collaboration_site"
    label = "collaboration_site"
