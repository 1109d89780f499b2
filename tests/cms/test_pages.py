"""Every page type renders in each language it exists in, with the right language markup."""

import re

import pytest
from django.utils import translation

pytestmark = pytest.mark.django_db


def hreflangs(html):
    return sorted(re.findall(r'<link rel="alternate" hreflang="([a-z-]+)"', html))


def switcher_languages(html):
    nav = re.search(r'<nav class="language-switcher".*?</nav>', html, re.S)
    return sorted(re.findall(r'hreflang="([a-z-]+)"', nav.group(0))) if nav else []


@pytest.fixture
def pages_of_every_type(
    home,
    standard_page,
    make_news,
    make_events,
    make_publications,
    event_index,
    news_index,
    publication_index,
):
    return {
        "home": home,
        "standard": standard_page,
        "news_index": news_index,
        "news": make_news(1)[0],
        "event_index": event_index,
        "event": make_events(1)[0],
        "publication_index": publication_index,
        "publication": make_publications(1)[0],
    }


@pytest.mark.parametrize(
    "kind",
    [
        "home",
        "standard",
        "news_index",
        "news",
        "event_index",
        "event",
        "publication_index",
        "publication",
    ],
)
def test_page_renders_in_english_and_french(client, pages_of_every_type, translate, kind):
    """Each page type answers in English and, once translated, in French at its translated slug,
    with <html lang>, hreflang alternates and a switcher for exactly the two existing languages."""
    page = pages_of_every_type[kind]
    french = translate(page, "fr", title=f"{page.title} (FR)")

    english_response = client.get(page.url)
    french_response = client.get(french.url)

    assert english_response.status_code == 200
    assert french_response.status_code == 200
    assert french.url.startswith("/fr/")
    english_html = english_response.content.decode()
    french_html = french_response.content.decode()
    assert '<html lang="en"' in english_html
    assert '<html lang="fr"' in french_html
    assert f"{page.title} (FR)" in french_html
    assert hreflangs(english_html) == ["en", "fr"]
    assert hreflangs(french_html) == ["en", "fr"]
    assert switcher_languages(french_html) == ["en", "fr"]


def test_switcher_lists_only_live_translations(client, standard_page, translate):
    """A German draft is not offered in the language switcher nor as an alternate."""
    translate(standard_page, "fr", title="Qui sommes-nous")
    german = translate(standard_page, "de", title="Über uns")
    german.unpublish()

    html = client.get(standard_page.url).content.decode()

    assert switcher_languages(html) == ["en", "fr"]
    assert hreflangs(html) == ["en", "fr"]


def test_french_slug_is_translated(client, standard_page, translate):
    """The French page lives at a French address, not the English slug."""
    french = translate(standard_page, "fr", title="Qui sommes-nous")

    assert french.url == "/fr/qui-sommes-nous/"
    assert client.get("/fr/qui-sommes-nous/").status_code == 200


def test_root_redirects_to_the_browsers_language(client, home):
    """A German browser landing on / is sent to /de/, an unknown language to English."""
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9")["Location"] == "/de/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="ja")["Location"] == "/en/"


def test_unknown_page_is_a_404_in_the_visitors_language(client, home, translate):
    """/fr/nothing-here/ answers 404 with the site's page in French."""
    translate(home, "fr", title="Accueil")

    response = client.get("/fr/nothing-here/")

    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="fr"' in html
    with translation.override("fr"):
        expected = translation.gettext("Page not found")
    assert expected != "Page not found"
    assert expected in html
    # No alternates nor switcher: the same address does not exist in the other languages either.
    assert hreflangs(html) == []
    assert switcher_languages(html) == []


def test_main_menu_shows_pages_of_the_current_language(client, home, news_index, translate):
    """The header menu links to the French news index from French pages."""
    translate(home, "fr", title="Accueil")
    translate(news_index, "fr", title="Actualités")

    html = client.get("/fr/").content.decode()

    assert 'href="/fr/actualites/"' in html
    assert 'href="/en/news/"' not in html


def test_event_page_shows_times_in_the_events_time_zone(client, make_events):
    """An event in Warsaw shows its start in Warsaw time, with the time zone named."""
    event = make_events(1, timezone="Europe/Warsaw")[0]
    local = event.local_start

    html = client.get(event.url).content.decode()

    assert local.isoformat() in html
    assert "Europe/Warsaw" in html
    assert "Round table" in html
    assert "Anna Kowalska" in html


def test_event_knows_its_federation_data(make_events):
    """The federation app receives the event's start, end, zone and place through the mixin."""
    event = make_events(1)[0]

    data = event.federation_event_data()

    assert event.federation_object_type == "Event"
    assert data["start"] == event.start
    assert data["timezone"] == "Europe/Warsaw"
    assert data["location"]["city"] == "Warsaw"
    assert data["location"]["country"] == "Poland"


def test_news_article_federation_content(make_news):
    """A news article gives the fediverse its summary, body and tags."""
    article = make_news(1, tags=["opera"])[0]

    assert article.federation_summary() == article.summary
    assert "Body text" in article.federation_content_html()
    assert article.federation_tags() == ["opera"]


def test_server_error_page_needs_no_database(client):
    """The 500 page is plain HTML that renders without a request context."""
    from django.template.loader import get_template

    html = get_template("500.html").render()
    assert "<html" in html


def test_header_links_to_the_working_groups_in_the_visitors_language(client, home):
    """Every page's main navigation leads to the working groups, labelled and addressed in the
    visitor's language."""
    response = client.get("/fr/")
    assert response.status_code == 200
    assert '<a href="/fr/groups/">Groupes de travail</a>' in response.content.decode()


def test_fediverse_likes_and_shares_are_shown_on_the_article(client, make_news):
    """Likes and shares an article received on the fediverse are counted on its page; an
    article nobody interacted with shows no count."""
    from federation.actors import ensure_network_actor
    from federation.models import FederatedObject, Interaction, RemoteActor

    liked, quiet = make_news(2)
    obj = FederatedObject.objects.create(
        translation_key=liked.translation_key, page=liked, actor=ensure_network_actor()
    )
    for number, kind in enumerate([Interaction.LIKE, Interaction.LIKE, Interaction.ANNOUNCE]):
        fan = RemoteActor.objects.create(
            uri=f"https://social.example/users/fan{number}", domain="social.example"
        )
        Interaction.objects.create(
            object=obj, remote_actor=fan, kind=kind, activity_id=f"{fan.uri}#act{number}"
        )

    page = client.get(liked.url).content.decode()

    assert "2 likes on the fediverse · 1 share" in page
    assert "fediverse-reach" not in client.get(quiet.url).content.decode()
