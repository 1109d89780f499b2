"""The demo network loads in every language, through wagtail-localize, and loading it twice changes nothing."""

import io
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
from cms.demo.texts import DATA_DIR
from cms.models import EventPage, NewsArticlePage, NewsIndexPage, PublicationPage, StandardPage

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
    # Every news article's body is French too, not only its title and summary.
    for article in NewsArticlePage.objects.filter(locale=fr)[:3]:
        html = client.get(article.url).content.decode()
        assert "Une soixantaine de participants" in html, article.url
        assert "About sixty participants" not in html, article.url

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
