"""The plugin sites are collected only under their own settings: each is its own pytest run.

`tests/run_all.sh` runs `pytest tests/plugins/<site> --ds=tests.plugins.<site>.settings`; the
main suite (cms.settings.test) and the other site's run skip the directory whole, so no module
of a site is imported under settings that do not install its app.
"""

import os

import pytest

SITES = ("federation_site", "collaboration_site")
_settings = os.environ.get("DJANGO_SETTINGS_MODULE", "")
# Globs, not names: a site's files are skipped even when its directory is named on the command
# line (`pytest tests/plugins/federation_site` without --ds runs nothing instead of failing).
collect_ignore_glob = [
    f"{site}/*" for site in SITES if not _settings.startswith(f"tests.plugins.{site}.")
]


@pytest.fixture
def site_home(db):
    """The home page of the bare site (Wagtail's welcome page after a fresh migrate)."""
    from .helpers import seed_default_site

    return seed_default_site()
