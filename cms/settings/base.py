"""Settings shared by every environment; everything that differs between machines comes from the environment."""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")

# The public origin of the site: every ActivityPub id and every absolute link is built from it,
# never from the request's Host header.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# What other sites see of a member taking part in a group across sites, beyond their name.
COLLABORATION_PUBLIC_PROFILE = "cms.members.profiles.public_profile_fields"
WAGTAILADMIN_BASE_URL = SITE_URL

INSTALLED_APPS = [
    "cms",
    # The network's year: event registration, the e-bulletin, the figures (each its own app, so
    # each has its own migrations).
    "cms.events",
    "cms.bulletins",
    "cms.figures",
    # Before django_tasks_db: its `db_worker` command (with leases) replaces the original.
    "cms.worker",
    "federation",
    "collaboration",
    "collaboration.federation",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_countries",
    "django_tasks",
    "django_tasks_db",
    "channels",
    # Sign-in throttling, two-step sign-in (TOTP), Content-Security-Policy: cms/security/.
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    # Wagtail's search backend on PostgreSQL needs it (postgres.E005); harmless on SQLite.
    "django.contrib.postgres",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside the page cache, so that cached page views carry the policy too.
    "cms.security.csp.CSPMiddleware",
    # Before the session: what it answers (cookie-less page views) needs no session or user.
    "cms.page_cache.PageCacheMiddleware",
    # A view that fails because the database is unreachable answers a 503 page, not a 500.
    "cms.outages.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "cms.members.timezones.MemberTimeZoneMiddleware",
    # user.is_verified(); then whoever owes a second sign-in step is sent to it.
    "django_otp.middleware.OTPMiddleware",
    "cms.security.two_factor.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last: turns django-axes' lockout of a sign-in into its page (cms.security.lockout).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cms.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "cms.wsgi.application"
ASGI_APPLICATION = "cms.asgi.application"

# Database: SQLite on a laptop, PostgreSQL in production through DATABASE_URL.
SQLITE_PATH = os.environ.get("SQLITE_PATH", str(BASE_DIR / "db.sqlite3"))
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)
    }
else:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": SQLITE_PATH}}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Whichever way the file is named (SQLITE_PATH or DATABASE_URL=sqlite:////path), the same
    # options: a web process and the workers write at once, and WAL, a busy timeout and
    # immediate transactions keep "database is locked" away.
    DATABASES["default"].update(
        {
            # Reopening SQLite (and rerunning init_command) on every WebSocket action was the
            # largest remaining cost of a chat message; keep connections for a minute.
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": False,
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                **DATABASES["default"].get("OPTIONS", {}),
            },
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Not a check: a new password lifts the account's sign-in lock (its password_changed hook).
    {"NAME": "cms.security.lockout.UnlockOnPasswordChange"},
]

