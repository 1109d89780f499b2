"""A bare Wagtail project's settings (as `wagtail start` writes them), shared by the plugin sites.

Each site's settings star-import this and put its own test app and its one plugin first in
INSTALLED_APPS. The database is SQLite in a temporary file unless DATABASE_URL names another
(CI's PostgreSQL run): a site integrator's production database is where a plugin's migrations
must apply too.
"""

import os
import tempfile

import dj_database_url

SECRET_KEY = "plugin-test-site-only"
DEBUG = False
# Real host names, not "*": AllowedHostsOriginValidator lets a missing Origin through with "*".
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]

WAGTAIL_APPS = [
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
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
    "django_filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

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
            ],
        },
    },
]


def database(site: str) -> dict:
    """The site's database: DATABASE_URL's server with a test database of the site's own name,
    or a SQLite file (not :memory:, so consumers on another thread see the test's rows)."""
    url = os.environ.get("DATABASE_URL", "")
    if url and not url.startswith("sqlite"):
        db = dj_database_url.parse(url)
        db["TEST"] = {"NAME": f"test_plugin_{site}"}
        return db
    path = os.path.join(tempfile.gettempdir(), f"rencontres-plugin-{site}-{os.getpid()}.sqlite3")
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": path,
        "TEST": {"NAME": path},
    }


def postgres_apps(databases: dict) -> list[str]:
    """Wagtail's search index on PostgreSQL needs django.contrib.postgres (postgres.E005)."""
    return ["django.contrib.postgres"] if "postgresql" in databases["default"]["ENGINE"] else []


DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = os.path.join(tempfile.gettempdir(), "rencontres-plugin-static")
MEDIA_URL = "/media/"
MEDIA_ROOT = os.path.join(tempfile.gettempdir(), "rencontres-plugin-media")

WAGTAIL_SITE_NAME = "Bare site"
WAGTAILADMIN_BASE_URL = "http://testserver"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Tasks run at once in the test: what a worker would do follows the request or the commit.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
