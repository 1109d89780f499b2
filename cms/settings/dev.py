"""Settings for a laptop: SQLite, in-memory channel layer, e-mail to the console, debug on request.

DEBUG is off unless the environment sets it (`DEBUG=1 make run`): the demo a newcomer starts shows
the site's own 404 and 500 pages in the visitor's language, not Django's technical pages."""

from urllib.parse import urlsplit

from .base import *  # noqa: F403
from .base import CONTENT_SECURITY_POLICY_ADMIN, SECRET_KEY, SITE_URL, env_bool, env_list

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-never-use-in-production"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]
# Serve static files straight from the apps while developing (no collectstatic needed), with
# DEBUG on or off: whitenoise serves them under uvicorn either way.
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
# Uploaded files (the demo's images and documents) are served by the site itself on a laptop,
# DEBUG or not (cms/urls.py); in production the web server or object storage serves them.
SERVE_MEDIA = True
# A page opened as http://localhost:PORT (or [::1]) may open the chat socket too, DEBUG or not:
# only loopback names are allowed hosts here.
_port = urlsplit(SITE_URL).port or 80
WEBSOCKET_ALLOWED_ORIGINS = env_list("WEBSOCKET_ALLOWED_ORIGINS") + [
    f"http://{host}:{_port}" for host in ("127.0.0.1", "localhost", "[::1]")
]
# Translation screens offer wagtail-localize's offline dummy on a laptop, unless a real machine
# translator is configured (WAGTAILLOCALIZE_DEEPL_KEY, read in base.py).
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = (
    WAGTAILLOCALIZE_MACHINE_TRANSLATOR or DUMMY_MACHINE_TRANSLATOR  # noqa: F405
)
