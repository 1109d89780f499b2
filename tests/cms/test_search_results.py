"""Search results: each one's kind, date and snippet with the words marked, filters by kind with
counts, safe against hostile queries and content, and a query count that does not grow with the
results shown. Runs on whichever database backend the suite uses (SQLite or PostgreSQL)."""

import datetime
import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.search.backends import get_search_backend

from cms.models import EventPage, NewsArticlePage
from cms.search.results import highlight, snippet, words_pattern
from tests.cms.conftest import publish_child

pytestmark = pytest.mark.django_db


def index_pages(*pages):
    backend = get_search_backend()
    for page in pages:
        backend.add(page)


def kind_counts(response):
    for facet in response.context["facets"]:
        if facet.facet.param == "kind":
            return {o["value"]: o["count"] for o in facet.options}
    raise AssertionError("no kind facet")


def result_items(content):
    """The <li> of each result, as HTML."""
    return re.findall(r'<li class="search-result">(.*?)</li>', content, re.S)


@pytest.fixture
def festival(news_index, event_index, publication_index):
    """Two articles, an event and a report that all speak of a festival, and an unrelated page."""
    first = publish_child(
        news_index,
        NewsArticlePage(
            title="Lille opens its festival",
            slug="lille-festival",
            date=datetime.date(2026, 3, 14),
            summary="A week of street theatre.",
            body=[
                (
                    "paragraph",
                    "<p>" + "The city council met the artists' collectives many times over the "
                    "winter to prepare the programme, the venues and the volunteers. "
                    * 3
                    + "At last the <b>festival</b> of street theatre opens on Saturday.</p>",
                )
            ],
        ),
    )
    second = publish_child(
        news_index,
        NewsArticlePage(
            title="Porto's festival report",
            slug="porto-festival",
            date=datetime.date(2026, 2, 1),
            summary="Festival figures from Porto.",
        ),
    )
    event = publish_child(
        event_index,
        EventPage(
            title="Festival of the network",
            slug="festival-network",
            start=datetime.datetime(2026, 6, 5, 9, 0, tzinfo=datetime.UTC),
            timezone="Europe/Paris",
            city="Lyon",
            country="FR",
            summary="Three days of festival and workshops.",
        ),
    )
    from cms.models import PublicationPage

    report = publish_child(
        publication_index,
        PublicationPage(
            title="Conference report",
            slug="conference-report",
            kind=PublicationPage.Kind.CONFERENCE_REPORT,
            date=datetime.date(2025, 11, 20),
            summary="What the festival directors said.",
        ),
    )
    unrelated = publish_child(
        news_index,
        NewsArticlePage(title="Budget approved", slug="budget", summary="The general assembly."),
    )
    index_pages(first, second, event, report, unrelated)
    return {"first": first, "second": second, "event": event, "report": report}


def test_result_shows_kind_date_and_snippet_with_marked_words(client, festival):
    """A result says what it is (news article), when (its date) and shows the passage around the
    word found, the word marked, cut at a word with an ellipsis."""
    response = client.get("/en/search/", {"q": "festival", "kind": "newsarticlepage"})
    assert response.status_code == 200
    content = response.content.decode()
    lille = next(item for item in result_items(content) if "Lille" in item)
    assert "News article" in lille
    assert '<time datetime="2026-03-14">' in lille
    snippet_html = re.search(r'<p class="snippet">(.*?)</p>', lille, re.S).group(1)
    assert "<mark>festival</mark> of street theatre" in snippet_html
    assert snippet_html.startswith("… ")
    assert "<b>" not in snippet_html  # the body's own markup is text now, not tags
    assert "Lille opens its <mark>festival</mark>" in lille


def test_event_result_shows_its_day(client, festival):
    """An event's result carries the day it starts."""
    content = client.get("/en/search/", {"q": "festival", "kind": "eventpage"}).content.decode()
    [event] = result_items(content)
    assert "Event" in event and '<time datetime="2026-06-05">' in event


