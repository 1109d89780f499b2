"""Search in the visitor's language, and the sitemap search engines read."""

import xml.etree.ElementTree as ET

import pytest
from wagtail.search.backends import get_search_backend

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def index_pages(*pages):
    backend = get_search_backend()
    for page in pages:
        backend.add(page)


def test_search_finds_french_pages_only_in_french(client, standard_page, translate):
    """A word of the French page is found at /fr/search/ and not at /en/search/."""
    french = translate(standard_page, "fr", title="Rencontres culturelles", intro="Qui sommes-nous")
    index_pages(standard_page, french)

    french_results = client.get("/fr/search/", {"q": "rencontres"})
    english_results = client.get("/en/search/", {"q": "rencontres"})

    assert [p.title for p in french_results.context["results"]] == ["Rencontres culturelles"]
    assert list(english_results.context["results"]) == []
    assert '<html lang="fr"' in french_results.content.decode()


def test_search_results_are_paginated(client, make_news):
    """Twenty-five matching articles are shown ten at a time, and bad page numbers do not raise."""
    index_pages(*make_news(25, title="Opera festival"))

    first = client.get("/en/search/", {"q": "opera"})
    last = client.get("/en/search/", {"q": "opera", "page": "99999"})
    word = client.get("/en/search/", {"q": "opera", "page": "abc"})

    assert first.context["results"].paginator.count == 25
    assert len(first.context["results"].object_list) == 10
    assert last.context["results"].number == 3
    assert word.context["results"].number == 1
    assert 'rel="next"' in first.content.decode()


def test_empty_search_shows_the_form(client, home):
    """/en/search/ without words shows a labelled search form and no results."""
    response = client.get("/en/search/")

    assert response.status_code == 200
    assert '<label for="search-q">' in response.content.decode()


def test_sitemap_lists_every_translation(client, standard_page, news_index, translate):
    """The sitemap has each page in each of its languages."""
    translate(standard_page, "fr", title="Qui sommes-nous")
    translate(standard_page, "de", title="Über uns")

    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    locations = [loc.text for loc in ET.fromstring(response.content).iter(f"{SITEMAP}loc")]
    paths = sorted(location.split("localhost", 1)[1] for location in locations)
    assert paths == sorted(
        ["/en/", "/en/about/", "/en/news/", "/fr/", "/fr/qui-sommes-nous/", "/de/", "/de/uber-uns/"]
    )


def test_robots_txt_points_at_the_sitemap(client):
    """robots.txt tells crawlers where the sitemap is and keeps them out of the admin."""
    text = client.get("/robots.txt").content.decode()

    assert "Sitemap: " in text and text.splitlines()[3].endswith("/sitemap.xml")
    assert "Disallow: /admin/" in text


XHTML = "{http://www.w3.org/1999/xhtml}"


def _alternates(response):
    """{page path: {hreflang: path}} from the sitemap's xhtml:link alternates."""
    out = {}
    for url in ET.fromstring(response.content).iter(f"{SITEMAP}url"):
        loc = url.find(f"{SITEMAP}loc").text.split("localhost", 1)[1]
        links = url.findall(f"{XHTML}link")
        assert all(link.get("rel") == "alternate" for link in links)
        out[loc] = {
            link.get("hreflang"): link.get("href").split("localhost", 1)[1] for link in links
        }
    return out


def test_sitemap_lists_each_pages_live_translations_as_alternates(
    client, standard_page, news_index, translate
):
    """Each page in the sitemap names its live translations (<xhtml:link rel="alternate"
    hreflang="fr" ...>, itself included, the source language as x-default), so a search engine
    shows a French searcher the French page; an unpublished translation and a page that exists
    in one language only have none."""
    translate(standard_page, "fr", title="Qui sommes-nous")
    german = translate(standard_page, "de", title="Über uns")
    german.unpublish()

    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    alternates = _alternates(response)
    about = {"en": "/en/about/", "fr": "/fr/qui-sommes-nous/", "x-default": "/en/about/"}
    assert alternates["/en/about/"] == about
    assert alternates["/fr/qui-sommes-nous/"] == about
    assert "/de/uber-uns/" not in alternates
    assert alternates["/en/news/"] == {}
    assert alternates["/fr/"] == {"en": "/en/", "fr": "/fr/", "de": "/de/", "x-default": "/en/"}


def test_sitemap_queries_do_not_grow_with_pages(client, make_news, translate):
    """The sitemap costs the same number of queries for 5 translated articles as for 15."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        client.get("/sitemap.xml")  # the site's root paths are cached after the first request
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/sitemap.xml").status_code == 200
        return len(queries)

    for article in make_news(5):
        translate(article, "fr", title=f"{article.title} (fr)")
    few = count()
    for article in make_news(10, start=5):
        translate(article, "fr", title=f"{article.title} (fr)")
    assert count() == few
