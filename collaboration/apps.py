"""Working groups that discuss live: groups, topics, messages, over Django Channels."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollaborationConfig(AppConfig):
    name = "collaboration"
    label = "collaboration"
    verbose_name = _("Working groups")
    default_auto_field = "django.db.models.BigAutoField"
