"""Settings of a bare Wagtail site that installs `federation` and nothing of the network's site."""

from tests.plugins.bare_settings import *  # noqa: F403
from tests.plugins.bare_settings import WAGTAIL_APPS, database, postgres_apps

DATABASES = {"default": database("federation")}
INSTALLED_APPS = [
    "tests.plugins.federation_site",
    "federation",
    *WAGTAIL_APPS,
    *postgres_apps(DATABASES),
]
ROOT_URLCONF = "tests.plugins.federation_site.urls"

# The site's public origin is the test client's: ids and WebFinger handles are on testserver.
FEDERATION_SITE_URL = "http://testserver"
FEDERATION_NETWORK_ACTOR = "bare"
# Followers in the tests are servers on 127.0.0.1.
FEDERATION_ALLOW_PRIVATE_ADDRESSES = True
FEDERATION_CONNECT_TIMEOUT = 2.0
FEDERATION_READ_TIMEOUT = 2.0
FEDERATION_TOTAL_TIMEOUT = 5.0
