"""Settings of a bare Wagtail site that installs `collaboration` alone: no `cms`, no `federation`."""

import os

from tests.plugins.bare_settings import *  # noqa: F403
from tests.plugins.bare_settings import WAGTAIL_APPS, database, postgres_apps

DATABASES = {"default": database("collaboration")}
INSTALLED_APPS = [
    "tests.plugins.collaboration_site",
    "collaboration",
    "channels",
    *WAGTAIL_APPS,
    *postgres_apps(DATABASES),
]
ROOT_URLCONF = "tests.plugins.collaboration_site.urls"
ASGI_APPLICATION = "tests.plugins.collaboration_site.asgi.application"

# Channels' own layers: the in-memory one, or Redis pub/sub where CI provides REDIS_URL.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL], "prefix": "plugin-collaboration"},
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
