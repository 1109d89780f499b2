"""Production settings: refuse to start without a real secret key and real host names."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import ALLOWED_HOSTS, SECRET_KEY, SITE_URL, env_bool

if env_bool("DEBUG", False):
    raise ImproperlyConfigured("DEBUG must not be enabled in production.")
DEBUG = False

_INSECURE_MARKERS = ("insecure", "dev-only", "change-me", "changeme")
if not SECRET_KEY or len(SECRET_KEY) < 50 or any(m in SECRET_KEY for m in _INSECURE_MARKERS):
    raise ImproperlyConfigured(
        "Set SECRET_KEY to a long random value (50+ characters), e.g. "
        "python -c 'import secrets; print(secrets.token_urlsafe(64))'."
    )
if not os.environ.get("ALLOWED_HOSTS") or "*" in ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set ALLOWED_HOSTS to the site's real host names (no '*').")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_TRUSTED_ORIGINS = [SITE_URL]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "SAMEORIGIN"
# Editors and the secretariat give a code from an authenticator app after their password.
TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", True)

# Wagtail's live preview shows the page in a same-origin iframe: DENY would break it.
# The HSTS preload list is an opt-in commitment for the whole domain (SECURE_HSTS_PRELOAD=1).
SILENCED_SYSTEM_CHECKS = ["security.W019"] + ([] if SECURE_HSTS_PRELOAD else ["security.W021"])
