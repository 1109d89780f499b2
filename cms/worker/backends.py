"""django-tasks-db's backend, with other apps' tasks routed to a lane.

Wagtail queues its indexing (search, references) and image work with django-tasks in the default
queue, and a task's queue is fixed where it is declared. OPTIONS["ROUTES"] maps a task's path to
the queue it runs in instead, OPTIONS["PRIORITIES"] a queue to its priority: Wagtail's
per-save work then waits in the bulk lane, not in front of what a person waits for.
"""

from django_tasks import DEFAULT_TASK_QUEUE_NAME
from django_tasks.base import DEFAULT_TASK_PRIORITY
from django_tasks_db.backend import DatabaseBackend


class LaneDatabaseBackend(DatabaseBackend):
    def route(self, task):
        """The task as it is queued: its route's queue, unless it chose a queue itself."""
        priorities = self.options.get("PRIORITIES", {})
        options = {}
        queue = self.options.get("ROUTES", {}).get(task.module_path)
        if queue and task.queue_name == DEFAULT_TASK_QUEUE_NAME:
            options["queue_name"] = queue
        priority = priorities.get(options.get("queue_name", task.queue_name))
        if priority is not None and task.priority == DEFAULT_TASK_PRIORITY:
            options["priority"] = priority
        return task.using(**options) if options else task

    def enqueue(self, task, args, kwargs):
        return super().enqueue(self.route(task), args, kwargs)

    async def aenqueue(self, task, args, kwargs):
        return await super().aenqueue(self.route(task), args, kwargs)
