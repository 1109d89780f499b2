"""The demo network loads in every language, through wagtail-localize, and loading it twice changes nothing."""

import io
import re
import shutil

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import OutputWrapper
from taggit.models import Tag
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import GroupPagePermission, Locale, Page, Revision, Site
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

from cms.demo import load_demo_data
from cms.demo.content import _news_values
from cms.demo.practices import budget_band, practice_texts
from cms.demo.texts import DATA_DIR, DemoData, fill
from cms.models import (
    EventPage,
    NewsArticlePage,
    NewsIndexPage,
    OrganisationPage,
    PracticePage,
    PublicationPage,
    StandardPage,
)
from tests.cms.test_no_english_on_french_pages import VisibleText

pytestmark = pytest.mark.django_db

COUNTED = [
    Page,
    Revision,
    Site,
    Locale,
    TranslationSource,
    Translation,
    StringTranslation,
    Tag,
    Group,
    GroupPagePermission,
]


def row_counts():
    models = [*COUNTED, get_user_model(), get_image_model(), get_document_model()]
    return {model.__name__: model.objects.count() for model in models}


def test_demo_loads_twice_without_changing_anything(home):
    """Running load_demo_data a second time creates, edits and publishes nothing."""
    load_demo_data(languages=["fr"])
    first = row_counts()

    load_demo_data(languages=["fr"])

    assert row_counts() == first
    assert first["Page"] > 130


def test_demo_content_is_translated_through_wagtail_localize(client, home):
    """The French demo has French titles at French addresses, made by wagtail-localize, lists
    that paginate, upcoming and past events, and the three demo accounts."""
    load_demo_data(languages=["fr"])
    fr = Locale.objects.get(language_code="fr")

    assert NewsArticlePage.objects.filter(locale__language_code="en").count() == 25
    assert NewsArticlePage.objects.filter(locale=fr, live=True).count() == 25
    assert EventPage.objects.filter(locale=fr, live=True).count() >= 20
    assert PublicationPage.objects.filter(locale=fr, live=True).count() == 15
    french_pages = set(
        Page.objects.filter(locale=fr, depth__gte=2).values_list("translation_key", flat=True)
    )
    translated = set(
        Translation.objects.filter(target_locale=fr).values_list("source__object_id", flat=True)
    )
    assert french_pages <= translated
    response = client.get("/fr/qui-sommes-nous/")
    assert response.status_code == 200
    assert "Qui sommes-nous" in response.content.decode()
    home_fr = client.get("/fr/").content.decode()
    assert "Villes et régions européennes pour la culture" in home_fr
    assert "/fr/evenements/" in home_fr
    # Every news article's body is French too, not only its title and summary, and says what
    # its title announces: a meeting's who took part, a newcomer's why it joined.
    articles = NewsArticlePage.objects.filter(locale=fr).order_by("path")
    meeting, joins = articles[0], articles[1]
    html = client.get(meeting.url).content.decode()
    assert "Une soixantaine de participants" in html, meeting.url
    assert "About sixty participants" not in html, meeting.url
    html = client.get(joins.url).content.decode()
    assert joins.title == "Timișoara rejoint le réseau"
    assert "Timișoara (Banat, Roumanie) est devenue membre de LIKE." in html, joins.url
    assert "Son premier projet avec le réseau porte sur" in html, joins.url
    assert "participants" not in html.split("<main", 1)[1], joins.url

    # Most organisations show a logo of their own, a few their initials; practices read as a
    # database entry, in French, their figures written the French way.
    organisations = OrganisationPage.objects.filter(locale=fr)
    with_logo = organisations.filter(logo__isnull=False)
    assert with_logo.count() > organisations.count() * 3 // 4
    porto = client.get(with_logo.get(slug="porto").url).content.decode()
    assert re.search(r'<img [^>]*class="organisation-logo"', porto)
    lille = client.get(organisations.get(slug="lille").url).content.decode()
    assert 'class="initials-badge' in lille and "organisation-logo" not in lille
    practice = PracticePage.objects.get(locale=fr, title="Un pass culture gratuit à Matera")
    html = client.get(practice.url).content.decode()
    assert "Chaque jeune qui fête ses 18 ans reçoit un pass" in html
    assert re.search(r"Le budget était de \d+\xa0\d{3}\xa0€", html)
    assert re.search(r"\d+\xa0\d{3} réservations", html)
    assert "{" not in VisibleText.of(html)

    # Enough news for two pages, and both upcoming and past events.
    news = client.get("/fr/actualites/")
    upcoming = client.get("/fr/evenements/")
    past = client.get("/fr/evenements/past/")

    assert news.context["articles"].paginator.num_pages >= 2
    assert len(upcoming.context["events"].object_list) > 0
    assert len(past.context["events"].object_list) > 0

    # admin, editor (in Editors, can publish pages) and member log in with their names.
    User = get_user_model()

    admin = User.objects.get(username="admin")
    editor = User.objects.get(username="editor")
    member = User.objects.get(username="member")

    assert admin.is_superuser and admin.check_password("admin")
    assert editor.check_password("editor") and editor.groups.filter(name="Editors").exists()
    assert editor.has_perm("wagtailadmin.access_admin")
    assert not member.is_staff and member.check_password("member")


