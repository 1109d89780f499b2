"""The task workers: a killed worker's task is taken up again, Wagtail's indexing waits in the
bulk lane. (The real-process fault test is tests/e2e/test_task_recovery_e2e.py.)"""

import datetime as dt

import pytest
from django.test import override_settings
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from cms.settings.base import TASKS as SITE_TASKS
from cms.worker.models import WorkerHeartbeat
from cms.worker.recovery import recover_lost_tasks
from federation.reconcile import reconcile_federation

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def running(worker_ids, started_seconds_ago):
    """A task claimed by the last of `worker_ids`, started that long ago."""
    result = reconcile_federation.enqueue()
    row = DBTaskResult.objects.get(pk=result.id)
    row.status = TaskResultStatus.RUNNING
    row.worker_ids = worker_ids
    row.started_at = timezone.now() - dt.timedelta(seconds=started_seconds_ago)
    row.save()
    return row


def heartbeat(worker_id, seconds_ago):
    WorkerHeartbeat.objects.create(
        worker_id=worker_id, beat_at=timezone.now() - dt.timedelta(seconds=seconds_ago)
    )


@override_settings(TASKS=DATABASE_QUEUE, TASKS_WORKER_LEASE_SECONDS=30, TASKS_WORKER_MAX_CLAIMS=3)
def test_tasks_of_dead_workers_are_queued_again(db):
    """A task whose worker stopped answering (killed, out of memory) is ready to run again; a
    task whose worker is alive, however long it runs, is left alone; a task that three workers
    died running is marked failed, saying why, instead of killing a fourth."""
    heartbeat("dead", seconds_ago=120)
    heartbeat("alive", seconds_ago=2)
    lost = running(["dead"], started_seconds_ago=300)
    long = running(["alive"], started_seconds_ago=3600)
    unknown = running(["never-beat"], started_seconds_ago=300)
    fresh = running(["just-started"], started_seconds_ago=1)
    poison = running(["a", "b", "dead"], started_seconds_ago=300)

    assert recover_lost_tasks() == {"requeued": 2, "failed": 1}

    states = {row.pk: DBTaskResult.objects.get(pk=row.pk).status for row in (lost, long, unknown)}
    assert states == {
        lost.pk: TaskResultStatus.READY,
        long.pk: TaskResultStatus.RUNNING,
        unknown.pk: TaskResultStatus.READY,
    }
    # Claimed a moment ago: its worker's first heartbeat may be on its way.
    assert DBTaskResult.objects.get(pk=fresh.pk).status == TaskResultStatus.RUNNING
    poison.refresh_from_db()
    assert poison.status == TaskResultStatus.FAILED
    assert poison.exception_class_path == "cms.worker.recovery.WorkerLost"
    assert "3 workers stopped answering" in poison.traceback
    # The requeued task is what the worker takes next, with its history of claims kept.
    assert DBTaskResult.objects.ready().filter(pk=lost.pk).get().worker_ids == ["dead"]
    assert recover_lost_tasks() == {"requeued": 0, "failed": 0}


@override_settings(TASKS=SITE_TASKS)
def test_wagtail_indexing_waits_in_the_bulk_lane(home):
    """Saving a page queues Wagtail's search and reference indexing in the bulk lane (behind
    what people and peers wait for), as the site is configured."""
    from cms.models import StandardPage

    DBTaskResult.objects.all().delete()
    home.add_child(instance=StandardPage(title="About", slug="about"))
    queued = {row.task_path: (row.queue_name, row.priority) for row in DBTaskResult.objects.all()}
    assert queued["wagtail.tasks.update_reference_index_task"] == ("bulk", -20)
    assert queued["modelsearch.tasks.insert_or_update_object_task"] == ("bulk", -20)


@override_settings(TASKS=SITE_TASKS)
def test_a_task_that_chose_its_lane_keeps_it(db):
    """Routing moves only tasks left in the default queue: federation's realtime work stays
    realtime, and the routing sets no priority over one a task chose."""
    from federation.queueing import REALTIME, lane

    result = lane(reconcile_federation, REALTIME).enqueue()
    row = DBTaskResult.objects.get(pk=result.id)
    assert (row.queue_name, row.priority) == ("realtime", 20)


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_QUEUE)
def test_a_worker_keeps_a_lease_while_it_runs(transactional_db, monkeypatch):
    """`manage.py db_worker` stamps its heartbeat while it works and removes it when it stops
    cleanly (a stopped worker has nothing to recover)."""
    from django.core.management import call_command

    seen = []

    def spy(*args, **kwargs):
        seen.extend(WorkerHeartbeat.objects.values_list("worker_id", flat=True))
        return {}

    monkeypatch.setattr("federation.reconcile.reconcile", spy)
    reconcile_federation.enqueue()
    call_command(
        "db_worker",
        batch=True,
        worker_id="lease-test",
        startup_delay=False,
        interval=0,
        verbosity=0,
    )
    assert seen == ["lease-test"]
    assert not WorkerHeartbeat.objects.exists()
    row = DBTaskResult.objects.get()
    assert row.status == TaskResultStatus.SUCCESSFUL and row.worker_ids == ["lease-test"]
