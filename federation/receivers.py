"""Wagtail publishing -> federation tasks, queued with the editor's transaction.

No network here: a handler only queues a task with ids, and the worker does the rest. The task is
written in the publishing transaction when there is one (`queueing.enqueue_durably`); what is
published outside a transaction (the admin publishes in autocommit) is recorded by the page row
itself (`live`, `last_published_at`), and `manage.py federation_reconcile` queues any page whose
federated object is missing or older than its last publication.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from .actors import ensure_actor_for_page
from .following import purge_blocked_domain
from .mixins import FederatedActorMixin, FederatedMixin
from .models import DomainBlock
from .publishing import publish_page, publish_page_of_group, retract_page
from .queueing import BULK, enqueue_durably, lane


def _queue(task, *args):
    # Publications are bulk work: a fan-out to every follower must not hold up an Accept.
    enqueue_durably(lane(task, BULK), *args)


@receiver(page_published)
def on_page_published(sender, instance, **kwargs):
    if isinstance(instance, FederatedActorMixin):
        _queue(ensure_actor_for_page, instance.pk)
    if isinstance(instance, FederatedMixin):
        _queue(publish_page, instance.pk)


@receiver(page_unpublished)
def on_page_unpublished(sender, instance, **kwargs):
    if isinstance(instance, FederatedMixin):
        # Another language may still be live: then the group is updated, not deleted.
        _queue(retract_page, str(instance.translation_key))
        _queue(publish_page_of_group, str(instance.translation_key))


@receiver(post_delete)
def on_page_deleted(sender, instance, **kwargs):
    if isinstance(instance, FederatedMixin) and getattr(instance, "translation_key", None):
        _queue(retract_page, str(instance.translation_key))
        _queue(publish_page_of_group, str(instance.translation_key))


@receiver(post_save, sender=DomainBlock)
def on_domain_blocked(sender, instance, **kwargs):
    """Blocking a server from any admin screen removes its posts from the network feed."""
    purge_blocked_domain(instance.domain)
