"""The federated working groups app: registers its actor kinds, inbox handlers and receivers."""

from django.apps import AppConfig, apps
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _


class CollaborationFederationConfig(AppConfig):
    name = "collaboration.federation"
    label = "collaboration_federation"
    verbose_name = _("Working groups across sites")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        for required in ("collaboration", "federation"):
            if not apps.is_installed(required):
                raise ImproperlyConfigured(
                    f"collaboration.federation needs {required!r} in INSTALLED_APPS"
                )
        from federation import registry

        from . import actors, discovery, erasure, incoming, inviting, outgoing, roles

        registry.register_actor_kind(actors.GroupKind())
        registry.register_actor_kind(actors.PersonKind())
        inviting.register()  # first: its handlers return None for what is not an invitation
        incoming.register()
        outgoing.connect()
        discovery.register()
        erasure.connect()
        roles.register()
