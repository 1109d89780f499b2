"""What the queue lost, found again from the rows: live pages whose federated object is missing,
older than their last publication or missing a language, objects of pages gone, actor pages
without their actor. Run periodically (`manage.py federation_reconcile`); every task it queues
is idempotent, so queueing one that was not lost after all costs a no-op run."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.apps import apps
from django.utils import timezone
from django_tasks import task
from wagtail.models import Page

from .actors import ensure_actor_for_page
from .conf import setting
from .mixins import FederatedActorMixin, FederatedMixin
from .models import Actor, FederatedObject
from .publishing import publish_page, retract_page
from .queueing import BULK, lane


def page_models(mixin) -> list:
    return [
        model
        for model in apps.get_models()
        if issubclass(model, Page) and issubclass(model, mixin) and not model._meta.abstract
    ]


@dataclass
class _Group:
    page_id: int
    last_published_at: dt.datetime | None = None
    languages: set = field(default_factory=set)


def _live_groups(models) -> dict:
    """translation_key -> the group's live pages: one id, the latest publication, languages."""
    groups: dict = {}
    if not models:
        return groups
    rows = (
        Page.objects.live()
        .type(*models)
        .values_list("translation_key", "pk", "last_published_at", "locale__language_code")
        .order_by("pk")
    )
    for key, pk, published, language in rows:
        group = groups.setdefault(key, _Group(page_id=pk))
        if published and (group.last_published_at is None or published > group.last_published_at):
            group.last_published_at = published
        group.languages.add(language)
    return groups


def reconcile(now: dt.datetime | None = None, grace: float | None = None) -> dict[str, int]:
    """Queue (bulk lane) what publishing should have queued; returns how many of each kind.

    Pages published less than `grace` seconds ago (FEDERATION_RECONCILE_GRACE_SECONDS) are left
    to the task their publication queued."""
    now = now or timezone.now()
    grace = setting("RECONCILE_GRACE_SECONDS") if grace is None else grace
    horizon = now - dt.timedelta(seconds=grace)
    counts = defaultdict(int)

    groups = _live_groups(page_models(FederatedMixin))
    objects = {
        fobj.translation_key: fobj
        for fobj in FederatedObject.objects.exclude(translation_key=None).only(
            "translation_key", "state", "updated_at", "document"
        )
    }
    publish = lane(publish_page, BULK)
    for key, group in groups.items():
        if group.last_published_at and group.last_published_at > horizon:
            continue
        fobj = objects.get(key)
        if fobj is None or fobj.state == FederatedObject.DELETED:
            kind = "missing"
        elif group.last_published_at and fobj.updated_at < group.last_published_at:
            kind = "stale"
        elif set((fobj.document or {}).get("nameMap") or {}) != group.languages:
            kind = "languages"
        else:
            continue
        publish.enqueue(group.page_id)
        counts[kind] += 1

    retract = lane(retract_page, BULK)
    for key, fobj in objects.items():
        if fobj.state == FederatedObject.PUBLISHED and key not in groups:
            retract.enqueue(str(key))
            counts["gone"] += 1

    actor_groups = _live_groups(page_models(FederatedActorMixin))
    with_actor = set(
        Actor.objects.filter(translation_key__in=list(actor_groups)).values_list(
            "translation_key", flat=True
        )
    )
    ensure = lane(ensure_actor_for_page, BULK)
    for key, group in actor_groups.items():
        if key in with_actor or (group.last_published_at and group.last_published_at > horizon):
            continue
        ensure.enqueue(group.page_id)
        counts["actors"] += 1
    return dict(counts)


@task()
def reconcile_federation() -> dict[str, int]:
    """`reconcile` for task schedulers (what `manage.py federation_reconcile` does)."""
    return reconcile()
