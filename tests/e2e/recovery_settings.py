"""A site whose workers hold short leases: a killed worker's task is taken up within seconds."""

from cms.settings.dev import *  # noqa: F403

TASKS_WORKER_HEARTBEAT_SECONDS = 0.5
TASKS_WORKER_LEASE_SECONDS = 2
