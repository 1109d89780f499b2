"""Fixtures shared by the whole suite: the site tree every test can rely on."""

import os

import pytest
from django.conf import settings
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

# One browser for the whole session, and its Content-Security-Policy watch, for every browser
# test wherever it lives (a module must not import them: see tests/browser.py).
from tests.browser import _no_csp_violation, browser  # noqa: F401


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """Mark the tests that flush the database when they end (transactional tests, live
    servers): they empty the rows migrations made, which the others read. tests/run_all.sh
    runs the others in parallel processes and these after them, in one."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        flushes = "transactional_db" in getattr(item, "fixturenames", ()) or (
            marker is not None and marker.kwargs.get("transaction", False)
        )
        if flushes:
            item.add_marker(pytest.mark.transactional)


def _seed_site():
    """Get or create the rows migrations normally make (locales, root, home, Site).

    Transactional tests flush them, so every test that needs a site seeds it here, idempotently.
    """
    from wagtail.models import Locale, Page, Site

    from cms.models import HomePage

    for code, _name in settings.LANGUAGES:
        Locale.objects.get_or_create(language_code=code)
    en = Locale.objects.get(language_code="en")
    root = Page.objects.filter(depth=1).first()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=en))
    home = HomePage.objects.filter(depth=2, locale=en).first()
    if home is None:
        # A fresh database has Wagtail's default welcome page: replace it with ours.
        for page in Page.objects.filter(depth=2, locale=en).exclude(content_type__model="homepage"):
            Site.objects.filter(root_page=page).delete()
            page.delete()
        root.refresh_from_db()
        home = root.add_child(
            instance=HomePage(title="LIKE", slug="home", locale=en, intro="Test home")
        )
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="LIKE"
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save()
    return home


@pytest.fixture
def home(db):
    """The English home page of a site with every configured locale."""
    return _seed_site()


@pytest.fixture
def transactional_home(transactional_db):
    return _seed_site()


@pytest.fixture(autouse=True)
def _source_language():
    """Each test starts in the source language: a request to /fr/ activates French on the thread,
    and a later test reading an error message must not inherit it."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


# Property-based tests (hypothesis): the same examples on every run and machine, no example
# database written into the tree, no per-example deadline (a shared CI machine is slow at times).
# HYPOTHESIS_PROFILE=explore runs many more, random examples.
_FUZZ = {
    "database": None,
    "deadline": None,
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
}
hypothesis_settings.register_profile("ci", max_examples=200, derandomize=True, **_FUZZ)
hypothesis_settings.register_profile("explore", max_examples=5000, derandomize=False, **_FUZZ)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