# Languages: English is the source; the others are translated with wagtail-localize (content)
# and gettext (interface). Override with LANGUAGES=en,fr,... in the environment.
ALL_LANGUAGES = {
    "en": _("English"),
    "fr": _("French"),
    "de": _("German"),
    "es": _("Spanish"),
    "it": _("Italian"),
    "pl": _("Polish"),
}
LANGUAGE_CODE = "en"
LANGUAGES = [
    (code, ALL_LANGUAGES.get(code, code)) for code in env_list("LANGUAGES", ",".join(ALL_LANGUAGES))
]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locales"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = os.environ.get("STATIC_ROOT", str(BASE_DIR / "staticfiles"))
MEDIA_URL = "/media/"
MEDIA_ROOT = os.environ.get("MEDIA_ROOT", str(BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

WAGTAIL_SITE_NAME = "LIKE – European cities and regions for culture"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Translation screens offer "Translate with ..." only when a machine translator is configured:
# DeepL when WAGTAILLOCALIZE_DEEPL_KEY holds an API key (a free key ends in ":fx"), else none.
# dev.py and test.py fall back to wagtail-localize's offline dummy, which only reverses text.
WAGTAILLOCALIZE_DEEPL_KEY = os.environ.get("WAGTAILLOCALIZE_DEEPL_KEY", "").strip()
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = (
    {
        "CLASS": "wagtail_localize.machine_translators.deepl.DeepLTranslator",
        "OPTIONS": {"AUTH_KEY": WAGTAILLOCALIZE_DEEPL_KEY, "TIMEOUT": 30},
    }
    if WAGTAILLOCALIZE_DEEPL_KEY
    else None
)
DUMMY_MACHINE_TRANSLATOR = {"CLASS": "wagtail_localize.machine_translators.dummy.DummyTranslator"}
# Every snippet sits in a menu group of its own ("Network", "Working groups"): without this,
# Wagtail's /admin/snippets/ overview has nothing to list and tells even a superuser "you do not
# have permission". With it, the overview lists each snippet type the user may see (its sidebar
# entry, a duplicate of those groups, is left out in cms/admin_dashboard.py).
WAGTAILSNIPPETS_MENU_SHOW_ALL = True
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILEMBEDS_RESPONSIVE_HTML = True

# Background work: a durable queue in the database, worked by `manage.py db_worker`, in three
# lanes, each with its own worker (DEVELOPERS.md, "Task lanes"): "realtime" (what a peer waits
# for: an Accept), "default" (what a person waits for: e-mails), "bulk" (what nobody waits for:
# a publication's fan-out, Wagtail's indexing). The priorities order the lanes for a worker that
# takes several (`--queue-name '*'`); they match federation.queueing.PRIORITIES.
TASK_QUEUES = ["realtime", "default", "bulk"]
TASKS = {
    "default": {
        "BACKEND": "cms.worker.backends.LaneDatabaseBackend",
        "QUEUES": TASK_QUEUES,
        "OPTIONS": {
            "ROUTES": {
                "wagtail.tasks.update_reference_index_task": "bulk",
                "wagtail.tasks.delete_file_from_storage_task": "bulk",
                "wagtail.images.tasks.set_image_focal_point_task": "bulk",
                "modelsearch.tasks.insert_or_update_object_task": "bulk",
            },
            "PRIORITIES": {"realtime": 20, "bulk": -20},
        },
    }
}
# A worker stamps its lease this often (seconds); a task RUNNING under a worker silent for
# longer than the lease is queued again by the other workers (cms/worker/recovery.py).
TASKS_WORKER_HEARTBEAT_SECONDS = 10
TASKS_WORKER_LEASE_SECONDS = 30

# Real time: the in-memory layer for one process, Redis pub/sub when REDIS_URL is set.
REDIS_URL = os.environ.get("REDIS_URL", "")
# Sites sharing one Redis database keep apart by prefix (channel groups and cached pages).
REDIS_KEY_PREFIX = os.environ.get("REDIS_KEY_PREFIX", "rencontres")
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            # Bounded waits: a Redis that stops answering must not hold a publish (and the
            # shard's lock) for ever; idle subscribers poll with their own timeout.
            "CONFIG": {
                "hosts": [{"address": REDIS_URL, "socket_connect_timeout": 2, "socket_timeout": 5}],
                "prefix": REDIS_KEY_PREFIX,
            },
        }
    }
    CACHES = {
        "default": {
            # Django's Redis cache, for which an unreachable Redis is a miss, not a 500.
            "BACKEND": "cms.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": REDIS_KEY_PREFIX,
            # A Redis that does not answer must not hold a request for long.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    # collaboration's subclass of Channels' in-memory layer: the same semantics without a full
    # sweep of every channel on each send (measured O(N^2) per message at 200 clients).
    CHANNEL_LAYERS = {"default": {"BACKEND": "collaboration.realtime.layers.InMemoryChannelLayer"}}
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Anonymous page views served from the cache (cms/page_cache.py). On by default only with a
# shared cache: a per-process one could not learn of what the worker stores in the network feed.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300" if REDIS_URL else "0"))
# What pages show besides pages: a change to one of these refreshes every stored page view.
PAGE_CACHE_INVALIDATED_BY = [
    "cms.Theme",
    "cms.Tag",
    "cms.FeeBand",
    "federation.RemotePost",
    "collaboration.WorkingGroup",
]

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "secretariat@like.example")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Members sign in on the site, in their language (the admin has its own login page).
LOGIN_URL = "cms:members:login"
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL

# --- Who may get in (cms/security/) ------------------------------------------------------------
# Sign-in throttling (django-axes) on both login pages, per account and per client address:
# AXES_FAILURE_LIMIT failures in a row lock it for AXES_COOLOFF_MINUTES from the last one; a
# new password lifts the account's lock at once; `manage.py axes_reset_username NAME` (or
# `axes_reset_ip ADDRESS`, `axes_reset`) lifts it by hand. The address is REMOTE_ADDR, which
# uvicorn sets from X-Forwarded-For only for trusted proxies (--forwarded-allow-ips).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
# Trying again while locked neither counts nor prolongs the pause.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_CLIENT_IP_CALLABLE = "cms.security.client.client_ip"
AXES_LOCKOUT_CALLABLE = "cms.security.lockout.lockout_response"
# Failed attempts are kept for the cool-off only; no log of every successful sign-in.
AXES_DISABLE_ACCESS_LOG = True
# No banner on every manage.py command (make run, the workers).
AXES_VERBOSE = False

# Two-step sign-in (django-otp TOTP, cms/security/two_factor.py) for everyone with admin access:
# required in production, offered elsewhere (who set an authenticator up is asked for it).
TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", False)
OTP_TOTP_ISSUER = "LIKE"

# Content-Security-Policy (django-csp 4, cms/security/csp.py). Scripts only from the site's
# static files or with the request's nonce (`nonce="{{ request.csp_nonce }}"`), no inline
# handlers, no plugins, no framing by other sites, no foreign <base> or form targets.
_SITE_PARTS = urlsplit(SITE_URL)
_SITE_WS = f"{'wss' if _SITE_PARTS.scheme == 'https' else 'ws'}://{_SITE_PARTS.netloc}"
# The inline <style> of 500.html, which is rendered without a request (no nonce to give it).
ERROR_PAGE_STYLE_HASH = "'sha256-CovI5ZrlRZrAWpbknc+WV/QnGo+0aKiP3rlDrp151Lw='"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE, ERROR_PAGE_STYLE_HASH],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF, _SITE_WS],
        "frame-src": [SELF],
        "media-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    }
}
# Wagtail's admin renders inline scripts a nonce cannot reach (see cms/security/csp.py): under
# these paths, and only there, these directives replace the site's.
CONTENT_SECURITY_POLICY_ADMIN = {
    "PATHS": ["/admin/", "/django-admin/"],
    "DIRECTIVES": {
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
        # Followed actors' icons come from their servers.
        "img-src": [SELF, "data:", "blob:", "https:"],
    },
}
# The admin calls no third party: no Gravatar (editors' e-mail hashes), no update check.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False

