"""Wagtail publishing -> federation tasks, queued when the editor's transaction commits.

No network here: a handler only queues a task with ids, and the worker does the rest.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from .actors import ensure_actor_for_page
from .following import purge_blocked_domain
from .mixins import FederatedActorMixin, FederatedMixin
from .models import DomainBlock
from .publishing import publish_page, publish_page_of_group, retract_page


def _on_commit(task, *args):
    transaction.on_commit(lambda: task.enqueue(*args))


@receiver(page_published)
def on_page_published(sender, instance, **kwargs):
    if isinstance(instance, FederatedActorMixin):
        _on_commit(ensure_actor_for_page, instance.pk)
    if isinstance(instance, FederatedMixin):
        _on_commit(publish_page, instance.pk)


@receiver(page_unpublished)
def on_page_unpublished(sender, instance, **kwargs):
    if isinstance(instance, FederatedMixin):
        # Another language may still be live: then the group is updated, not deleted.
        _on_commit(retract_page, str(instance.translation_key))
        _on_commit(publish_page_of_group, str(instance.translation_key))


@receiver(post_delete)
def on_page_deleted(sender, instance, **kwargs):
    if isinstance(instance, FederatedMixin) and getattr(instance, "translation_key", None):
        _on_commit(retract_page, str(instance.translation_key))
        _on_commit(publish_page_of_group, str(instance.translation_key))


@receiver(post_save, sender=DomainBlock)
def on_domain_blocked(sender, instance, **kwargs):
    """Blocking a server from any admin screen removes its posts from the network feed."""
    purge_blocked_domain(instance.domain)
