"""A worker for the exactly-once test: short leases, real SMTP to the test's local server."""

import os

from cms.settings.dev import *  # noqa: F403

TASKS_WORKER_HEARTBEAT_SECONDS = 0.5
TASKS_WORKER_LEASE_SECONDS = 2
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "127.0.0.1"
EMAIL_PORT = int(os.environ["BULLETIN_TEST_SMTP_PORT"])
EMAIL_TIMEOUT = 1.5
BULLETINS_SEND_RATE = 25
BULLETINS_BATCH_SIZE = 10