def test_demo_pages_are_published_indexed_and_syncable(home):
    """Every translated page is live on its first revision, linked to its English page, has an
    enabled wagtail-localize Translation, and can be found by the site search."""
    load_demo_data(languages=["fr"])
    fr = Locale.objects.get(language_code="fr")
    french = Page.objects.filter(locale=fr, depth__gte=3)

    assert french.exists()
    assert not french.filter(live=False).exists()
    assert not french.filter(live_revision__isnull=True).exists()
    assert not Translation.objects.filter(target_locale=fr, enabled=False).exists()
    english_keys = set(
        Page.objects.filter(locale__language_code="en").values_list("translation_key", flat=True)
    )
    assert set(french.values_list("translation_key", flat=True)) <= english_keys
    # Indexed once, in bulk, at the end of the load (not by a queued task per save).
    found = Page.objects.live().filter(locale=fr).search("Un pass culture gratuit à Matera")
    assert "Un pass culture gratuit à Matera" in [page.title for page in found]


DUTCH_SITE = """
[home]
title = "LIKE – Europese steden en regio's voor cultuur"

[pages.about]
title = "Over ons"
intro = "LIKE – Europese steden en regio's voor cultuur – werd in 1994 opgericht als „Les Rencontres”."

[pages.about.body.goals]
text = "Onze doelen"

[pages.about.menu]
text = "a typo: the menu is structure, not a text"
"""


def test_a_seventh_language_is_data_only(client, home, settings, tmp_path):
    """A language added to LANGUAGES gets the demo in its own words from its data file alone (here
    Dutch, for the main pages); where it has no text yet its pages are made untranslated, in
    English rather than in another language, and the loader says which texts are missing."""
    shutil.copytree(DATA_DIR / "en", tmp_path / "en")
    (tmp_path / "nl").mkdir()
    (tmp_path / "nl" / "site.toml").write_text(DUTCH_SITE, encoding="utf-8")
    settings.LANGUAGES = [*settings.LANGUAGES, ("nl", "Dutch")]
    settings.WAGTAIL_CONTENT_LANGUAGES = settings.LANGUAGES
    output = io.StringIO()

    load_demo_data(stdout=OutputWrapper(output), languages=["nl"], data_dir=tmp_path)

    nl = Locale.objects.get(language_code="nl")
    about = StandardPage.objects.get(locale=nl, live=True, slug="over-ons")
    assert about.title == "Over ons"
    assert about.body[0].value["text"] == "Onze doelen"
    # A text the Dutch file leaves out stays the English one (wagtail-localize's untranslated
    # segment), and so does a whole kind it has no file for.
    assert "Expertise and shared knowledge on cultural policies." in str(about.body[2].value)
    news = NewsIndexPage.objects.get(locale=nl)
    assert (news.title, news.slug) == ("News", "news")
    assert not Page.objects.filter(locale=nl, title__in=["Actualités", "Qui sommes-nous"]).exists()
    english = Page.objects.filter(locale__language_code="en", depth__gte=2)
    assert Page.objects.filter(locale=nl).count() == english.count()
    response = client.get("/nl/over-ons/")
    assert response.status_code == 200 and "Onze doelen" in response.content.decode()

    report = output.getvalue()
    kinds = (
        "bulletins, events, figures, groups, members, news, practices, projects, publications, "
        "registration, statement"
    )
    assert f"No demo texts in nl for {kinds} (" in report
    assert "Demo texts missing in nl/site.toml: " in report
    assert "left untranslated (arts.books-and-reading.name" in report
    assert "Ignored in nl/site.toml, not texts of en/site.toml: pages.about.menu." in report


