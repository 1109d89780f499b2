"""What the two-site federation tests ask a real site to do, as `manage.py shell -c` scripts,
and the polling helper they share."""

import time

_NEWS_INDEX = """
from wagtail.models import Site
from cms.models import NewsIndexPage, NewsArticlePage
root = Site.objects.get(is_default_site=True).root_page.specific
index = NewsIndexPage.objects.filter(slug="news", locale__language_code="en").first()
if index is None:
    index = NewsIndexPage(title="News", slug="news")
    root.add_child(instance=index)
    index.save_revision().publish()
"""

_PUBLISH = """
article = NewsArticlePage(title={title!r}, slug={slug!r}, summary="Cities and culture")
index.add_child(instance=article)
article.save_revision().publish()
print(article.pk)
"""

_UNPUBLISH = """
from wagtail.models import Page
for page in Page.objects.filter(slug={slug!r}).live():
    page.specific.unpublish()
"""


FEED_SITE = """
from django.contrib.auth import get_user_model
from django.db import transaction
from wagtail.models import Locale, Site
from federation.models import NetworkFeedPage
User = get_user_model()
if not User.objects.filter(username="boss").exists():
    User.objects.create_superuser("boss", "boss@b.example", "pw")
root = Site.objects.get(is_default_site=True).root_page.specific
feed = NetworkFeedPage.objects.filter(slug="network", locale__language_code="en").first()
if feed is None:
    feed = NetworkFeedPage(title="Network", slug="network")
    root.add_child(instance=feed)
    feed.save_revision().publish()
fr, _created = Locale.objects.get_or_create(language_code="fr")
french = feed.get_translation_or_none(fr)
if french is None:
    with transaction.atomic():
        french = feed.copy_for_translation(fr, copy_parents=True)
        french.title = "Réseau"
        french.save()
    french.save_revision().publish()
print(feed.get_url(), french.get_url())
"""
"""A superuser boss/pw and a network feed page in English and French; prints both URLs."""

TRANSLATE_TO_FRENCH = """
from django.db import transaction
from wagtail.models import Locale, Page
fr, _created = Locale.objects.get_or_create(language_code="fr")
article = Page.objects.get(slug="culture", locale__language_code="en").specific
with transaction.atomic():
    french = article.copy_for_translation(fr, copy_parents=True)
    french.title = "La culture en ville"
    french.summary = "Les villes et la culture"
    french.save()
french.save_revision().publish()
"""
"""The article published as "culture" gains a French translation, as an editor would add it."""


def publish_news(title: str, slug: str) -> str:
    """A news article published in English under the site's news index (made if missing)."""
    return _NEWS_INDEX + _PUBLISH.format(title=title, slug=slug)


def unpublish(slug: str) -> str:
    """Every language of the page with this slug unpublished."""
    return _UNPUBLISH.format(slug=slug)


def wait_for(predicate, timeout=60, what="condition", interval=0.5):
    """Poll until predicate() returns something truthy, and return it."""
    deadline = time.monotonic() + timeout
    value = None
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out waiting for {what}: last value {value!r}")
