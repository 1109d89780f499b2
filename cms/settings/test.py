"""Settings for the test suite: fast hashing, tasks run at once, a file test database."""

import os
import tempfile

from .dev import *  # noqa: F403
from .dev import CACHES, CHANNEL_LAYERS, DATABASES, DUMMY_MACHINE_TRANSLATOR, TASK_QUEUES

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Real host names, not "*": AllowedHostsOriginValidator lets a missing Origin through with "*".
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
# The test client's pages are on http://testserver: the WebSocket tests open sockets from there.
WEBSOCKET_ALLOWED_ORIGINS = ["http://testserver"]
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": TASK_QUEUES,
    }
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # A file, not :memory:: ChannelsLiveServerTestCase and servers started by tests need one.
    DATABASES["default"]["TEST"] = {
        "NAME": os.environ.get(
            "TEST_SQLITE_PATH",
            os.path.join(tempfile.gettempdir(), f"rencontres-test-{os.getpid()}.sqlite3"),
        )
    }
# Parallel test processes (pytest-xdist) sharing one Redis keep apart, as sites do by prefix.
if os.environ.get("PYTEST_XDIST_WORKER") and "CONFIG" in CHANNEL_LAYERS["default"]:
    _suffix = "-" + os.environ["PYTEST_XDIST_WORKER"]
    CHANNEL_LAYERS["default"]["CONFIG"]["prefix"] += _suffix
    CACHES["default"]["KEY_PREFIX"] += _suffix
# Off unless a test turns it on: tests change rows without publishing and read pages again.
PAGE_CACHE_SECONDS = 0
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# The offline dummy translator, even when the environment holds a DeepL key: tests never call
# out. A test that needs no translator overrides the setting with None.
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = DUMMY_MACHINE_TRANSLATOR
