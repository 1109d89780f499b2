"""Settings for a laptop: debug on, SQLite, in-memory channel layer, e-mail to the console."""

from urllib.parse import urlsplit

from .base import *  # noqa: F403
from .base import CONTENT_SECURITY_POLICY_ADMIN, SECRET_KEY, SITE_URL, env_bool, env_list

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-never-use-in-production"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]
# Serve static files straight from the apps while developing (no collectstatic needed).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Local federation between two sites on 127.0.0.1 needs loopback addresses.
FEDERATION_ALLOW_PRIVATE_ADDRESSES = env_bool("FEDERATION_ALLOW_PRIVATE_ADDRESSES", True)
# Two sites federating on a laptop serve each other's actor icons over http.
if FEDERATION_ALLOW_PRIVATE_ADDRESSES:
    CONTENT_SECURITY_POLICY_ADMIN = {
        **CONTENT_SECURITY_POLICY_ADMIN,
        "DIRECTIVES": {
            **CONTENT_SECURITY_POLICY_ADMIN["DIRECTIVES"],
            "img-src": [*CONTENT_SECURITY_POLICY_ADMIN["DIRECTIVES"]["img-src"], "http:"],
        },
    }
# With DEBUG, a page opened as http://localhost:PORT (or [::1]) may open the chat socket too.
if DEBUG:
    _port = urlsplit(SITE_URL).port or 80
    WEBSOCKET_ALLOWED_ORIGINS = env_list("WEBSOCKET_ALLOWED_ORIGINS") + [
        f"http://{host}:{_port}" for host in ("127.0.0.1", "localhost", "[::1]")
    ]
# Translation screens offer wagtail-localize's offline dummy on a laptop, unless a real machine
# translator is configured (WAGTAILLOCALIZE_DEEPL_KEY, read in base.py).
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = (
    WAGTAILLOCALIZE_MACHINE_TRANSLATOR or DUMMY_MACHINE_TRANSLATOR  # noqa: F405
)
