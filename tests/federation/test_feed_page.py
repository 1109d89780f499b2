"""The Network feed page: newest first, paginated, filterable, in the visitor's language."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from federation.feed import remote_events
from federation.models import Follow, NetworkFeedPage, RemoteActor, RemotePost


@pytest.fixture
def sources(network):
    made = []
    for n, name in enumerate(["Ally One", "Ally Two"]):
        remote = RemoteActor.objects.create(
            uri=f"https://ally{n}.example/actor", domain=f"ally{n}.example", name=name
        )
        Follow.objects.create(
            local_actor=network,
            remote_actor=remote,
            direction=Follow.OUTGOING,
            state=Follow.ACCEPTED,
        )
        made.append(remote)
    return made


def make_posts(source, count, kind="article", start=0):
    now = timezone.now()
    RemotePost.objects.bulk_create(
        RemotePost(
            object_id=f"{source.uri}/posts/{start + i}",
            actor=source,
            kind=kind,
            name=f"{source.name} post {start + i}",
            name_map={"en": f"{source.name} post {start + i}", "fr": f"Billet {start + i}"},
            content_map={"en": "<p>English text</p>", "fr": "<p>Texte français</p>"},
            content="<p>English text</p>",
            language="en",
            url=f"{source.uri}/posts/{start + i}",
            published=now - dt.timedelta(minutes=start + i),
            start_time=now + dt.timedelta(days=i + 1) if kind == "event" else None,
        )
        for i in range(count)
    )


@pytest.fixture
def feed(home):
    page = home.add_child(
        instance=NetworkFeedPage(title="Network", slug="network", intro="<p>From our allies</p>")
    )
    return page


def test_feed_lists_newest_first_with_links(client, feed, sources):
    """The network feed page shows its introduction and the newest posts first, each linking to its
    original."""
    make_posts(sources[0], 3)
    html = client.get(feed.url).content.decode()
    assert (
        html.index("Ally One post 0")
        < html.index("Ally One post 1")
        < html.index("Ally One post 2")
    )
    assert 'href="https://ally0.example/actor/posts/0"' in html
    assert "From our allies" in html


def test_feed_in_french_for_a_french_visitor(
    client, feed, sources, django_capture_on_commit_callbacks
):
    """A French visitor reads the feed's posts and interface in French; the English page stays in
    English."""
    from wagtail.models import Locale

    make_posts(sources[0], 1)
    fr = Locale.objects.get(language_code="fr")
    with django_capture_on_commit_callbacks(execute=True):
        french = feed.copy_for_translation(fr, copy_parents=True)
        french.save_revision().publish()
    html = client.get(french.url).content.decode()
    assert "Billet 0" in html and "Texte français" in html
    assert 'lang="fr"' in html
    assert "Lire l’original" in html  # the interface is translated too
    html = client.get(feed.url).content.decode()
    assert "Ally One post 0" in html and "English text" in html


def test_feed_says_which_language_is_shown(client, feed, sources):
    """A post not available in the visitor's language is shown in its own, marked and said to be
    so."""
    make_posts(sources[0], 1)
    RemotePost.objects.update(
        name_map={"de": "Nur Deutsch"},
        content_map={"de": "<p>Deutsch</p>"},
        language="de",
        name="Nur Deutsch",
        content="<p>Deutsch</p>",
    )
    html = client.get(feed.url).content.decode()
    assert 'lang="de"' in html
    assert "Shown in German" in html


def test_pagination_is_safe(client, feed, sources, settings):
    """Any page number in the feed's URL answers 200; one past the end shows the last page."""
    settings.FEDERATION_FEED_PAGE_SIZE = 5
    make_posts(sources[0], 12)
    for value in ("abc", "99999", "-1", "0", "2"):
        response = client.get(feed.url, {"page": value})
        assert response.status_code == 200
    html = client.get(feed.url, {"page": "99999"}).content.decode()
    assert "Page 3 of 3" in html


def test_filters_by_source_and_kind(client, feed, sources):
    """Visitors filter the feed by source and by kind; unknown filter values show everything."""
    make_posts(sources[0], 2)
    make_posts(sources[1], 2, kind="event", start=10)
    html = client.get(feed.url, {"source": sources[1].pk}).content.decode()
    assert "Ally Two post 10" in html and "Ally One post 0" not in html
    html = client.get(feed.url, {"kind": "event"}).content.decode()
    assert "Ally Two post 10" in html and "Ally One post 0" not in html
    assert "External event" in html
    html = client.get(feed.url, {"kind": "bogus", "source": "x"}).content.decode()
    assert "Ally One post 0" in html


def test_query_count_does_not_grow_with_posts(client, feed, sources):
    """The feed page costs as many queries with thirty posts as with five."""
    make_posts(sources[0], 3)
    make_posts(sources[1], 2, start=100)
    client.get(feed.url)
    with CaptureQueriesContext(connection) as few:
        client.get(feed.url)
    make_posts(sources[0], 15, start=20)
    make_posts(sources[1], 10, start=200)
    with CaptureQueriesContext(connection) as many:
        client.get(feed.url)
    assert len(many) == len(few)


def test_hidden_posts_and_blocked_actors_are_not_shown(client, feed, sources):
    """Hidden posts and posts of blocked actors do not appear on the feed page."""
    make_posts(sources[0], 1)
    make_posts(sources[1], 1, start=5)
    RemotePost.objects.filter(actor=sources[0]).update(hidden=True)
    RemoteActor.objects.filter(pk=sources[1].pk).update(blocked=True)
    html = client.get(feed.url).content.decode()
    assert "post 0" not in html and "post 5" not in html


def test_remote_events_for_event_listings(sources):
    """A site's event listing gets followed events soonest first, bounded by start and end."""
    make_posts(sources[0], 3, kind="event")
    make_posts(sources[1], 2)
    events = remote_events()
    assert len(events) == 3
    assert events[0].post.start_time < events[1].post.start_time
    later = remote_events(start=timezone.now() + dt.timedelta(days=1, hours=12))
    assert len(later) == 2
    assert remote_events(end=timezone.now()) == []


def test_remote_event_include_renders_for_event_listings(sources, rf):
    """The include a site's event listing uses marks followed events as external."""
    from django.template.loader import render_to_string

    make_posts(sources[0], 1, kind="event")
    item = remote_events()[0]
    html = render_to_string("federation/includes/remote_event.html", {"item": item})
    assert "External event" in html and "Ally One" in html
    assert 'rel="nofollow noopener noreferrer"' in html
