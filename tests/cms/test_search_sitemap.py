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
