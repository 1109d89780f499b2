"""Anonymous visitors' stored pages show figures: a change of what is published moves the page
cache on, once the change has committed (a page stored in between would show the old year)."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from cms import page_cache
from cms.figures.models import Answer, Collection, OrganisationLocation, Response


def _figures_changed(**_kwargs):
    transaction.on_commit(page_cache.invalidate)


def connect():
    for model in (Collection, Response, Answer, OrganisationLocation):
        label = model._meta.label
        post_save.connect(_figures_changed, sender=model, dispatch_uid=f"figures_save_{label}")
        post_delete.connect(_figures_changed, sender=model, dispatch_uid=f"figures_del_{label}")
