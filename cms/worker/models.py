"""Which task workers are alive: one heartbeat row per worker process."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    """A running `manage.py db_worker` process, as it last said it was alive.

    The worker stamps `beat_at` every TASKS_WORKER_HEARTBEAT_SECONDS from a thread of its own,
    also while a task runs; a task still RUNNING under a worker silent for longer than
    TASKS_WORKER_LEASE_SECONDS was lost with its worker (killed, out of memory, machine gone)
    and is put back in the queue by any other worker.
    """

    worker_id = models.CharField(_("worker id"), max_length=64, unique=True)
    queues = models.CharField(_("queues"), max_length=255, blank=True)
    hostname = models.CharField(_("host"), max_length=255, blank=True)
    pid = models.PositiveIntegerField(_("process id"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    beat_at = models.DateTimeField(_("last heartbeat"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")
        ordering = ["-beat_at"]

    def __str__(self):
        return f"{self.worker_id} ({self.queues})"