# WebSockets open only from the site's own origins: SITE_URL's, CSRF_TRUSTED_ORIGINS, and these
# (scheme://host:port, comma-separated). cms/security/origins.py.
WEBSOCKET_ALLOWED_ORIGINS = env_list("WEBSOCKET_ALLOWED_ORIGINS")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        # db_worker sets its loggers to INFO itself, which would print two lines per task
        # (thousands after the demo load): the level is held on their own handler instead.
        "tasks_console": {
            "class": "logging.StreamHandler",
            "level": os.environ.get("TASKS_LOG_LEVEL", "WARNING"),
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # httpx logs every federation delivery at INFO.
        "httpx": {"level": "WARNING"},
        # axes logs every lifted lock at INFO (each password set, the demo's accounts included).
        "axes": {"level": "WARNING"},
        "django_tasks": {"handlers": ["tasks_console"], "propagate": False},
        "django_tasks_db": {"handlers": ["tasks_console"], "propagate": False},
    },
}

# Federation: the network itself is the actor @like@HOST.
FEDERATION_SITE_URL = SITE_URL
FEDERATION_NETWORK_ACTOR = os.environ.get("FEDERATION_NETWORK_ACTOR", "like")
FEDERATION_ALLOW_PRIVATE_ADDRESSES = env_bool("FEDERATION_ALLOW_PRIVATE_ADDRESSES", False)
