"""ActivityPub federation for any Wagtail site: actors, inboxes, delivery, the network feed."""

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _ensure_network_actor(sender, using="default", **kwargs):
    """After `migrate`, the site's own actor exists with its keys: @<NETWORK_ACTOR>@host is
    findable from the first request."""
    from .actors import ensure_network_actor

    if using == "default":
        ensure_network_actor()


class FederationConfig(AppConfig):
    name = "federation"
    label = "federation"
    verbose_name = _("Federation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import receivers  # noqa: F401

        post_migrate.connect(_ensure_network_actor, sender=self)
