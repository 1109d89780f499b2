"""Content in the visitor's language: lists of pages and themes, and the source-language page."""

import pytest
from wagtail.models import Locale

from cms.i18n import localize_links, localized, localized_names, source_page
from tests.cms import members_helpers
from tests.cms.members_helpers import make_org, make_theme

directory = members_helpers.directory

pytestmark = pytest.mark.django_db


@pytest.fixture
def fr():
    return Locale.objects.get(language_code="fr")


def test_a_list_shows_each_page_in_the_visitors_language_in_order(make_news, translate, fr):
    """A French visitor sees the French version of a translated page and the English one of an
    untranslated page, in the order the editor chose."""
    first, second, third = make_news(3)
    french_second = translate(second, "fr", title="Deuxième article")
    shown = localized([third, second, None, first], fr)
    assert [p.pk for p in shown] == [third.pk, french_second.pk, first.pk]
    assert shown[1].title == "Deuxième article"


def test_a_draft_translation_is_not_shown(make_news, translate, fr):
    """A translation that is not live is not offered: the visitor sees the source page."""
    article = make_news(1)[0]
    french = translate(article, "fr", title="Brouillon")
    french.unpublish()
    assert [p.pk for p in localized([article], fr)] == [article.pk]


def test_a_listing_leaves_out_unpublished_pages(make_news, fr):
    """An unpublished page with no translation is left out of a listing, not linked to a 404."""
    live, gone = make_news(2)
    gone.unpublish()
    assert [p.pk for p in localized([live, gone], fr, published_only=True)] == [live.pk]
    assert [p.pk for p in localized([live, gone], fr)] == [live.pk, gone.pk]


def test_theme_names_and_partner_rows_follow_the_language(directory, translate, fr):
    """Theme names come from their French translation, and a partner row links to the French
    page of its organisation."""
    heritage = make_theme("Heritage")
    french = heritage.copy_for_translation(fr)
    french.name = "Patrimoine"
    french.save()
    assert localized_names([heritage, make_theme("Urbanism")], fr) == {
        heritage.pk: "Patrimoine",
        make_theme("Urbanism").pk: "Urbanism",
    }

    lille = make_org(directory, "Lille")
    lille.save_revision().publish()
    french_lille = translate(lille, "fr", title="Lille (FR)")

    class Row:
        organisation = lille

    (row,) = localize_links([Row()], "organisation", fr)
    assert row.local.pk == french_lille.pk
    assert source_page(french_lille).pk == lille.pk