LANGUAGES = ["fr", "de", "es", "it", "pl"]


def _practices(data):
    """(theme slug, the practice's texts) of every demo practice, as load_demo_data makes them."""
    practices, organisations = data["practices"], data["members"]["organisations"]
    titles, places = practices["titles"], practices["places"].values()
    for p_index, theme in enumerate(titles):
        for k in range(3):
            place = places[(p_index * 3 + k) % len(places)]
            population = place.get("population") or organisations[place["organisation"]]["size"]
            yield (
                theme,
                practice_texts(
                    titles.text(theme),
                    practices["themes"][theme],
                    place,
                    population,
                    f"{theme}-{place['place']}",
                    LANGUAGES,
                ),
            )


def _all_texts(texts):
    for key in ("title", "summary", "partners", "results"):
        yield texts[key]
    yield from texts["description"]


def test_practices_have_texts_of_their_own_in_every_language():
    """Each theme's practices have their own summary, description and results (no longer one
    sentence for all), the results' figures differ from place to place, and no practice shows
    a "{place}" or other placeholder, or an English text, in any of the six languages."""
    data = DemoData(LANGUAGES)
    practices = list(_practices(data))
    assert len(practices) == 30
    summaries = {theme: texts["summary"]["en"] for theme, texts in practices}
    assert len(set(summaries.values())) == len(summaries) == 10
    results = [texts["results"]["en"] for _theme, texts in practices]
    assert len(set(results)) == 30
    for theme, texts in practices:
        assert len(texts["description"]) >= 2
        assert re.search(r"\d", texts["results"]["en"]), theme
        for text in _all_texts(texts):
            assert set(text) == {"en", *LANGUAGES}
            for lang, value in text.items():
                assert "{" not in value and "}" not in value, (lang, value)
                if lang != "en":
                    assert value != text["en"] or value.istitle(), (lang, value)
    assert not data.texts_missing and not data.strays
    # Figures as each language writes them, and budget bands of every size.
    matera = dict(practices)["access-to-culture"]
    assert re.search(r"\d,\d{3} bookings", matera["results"]["en"])
    assert re.search(r"\d\xa0\d{3} réservations", matera["results"]["fr"])
    assert re.search(r"\d\.\d{3} Buchungen", matera["results"]["de"])
    bands = {budget_band(texts["figures"]["cost"]) for _theme, texts in practices}
    assert bands == {"lt10k", "10k-50k", "50k-250k", "250k-1m", "gt1m"}


def test_articles_about_a_city_joining_say_what_joining_means():
    """A "<city> joins the network" article says who the city is, why it joined and its first
    project, in every language, and nothing of a meeting's participants or debates."""
    data = DemoData(LANGUAGES)
    news, arts = data["news"], data["site"]["arts"]
    joins, meeting = news["patterns"]["joins"], news["patterns"]["meeting"]
    meeting_body = {meeting["body"].text(key)["en"] for key in meeting["body"]}
    newcomers = news["newcomers"].values()
    assert len(newcomers) == 6
    for newcomer, art in zip(newcomers, arts.values(), strict=False):
        values = _news_values(art.text("name"), newcomer=newcomer)
        body = [fill(joins["body"].text(key), values) for key in joins["body"]]
        english = " ".join(paragraph["en"] for paragraph in body)
        assert not meeting_body & {paragraph["en"] for paragraph in body}
        for word in ("participants", "took part", "debates", "presentations", "attend"):
            assert word not in english, word
        assert f"{newcomer['city']} ({newcomer['region']}) has become a member" in english
        assert newcomer["reason"] in english and newcomer["project"] in english
        for paragraph in body:
            assert set(paragraph) == {"en", *LANGUAGES}
            assert not any("{" in text for text in paragraph.values()), paragraph
    assert not data.texts_missing and not data.strays
