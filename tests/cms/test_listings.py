"""Listings paginate forgivingly, filter, split events in time, and cost the same whatever their size."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

pytestmark = pytest.mark.django_db


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", ["abc", "99999", "-3", "0", ""])
def test_bad_page_numbers_do_not_raise(client, news_index, make_news, page):
    """?page=abc or ?page=99999 shows a valid page of news instead of an error."""
    make_news(25)

    response = client.get(news_index.url, {"page": page})

    assert response.status_code == 200
    articles = response.context["articles"]
    assert articles.number in (1, 3)
    assert len(articles.object_list) in (10, 5)


def test_too_high_page_shows_the_last_page(client, news_index, make_news):
    """A page number past the end shows the oldest news."""
    make_news(25)

    response = client.get(news_index.url, {"page": "99999"})

    assert response.context["articles"].number == 3
    assert "Article 0" in response.content.decode()


def test_news_tag_filter(client, news_index, make_news):
    """?tag=opera lists only the articles tagged opera."""
    make_news(2, start=0, tags=["opera"])
    make_news(3, start=10, tags=["cinema"])

    response = client.get(news_index.url, {"tag": "opera"})

    titles = [a.title for a in response.context["articles"]]
    assert sorted(titles) == ["Article 0", "Article 1"]


def test_upcoming_and_past_events_are_split(client, event_index, make_events):
    """/events/ lists what is still to come, soonest first; /events/past/ what is over, latest first."""
    make_events(2, start_in_days=5, prefix="future")
    make_events(3, start_in_days=-30, step_days=5, prefix="past")

    upcoming = client.get(event_index.url)
    past = client.get(event_index.url + "past/")

    assert [e.title for e in upcoming.context["events"]] == ["Future 0", "Future 1"]
    assert [e.title for e in past.context["events"]] == ["Past 2", "Past 1", "Past 0"]
    assert past.status_code == 200


def test_publications_filter_by_kind(client, publication_index, make_publications):
    """Choosing “E-bulletin” lists only e-bulletins; an unknown kind lists everything."""
    make_publications(2, kind="conference-report")
    make_publications(1, start=5, kind="e-bulletin")

    only = client.get(publication_index.url, {"kind": "e-bulletin"})
    everything = client.get(publication_index.url, {"kind": "nonsense"})

    assert [p.title for p in only.context["publications"]] == ["Report 5"]
    assert len(everything.context["publications"].object_list) == 3


# Query budgets: a listing costs the same with 20 or 40 items on the page.


@pytest.fixture
def big_pages(settings):
    settings.CMS_PAGE_SIZE = 50


def assert_constant_queries(client, url, add_twenty, budget):
    add_twenty()
    client.get(url)  # renditions and the site's root paths are made once, then cached
    with_twenty = count_queries(client, url)
    add_twenty()
    client.get(url)
    with_forty = count_queries(client, url)
    assert with_twenty == with_forty
    assert with_forty <= budget


def test_news_index_queries_do_not_grow(client, big_pages, news_index, make_news, image):
    """The news list makes the same number of queries with 20 and 40 illustrated, tagged articles."""
    counter = iter(range(0, 100, 20))
    assert_constant_queries(
        client,
        news_index.url,
        lambda: make_news(20, start=next(counter), tags=["opera"], image=image),
        # 18: one more since the header links the joint statement and listings say "N of M".
        budget=18,
    )


def test_event_index_queries_do_not_grow(client, big_pages, event_index, make_events, image):
    """The calendar makes the same number of queries with 20 and 40 events."""
    counter = iter(range(5))
    assert_constant_queries(
        client,
        event_index.url,
        lambda: make_events(20, image=image, prefix=f"batch{next(counter)}"),
        budget=16,
    )


def test_past_events_queries_do_not_grow(client, big_pages, event_index, make_events, image):
    """The past events list makes the same number of queries with 20 and 40 events."""
    counter = iter(range(5))
    assert_constant_queries(
        client,
        event_index.url + "past/",
        lambda: make_events(20, start_in_days=-60, image=image, prefix=f"old{next(counter)}"),
        budget=16,
    )


def test_publication_index_queries_do_not_grow(
    client, big_pages, publication_index, make_publications
):
    """The library makes the same number of queries with 20 and 40 publications."""
    counter = iter(range(0, 100, 20))
    assert_constant_queries(
        client,
        publication_index.url,
        lambda: make_publications(20, start=next(counter)),
        # 16: one more since the header links the joint statement and listings say "N of M".
        budget=16,
    )


def test_home_queries_do_not_grow(client, home, make_news, make_events, image):
    """The home page costs the same with 20 or 40 news and events behind it."""
    counter = iter(range(0, 100, 20))

    def add_twenty():
        start = next(counter)
        make_news(20, start=start, image=image)
        make_events(20, image=image, prefix=f"home{start}")

    # 22: the map of members across Europe (cms.figures) costs four of them.
    assert_constant_queries(client, home.url, add_twenty, budget=22)


@pytest.mark.parametrize("budget", [18])
def test_detail_pages_stay_within_budget(
    client,
    make_news,
    make_events,
    make_publications,
    standard_page,
    image,
    budget,
    django_assert_max_num_queries,
):
    """An article, an event, a publication and a standard page each stay within their budget."""
    pages = [
        make_news(1, image=image, tags=["opera"])[0],
        make_events(1, image=image)[0],
        make_publications(1)[0],
        standard_page,
    ]
    for page in pages:
        client.get(page.url)
        with django_assert_max_num_queries(budget):
            assert client.get(page.url).status_code == 200


def test_search_and_feeds_stay_within_budget(
    client, news_index, make_news, event_index, make_events, django_assert_max_num_queries
):
    """Search, the news feeds and the calendar feed cost a fixed number of queries."""
    make_news(20)
    make_events(20)
    for url in ["/en/search/?q=article", "/en/feeds/news/rss/", "/en/calendar/events.ics"]:
        client.get(url)
        # 14: search results count each kind of page for the kind filter, and their total.
        with django_assert_max_num_queries(14):
            assert client.get(url).status_code == 200


def test_dates_are_those_of_the_article(client, make_news):
    """An article shows its own date, not its publication time."""
    article = make_news(1)[0]
    html = client.get(article.url).content.decode()
    assert article.date.isoformat() in html
    assert isinstance(article.date, datetime.date)


def test_followed_events_appear_marked_external_when_the_editor_ticks_it(client, event_index):
    """An upcoming event of a followed network shows in the calendar, marked external, only when
    the editor ticked "include followed events"; past ones and hidden ones do not."""
    from federation.models import RemoteActor, RemotePost

    actor = RemoteActor.objects.create(
        uri="https://allies.example/actors/ietm", domain="allies.example", name="IETM"
    )
    soon = timezone.now() + datetime.timedelta(days=10)
    for name, start, hidden in [
        ("Spring plenary", soon, False),
        ("Last year's plenary", timezone.now() - datetime.timedelta(days=300), False),
        ("Hidden meeting", soon, True),
    ]:
        RemotePost.objects.create(
            object_id=f"https://allies.example/events/{name.replace(' ', '-')}",
            actor=actor,
            kind=RemotePost.EVENT,
            name=name,
            url="https://allies.example/e/1",
            start_time=start,
            hidden=hidden,
        )

    before = client.get(event_index.url).content.decode()
    event_index.include_followed_events = True
    event_index.save_revision().publish()
    after = client.get(event_index.url).content.decode()

    assert "Spring plenary" not in before
    assert "Spring plenary" in after and "External event · IETM" in after
    assert "Last year" not in after and "Hidden meeting" not in after
