"""Settings for the delivery benchmark: signed and unsigned deliveries on their own queues."""

import os

from cms.settings.dev import *  # noqa: F403

DEBUG = False
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default", "signed", "unsigned"],
    }
}
# Workers of the "signed" queue sign; those of the "unsigned" queue do not. The process that
# fans out chooses the queue.
FEDERATION_SIGN_DELIVERIES = os.environ.get("BENCH_SIGN", "1") == "1"
FEDERATION_DELIVERY_QUEUE = os.environ.get("BENCH_QUEUE", "default")
FEDERATION_READ_TIMEOUT = float(os.environ.get("BENCH_READ_TIMEOUT", "2"))
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