def test_kind_filter_lists_kinds_with_counts_and_narrows_results(client, festival):
    """The kind filter offers each kind found with its count; choosing one shows only that kind,
    and the counts of the other kinds stay, so that the visitor sees what they would add."""
    response = client.get("/en/search/", {"q": "festival"})
    assert kind_counts(response) == {"newsarticlepage": 2, "eventpage": 1, "publicationpage": 1}
    assert response.context["total"] == 4
    content = response.content.decode()
    assert re.search(r'value="eventpage"> Event <span class="facet-count"[^>]*>\(1\)', content)

    only_events = client.get("/en/search/", {"q": "festival", "kind": "eventpage"})
    assert [hit["page"].title for hit in only_events.context["hits"]] == ["Festival of the network"]
    assert kind_counts(only_events) == kind_counts(response)
    assert 'value="eventpage" checked' in only_events.content.decode()

    two = client.get("/en/search/", {"q": "festival", "kind": ["eventpage", "publicationpage"]})
    assert {hit["page"].title for hit in two.context["hits"]} == {
        "Festival of the network",
        "Conference report",
    }


def test_kinds_are_named_in_the_visitors_language(client, festival, translate):
    """On the French search page the kind of an article is named in French."""
    french = translate(festival["second"], "fr", title="Le festival de Porto")
    index_pages(french)
    response = client.get("/fr/search/", {"q": "festival"})
    content = response.content.decode()
    assert [hit["kind"] for hit in response.context["hits"]] == ["Actualité"]
    assert "Actualité" in content and "News article" not in content


def test_pages_with_some_words_when_none_has_them_all(client, festival):
    """When no page holds every word, the pages holding some of them are shown, and the page
    says so; a kind filter that leaves nothing does not widen the search."""
    response = client.get("/en/search/", {"q": "festival budget"})
    assert response.context["total"] == 5
    assert "No page contains all these words" in response.content.decode()

    response = client.get("/en/search/", {"q": "festival", "kind": "standardpage"})
    assert response.context["total"] == 0
    assert "No page contains all these words" not in response.content.decode()
    assert 'value="standardpage" checked' in response.content.decode()  # can be unticked

    response = client.get("/en/search/", {"q": "xylophone"})
    assert response.context["total"] == 0
    assert '<aside class="facets"' not in response.content.decode()  # nothing to filter

    response = client.get("/en/search/", {"q": "festival lille"})
    assert [hit["page"].title for hit in response.context["hits"]] == ["Lille opens its festival"]
    assert "No page contains all these words" not in response.content.decode()


def test_sort_by_date_puts_the_newest_first(client, festival):
    """'Most recent' orders the results by publication, newest first."""
    response = client.get("/en/search/", {"q": "festival", "sort": "newest"})
    pages = [hit["page"] for hit in response.context["hits"]]
    published = [p.first_published_at for p in pages]
    assert published == sorted(published, reverse=True) and len(pages) == 4


def test_hostile_query_and_content_are_escaped(client, news_index):
    """Markup in a page's title or summary and in the query is shown as text: no script, no
    attribute, no <mark> of the visitor's own, reaches the page."""
    page = publish_child(
        news_index,
        NewsArticlePage(
            title='Opera <script>alert("t")</script>',
            slug="opera-xss",
            summary='Opera night <img src=x onerror=alert(1)> <mark>"quoted"</mark> & more',
        ),
    )
    index_pages(page)
    response = client.get("/en/search/", {"q": 'opera"><'})
    assert response.status_code == 200
    content = response.content.decode()
    assert "<script>alert" not in content
    assert "<img src=x" not in content
    assert set(re.findall(r"<mark>(.*?)</mark>", content)) == {"Opera"}
    [item] = result_items(content)
    assert "<mark>Opera</mark> &lt;script&gt;alert(" in item
    assert "&lt;img src=x onerror=alert(1)&gt; &lt;mark&gt;&quot;quoted&quot;&lt;/mark&gt;" in item
    assert "opera&quot;&gt;&lt;" in content  # the query is shown back, as text

    query = '"><script>alert(2)</script><mark>x'
    content = client.get("/en/search/", {"q": query}).content.decode()
    assert "<script>alert(2)" not in content and "<mark>x" not in content
    assert html.escape(query, quote=True) in content


