"""Anonymous page views come from the cache; nothing personal or stale is served from it."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.cms import members_helpers
from tests.cms.members_helpers import make_org, make_user

directory = members_helpers.directory
themes = members_helpers.themes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    """On, starting from a new generation: nothing an earlier test stored is served."""
    from cms.page_cache import invalidate

    settings.PAGE_CACHE_SECONDS = 300
    invalidate()


def queries_of(url, client=None):
    client = client or Client()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    return response, len(ctx.captured_queries)


def test_second_anonymous_view_is_served_without_the_database(make_news):
    """A second anonymous visitor gets the same page without a single database query."""
    article = make_news(1, title="Culture in cities")[0]
    first, first_queries = queries_of(article.url)
    again, again_queries = queries_of(article.url)
    assert first.status_code == again.status_code == 200
    assert first_queries > 0
    assert again_queries == 0
    assert again.content == first.content


def test_each_language_is_stored_under_its_own_address(make_news, translate):
    """A French visitor after an English one is served the stored French page, not a miss nor
    the English copy (the key must not depend on the language the last request left active)."""
    article = make_news(1, title="Culture in cities")[0]
    french = translate(article, "fr", title="La culture en ville")
    first = Client().get(french.url)
    assert b"La culture en ville" in first.content
    Client().get(article.url)
    again, queries = queries_of(french.url)
    assert queries == 0
    assert again.content == first.content
    english, queries = queries_of(article.url)
    assert queries == 0
    assert b"Culture in cities" in english.content and b"La culture en ville" not in english.content


def test_publishing_an_edit_is_seen_at_once(make_news, news_index):
    """An edited article, once published, shows its new title at once on its page and in the
    news list, not the stored copy."""
    article = make_news(1, title="Culture in cities")[0]
    assert b"Culture in cities" in Client().get(article.url).content
    assert b"Culture in cities" in Client().get(news_index.url).content
    article.title = "Culture in the regions"
    article.save_revision().publish()
    assert b"Culture in the regions" in Client().get(article.url).content
    assert b"Culture in the regions" in Client().get(news_index.url).content


def test_unpublished_page_is_gone_at_once(make_news):
    """An unpublished article answers 404 at once, though its page had been stored."""
    article = make_news(1)[0]
    assert Client().get(article.url).status_code == 200
    article.unpublish()
    assert Client().get(article.url).status_code == 404


def test_signed_in_member_never_gets_the_anonymous_copy(client, directory, themes):
    """The anonymous view of an organisation is stored; a member still sees contact details."""
    lille = make_org(directory, "Lille", contact_email="culture@lille.example")
    porto = make_org(directory, "Porto")
    assert b"culture@lille.example" not in Client().get(lille.url).content
    _, queries = queries_of(lille.url)
    assert queries == 0  # stored
    client.force_login(make_user("porto-user", organisation=porto))
    assert b"culture@lille.example" in client.get(lille.url).content


def test_a_member_view_is_never_stored(client, directory, themes):
    """What a signed-in member saw (contact details) is never served to the next anonymous visitor."""
    lille = make_org(directory, "Lille", contact_email="culture@lille.example")
    porto = make_org(directory, "Porto")
    client.force_login(make_user("porto-user", organisation=porto))
    assert b"culture@lille.example" in client.get(lille.url).content
    response, queries = queries_of(lille.url)
    assert b"culture@lille.example" not in response.content
    assert queries > 0


def test_a_view_that_sets_a_cookie_is_not_stored(rf):
    """A page that hands out a cookie (a CSRF token for a form) is rendered for each visitor."""
    from django.http import HttpResponse

    from cms.page_cache import PageCacheMiddleware, mark_cacheable

    rendered = []

    def page_view(request):
        mark_cacheable(None, request, (), {})
        rendered.append(1)
        response = HttpResponse(f"form {len(rendered)}")
        response.set_cookie("csrftoken", f"token-{len(rendered)}")
        return response

    middleware = PageCacheMiddleware(page_view)
    first = middleware(rf.get("/en/statement/"))
    second = middleware(rf.get("/en/statement/"))
    assert (first.content, second.content) == (b"form 1", b"form 2")
    assert second.cookies["csrftoken"].value == "token-2"


def test_not_found_is_not_stored(home):
    """A "not found" answer is not stored: the next request for the address is looked up again."""
    assert Client().get("/en/no-such-page/").status_code == 404
    _, queries = queries_of("/en/no-such-page/")
    assert queries > 0


def test_off_when_seconds_is_zero(settings, make_news):
    """With PAGE_CACHE_SECONDS at 0, every view of a page is rendered from the database."""
    settings.PAGE_CACHE_SECONDS = 0
    article = make_news(1)[0]
    Client().get(article.url)
    _, queries = queries_of(article.url)
    assert queries > 0


def test_network_feed_change_reaches_the_stored_page(home):
    """A post the worker stores, hides or removes shows on the next anonymous view of the feed."""
    from federation.models import NetworkFeedPage, RemoteActor, RemotePost

    feed = NetworkFeedPage(title="From allied networks", slug="network")
    home.add_child(instance=feed)
    feed.save_revision().publish()
    assert b"Hello from the allies" not in Client().get(feed.url).content
    assert queries_of(feed.url)[1] == 0  # stored
    actor = RemoteActor.objects.create(
        uri="https://allied.example/actor", domain="allied.example", name="Allied network"
    )
    post = RemotePost.objects.create(
        actor=actor,
        object_id="https://allied.example/note/1",
        kind=RemotePost.NOTE,
        content="<p>Hello from the allies</p>",
    )
    assert b"Hello from the allies" in Client().get(feed.url).content
    post.hidden = True
    post.save()
    assert b"Hello from the allies" not in Client().get(feed.url).content


def test_a_lost_counter_never_brings_back_older_pages(make_news):
    """If the cache loses the generation counter (evicted, flushed), what was stored before is
    not served again as current."""
    from django.core.cache import cache

    from cms.page_cache import GENERATION_KEY

    cache.delete(GENERATION_KEY)
    article = make_news(1, title="Culture in cities")[0]
    assert b"Culture in cities" in Client().get(article.url).content
    assert queries_of(article.url)[1] == 0  # stored
    cache.delete(GENERATION_KEY)
    article.title = "Culture in the regions"
    article.save_revision().publish()
    assert b"Culture in the regions" in Client().get(article.url).content
