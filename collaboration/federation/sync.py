"""Catching up with a group of another site: read its log from the last activity applied here.

Run when an Announce arrives after a gap, when a join is accepted (the recent history), by
`manage.py sync_remote_groups` (after a restart, and periodically), and retried by the queue
when the group's site does not answer. Each activity is applied in its own transaction, in the
order of the group's log, so a sync interrupted halfway resumes where it stopped.
"""

from __future__ import annotations

import datetime as dt
import logging
from urllib.parse import urlencode

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from federation import fetch
from federation.inbox import Refused
from federation.queueing import REALTIME, lane

from ..conf import setting
from . import roles
from .fetching import get_signed, log_url
from .models import RemoteGroup
from .remote_apply import NeedsFetch, apply_announce

logger = logging.getLogger(__name__)


def catch_up(remote_group_id: int) -> int:
    """Apply every activity of the group's log after the last one applied here; returns how
    many were applied. Raises FetchError when the group's site cannot be read."""
    remote = RemoteGroup.objects.filter(pk=remote_group_id).select_related("actor", "group").first()
    if remote is None:
        return 0
    base = log_url(remote)
    if base is None:
        return 0
    after = remote.last_seq
    if after == 0:
        # Newly joined: who moderates it, and the recent history, not all of it.
        roles.learn_moderators(remote)
        total = get_signed(remote, base).get("totalItems")
        if isinstance(total, int) and total > setting("FEDERATION_BACKFILL"):
            after = total - setting("FEDERATION_BACKFILL")
    applied = 0
    url = f"{base}?{urlencode({'after': after})}"
    for _page in range(1000):
        page = get_signed(remote, url)
        items = page.get("orderedItems")
        if not isinstance(items, list):
            break
        for item in items:
            if not isinstance(item, dict) or item.get("actor") != remote.actor.uri:
                continue
            seq = item.get("seq")
            if not isinstance(seq, int) or isinstance(seq, bool):
                continue
            with transaction.atomic():
                locked = RemoteGroup.objects.select_for_update().get(pk=remote.pk)
                if seq <= locked.last_seq:
                    continue
                try:
                    apply_announce(locked, item, may_fetch=True)
                except (Refused, NeedsFetch) as exc:
                    logger.warning("skipped activity %s of %s: %s", seq, remote, exc)
                RemoteGroup.objects.filter(pk=remote.pk).update(last_seq=seq)
                applied += 1
        following = page.get("next")
        if not isinstance(following, str):
            break
        url = following
    RemoteGroup.objects.filter(pk=remote.pk).update(synced_at=timezone.now())
    return applied


@task()
def sync_remote_group(remote_group_id: int) -> int:
    """`catch_up` as a task (realtime lane): what a person looking at the group waits for."""
    try:
        return catch_up(remote_group_id)
    except fetch.FetchError as exc:
        logger.warning("cannot catch up with group %s yet: %s", remote_group_id, exc)
        retry = lane(sync_remote_group, REALTIME)
        if retry.get_backend().supports_defer:
            later = timezone.now() + dt.timedelta(seconds=setting("FEDERATION_SYNC_RETRY"))
            retry.using(run_after=later).enqueue(remote_group_id)
        return 0