@pytest.mark.parametrize(
    "query_string",
    [
        "q=festival&kind=%3Cscript%3E",
        "q=festival&kind=eventpage&sort=nonsense",
        "q=fest%00ival%07",
        "q=" + "festival+" * 100,
        "q=AND+OR+NOT+(+)+*+%22+%27+%3A+-",
        "q=festival&page=-1",
        "q=%ED%A0%80%FF",
        "q=%3Cscript%3E",
    ],
)
def test_bad_input_answers_a_page_not_an_error(client, festival, query_string):
    """Unknown kinds, sorts, pages, control characters, broken UTF-8 and search syntax are
    ignored or answered with a normal page, never a server error."""
    response = client.get("/en/search/?" + query_string)
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("<main", 1)[1]


def test_unknown_kind_is_ignored(client, festival):
    """A kind that does not exist filters nothing: every result is shown."""
    response = client.get("/en/search/", {"q": "festival", "kind": "nopage"})
    assert response.context["total"] == 4


def test_query_count_does_not_grow_with_results_shown(client, settings, news_index, festival):
    """Showing 30 results costs as many queries as showing 3 (one per kind, not per result)."""
    settings.CMS_PAGE_SIZE = 50
    pages = [
        publish_child(
            news_index,
            NewsArticlePage(
                title=f"Choir {n}",
                slug=f"choir-{n}",
                summary=f"The choir sings, number {n}.",
                body=[("paragraph", f"<p>A choir concert, part {n}.</p>")],
            ),
        )
        for n in range(30)
    ]
    few = [
        publish_child(
            news_index,
            NewsArticlePage(title=f"Harp {n}", slug=f"harp-{n}", summary="A harp recital."),
        )
        for n in range(3)
    ]
    index_pages(*pages, *few)

    def count(query):
        client.get("/en/search/", {"q": query})  # warm the content type and site caches
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/en/search/", {"q": query})
        return len(queries), len(response.context["hits"])

    few_queries, few_shown = count("harp")
    many_queries, many_shown = count("choir")
    assert (few_shown, many_shown) == (3, 30)
    assert many_queries == few_queries


def test_highlight_ignores_case_and_accents():
    """'reunion' marks 'Réunion' and 'REUNIONS', and the text keeps its accents."""
    marked = highlight("Réunion à Lyon; REUNIONS à Lille", words_pattern("reunion"))
    assert marked == "<mark>Réunion</mark> à Lyon; <mark>REUNIONS</mark> à Lille"


def test_snippet_without_the_words_is_the_start_of_the_text():
    """When the words are only in the title, the snippet is the start of the text, cut at a
    word."""
    text = "Word " * 100
    cut = snippet(text.strip(), words_pattern("absent"), length=30)
    assert cut == "Word Word Word Word Word Word …"


def test_snippet_text_is_what_the_visitor_reads(standard_page):
    """A page's snippet text holds its introduction and the words of its body blocks, one
    paragraph apart from the next, without block settings such as a heading's level."""
    from cms.search.results import page_text

    standard_page.body = [
        ("heading", {"text": "Our goals", "level": "h2"}),
        ("paragraph", "<p>Cooperation between cities.</p><p>Then&nbsp;regions &amp; towns.</p>"),
        ("quote", {"quote": "Culture is not a luxury.", "attribution": "LIKE"}),
    ]
    assert page_text(standard_page) == (
        "Who we are Our goals Cooperation between cities. Then regions & towns. "
        "Culture is not a luxury. LIKE"
    )
