"""Leases for task workers: each worker stamps a heartbeat, and every worker puts back in the
queue the RUNNING tasks of workers that stopped stamping (django-tasks-db has no recovery of its
own: a killed worker's task would stay RUNNING forever).

Delivery is at least once: a task taken up again may have done part of its work (a POST sent,
its answer never read), so every task is idempotent (federation's receivers dedupe by activity
id). A task whose workers died TASKS_WORKER_MAX_CLAIMS times is marked failed, not run again: it
is probably what kills them.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connections
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from .models import WorkerHeartbeat

logger = logging.getLogger(__name__)

DEFAULTS = {
    # How often a worker says it is alive, and after how long without a word it is dead.
    "HEARTBEAT_SECONDS": 10.0,
    "LEASE_SECONDS": 30.0,
    # How many workers may die running one task before it is marked failed.
    "MAX_CLAIMS": 5,
}
# Heartbeats of workers stopped this long ago are forgotten.
FORGET_AFTER = dt.timedelta(days=1)


def setting(name):
    return float(getattr(settings, f"TASKS_WORKER_{name}", DEFAULTS[name]))


class WorkerLost(Exception):
    """The worker running the task stopped answering (its exception class, as recorded)."""


def beat(worker_id: str, queues: str = "", now: dt.datetime | None = None) -> None:
    """Say that `worker_id` is alive."""
    now = now or timezone.now()
    updated = WorkerHeartbeat.objects.filter(worker_id=worker_id).update(beat_at=now)
    if not updated:
        WorkerHeartbeat.objects.update_or_create(
            worker_id=worker_id,
            defaults={
                "queues": queues[:255],
                "hostname": socket.gethostname()[:255],
                "pid": os.getpid(),
                "started_at": now,
                "beat_at": now,
            },
        )


def forget(worker_id: str) -> None:
    """A worker that stops cleanly has finished its task: nothing of it to recover."""
    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


def recover_lost_tasks(now: dt.datetime | None = None) -> dict[str, int]:
    """Put back in the queue (READY) every RUNNING task whose worker's heartbeat is older than
    the lease (or that has none: a worker without heartbeats counts as dead once the lease has
    passed since the task started). Safe to run from several workers at once: each row changes
    only if it is still RUNNING under the claim that was seen."""
    now = now or timezone.now()
    horizon = now - dt.timedelta(seconds=setting("LEASE_SECONDS"))
    alive = set(
        WorkerHeartbeat.objects.filter(beat_at__gte=horizon).values_list("worker_id", flat=True)
    )
    counts = {"requeued": 0, "failed": 0}
    running = DBTaskResult.objects.running().filter(started_at__lt=horizon)
    for row in running.only("id", "worker_ids", "started_at", "task_path"):
        worker = row.worker_ids[-1] if row.worker_ids else None
        if worker in alive:
            continue
        same_claim = DBTaskResult.objects.filter(
            pk=row.pk, status=TaskResultStatus.RUNNING, started_at=row.started_at
        )
        claims = len(row.worker_ids)
        if claims >= setting("MAX_CLAIMS"):
            changed = same_claim.update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
                traceback=f"WorkerLost: {claims} workers stopped answering while running it "
                f"(last {worker})",
                return_value=None,
            )
            kind = "failed"
        else:
            changed = same_claim.update(status=TaskResultStatus.READY)
            kind = "requeued"
        if changed:
            counts[kind] += 1
            logger.warning(
                "task %s (%s) %s: its worker %s stopped answering",
                row.pk,
                row.task_path,
                "given up" if kind == "failed" else "queued again",
                worker,
            )
    WorkerHeartbeat.objects.filter(beat_at__lt=now - FORGET_AFTER).delete()
    return counts


class Heartbeat:
    """A worker's lease, kept from a thread of its own (so a long task keeps it too), which also
    recovers other workers' lost tasks at each beat."""

    def __init__(self, worker_id: str, queues: str = ""):
        self.worker_id = worker_id
        self.queues = queues
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._run, name="worker-heartbeat", daemon=True)

    def start(self) -> None:
        # The first beat before any task is claimed: a claim never exists without its lease.
        beat(self.worker_id, self.queues)
        self._tick()
        self._thread.start()

    def stop(self) -> None:
        self._stopped.set()
        self._thread.join(timeout=setting("HEARTBEAT_SECONDS") + 5)
        try:
            forget(self.worker_id)
        except DatabaseError:
            logger.warning("could not remove the heartbeat of worker %s", self.worker_id)

    def _tick(self) -> None:
        try:
            beat(self.worker_id, self.queues)
            recover_lost_tasks()
        except DatabaseError as exc:
            # A locked or unreachable database: the next beat tries again, well within the lease.
            logger.warning("worker %s heartbeat failed: %s", self.worker_id, exc)
            close_old_connections()

    def _run(self) -> None:
        try:
            while not self._stopped.wait(setting("HEARTBEAT_SECONDS")):
                self._tick()
        finally:
            # This thread's own connections.
            connections.close_all()
