"""Queueing federation work: in which lane a task runs, and queued so that a commit cannot lose it.

Lanes (see DEVELOPERS.md): `realtime` is what a peer waits for (an Accept), `default` what a
person waits for, `bulk` what nobody waits for (a publication's fan-out to every follower). A
lane is a queue (FEDERATION_REALTIME_QUEUE, FEDERATION_BULK_QUEUE) and a priority; a backend that
lists neither queue (a bare site's default TASKS) runs everything in its default queue.
"""

from __future__ import annotations

import logging

from django.db import DEFAULT_DB_ALIAS, router, transaction
from django_tasks.exceptions import InvalidTaskError

from .conf import setting

logger = logging.getLogger(__name__)

REALTIME = "realtime"
DEFAULT = "default"
BULK = "bulk"
# A worker that takes several lanes (`--queue-name '*'`) takes the most urgent first.
PRIORITIES = {REALTIME: 20, DEFAULT: 0, BULK: -20}


def lane(task, name: str):
    """`task` bound to the lane `name`, as far as its backend knows the lane's queue."""
    backend = task.get_backend()
    options = {}
    queue = {REALTIME: setting("REALTIME_QUEUE"), BULK: setting("BULK_QUEUE")}.get(name)
    if queue and (not backend.queues or queue in backend.queues):
        options["queue_name"] = queue
    if backend.supports_priority and PRIORITIES.get(name):
        options["priority"] = PRIORITIES[name]
    return task.using(**options) if options else task


def _in_same_transaction(backend, using: str | None) -> bool:
    """Whether the backend writes its task rows through the connection of the open transaction."""
    try:
        from django_tasks_db.backend import DatabaseBackend
    except ImportError:  # the database backend is optional for the plugin
        return False
    if not isinstance(backend, DatabaseBackend):
        # Its models exist only where the site installs django_tasks_db (a bare site may not).
        return False
    from django_tasks_db.models import DBTaskResult

    using = using or DEFAULT_DB_ALIAS
    return (
        transaction.get_connection(using).in_atomic_block
        and router.db_for_write(DBTaskResult) == using
    )


def enqueue_durably(task, *args, using: str | None = None):
    """Queue `task(*args)` so that it exists exactly when the current transaction commits.

    With the database backend the task row is written inside the open transaction (a
    transactional outbox: it commits or rolls back with the data that asked for it). Any other
    backend (the immediate one of the tests, a broker) would run or see the task before the data
    commits, so it is queued after the commit; if that fails the data stays committed, the
    failure is logged, and `manage.py federation_reconcile` and `federation_retry` queue the
    work again from the rows (a live page without its object, a delivery still pending).
    """
    if _in_same_transaction(task.get_backend(), using):
        return task.enqueue(*args)

    def enqueue():
        try:
            task.enqueue(*args)
        except InvalidTaskError:
            raise  # a programming error, not a passing failure of the queue
        except Exception:
            logger.exception(
                "could not queue %s%r after commit; the periodic reconciliation will",
                task.name,
                tuple(args),
            )

    transaction.on_commit(enqueue, using=using)
    return None
