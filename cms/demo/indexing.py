"""Wagtail's per-save side work, deferred to one bulk pass at the end of the demo load.

Every save of a page, revision, image or snippet queues a search-index task and a reference-index
task (django-tasks: with the database backend one row each, ~12,000 for the demo, then as many
runs of the worker). While the demo loads, `deferred_indexing()` records what was saved instead,
and at the end indexes each saved object once, inline and in bulk, with the functions those tasks
call: search and references are complete as soon as the load ends, without the worker.
Deletions keep their own (inline) handlers.
"""

from collections import defaultdict
from contextlib import contextmanager

from django.db.models.signals import post_save
from modelcluster.fields import ParentalKey
from modelsearch import index as search_index
from modelsearch.backends import get_search_backends
from modelsearch.signal_handlers import post_save_signal_handler
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import update_reference_index_on_save


def _searchable_models():
    return [
        model
        for model in search_index.get_indexed_models()
        if getattr(model, "search_auto_update", True)
    ]


@contextmanager
def deferred_indexing():
    """Index what the block saved once, when it ends, instead of queueing two tasks per save."""
    saved = defaultdict(set)  # model -> primary keys

    def record(sender, instance, raw=False, **kwargs):
        if not raw and instance.pk is not None:
            saved[type(instance)].add(instance.pk)

    handlers = [(post_save_signal_handler, model) for model in _searchable_models()]
    handlers += [(update_reference_index_on_save, model) for model in ReferenceIndex.tracked_models]
    for handler, model in handlers:
        post_save.disconnect(handler, sender=model)
    post_save.connect(record, weak=False, dispatch_uid="cms.demo.indexing.record")
    try:
        yield
    finally:
        post_save.disconnect(dispatch_uid="cms.demo.indexing.record")
        for handler, model in handlers:
            post_save.connect(handler, sender=model)
    # Only when the block succeeded: otherwise its transaction rolls back, nothing to index.
    update_search_index(saved)
    update_reference_index(saved)


def update_search_index(saved):
    """What `insert_or_update_object_task` does for each saved object, one bulk call a model."""
    searchable = set(_searchable_models())
    by_model = defaultdict(dict)
    for model, pks in saved.items():
        if model not in searchable:
            continue
        for obj in model.get_indexed_objects().filter(pk__in=pks):
            instance = obj.get_indexed_instance()  # a page's specific instance
            if instance is not None:
                by_model[type(instance)][instance.pk] = instance
    backends = list(get_search_backends(with_auto_update=True))
    for model, objects in by_model.items():
        for backend in backends:
            backend.add_bulk(model, list(objects.values()))


def update_reference_index(saved):
    """What `update_reference_index_task` does for each saved object, once per object."""
    tracked = set(ReferenceIndex.tracked_models)
    done = set()
    for model, pks in saved.items():
        if model not in tracked:
            continue
        for instance in model._default_manager.filter(pk__in=pks):
            # A child object (ParentalKey) is indexed through its parent, as the task does.
            while instance is not None:
                keys = [f for f in instance._meta.get_fields() if isinstance(f, ParentalKey)]
                if not keys:
                    break
                instance = getattr(instance, keys[0].name)
            if instance is None or not ReferenceIndex.is_indexed(instance._meta.model):
                continue
            key = (instance._meta.label, instance.pk)
            if key not in done:
                done.add(key)
                ReferenceIndex.create_or_update_for_object(instance)
