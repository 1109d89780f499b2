"""Settings of the chat benchmark server: the site's own, with the per-person limits lifted.

One sender posts 10 to 20 messages a second, far above what a person's token bucket allows.
"""

from cms.settings.dev import *  # noqa: F403

DEBUG = False
COLLABORATION_RATE_BURST = 100000
COLLABORATION_RATE_PER_SECOND = 100000.0
COLLABORATION_SEND_QUEUE_SIZE = 5000
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}

if not REDIS_URL:  # noqa: F405
    # The site's single-process layer should be this one (see collaboration/realtime/layers.py).
    CHANNEL_LAYERS = {"default": {"BACKEND": "collaboration.realtime.layers.InMemoryChannelLayer"}}
