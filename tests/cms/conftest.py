"""Fixtures of the site's tests: page builders and translations made with wagtail-localize."""

import datetime
import io

import pytest
from django.core.files.images import ImageFile
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Locale

from cms.demo import Strings, translate_page
from cms.models import (
    EventIndexPage,
    EventPage,
    NewsArticlePage,
    NewsIndexPage,
    PublicationIndexPage,
    PublicationPage,
    StandardPage,
)


def publish_child(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def image(db):
    from PIL import Image as PILImage

    buffer = io.BytesIO()
    PILImage.new("RGB", (640, 360), "#8a1538").save(buffer, "PNG")
    picture = get_image_model()(title="A picture")
    picture.file = ImageFile(io.BytesIO(buffer.getvalue()), name="picture.png")
    picture.save()
    return picture


@pytest.fixture
def translate():
    """Translate a page into a language through wagtail-localize, with the given field texts.

    translate(page, "fr", title="Actualités") makes and publishes the French page and returns it;
    the slug follows the translated title, as the demo's translators do.
    """

    def _translate(page, language, **texts):
        strings = Strings()
        for field, text in texts.items():
            english = getattr(page, field)
            strings.table.setdefault(english, {})[language] = text
        locale = Locale.objects.get(language_code=language)
        if page.depth > 2:
            parent = page.get_parent()
            if parent.get_translation_or_none(locale) is None:
                _translate(parent.specific, language)
        translate_page(page, strings, [locale])
        return page.get_translation(locale).specific

    return _translate


@pytest.fixture
def news_index(home):
    return publish_child(home, NewsIndexPage(title="News", slug="news", show_in_menus=True))


@pytest.fixture
def event_index(home):
    return publish_child(home, EventIndexPage(title="Events", slug="events", show_in_menus=True))


@pytest.fixture
def publication_index(home):
    return publish_child(
        home, PublicationIndexPage(title="Publications", slug="publications", show_in_menus=True)
    )


@pytest.fixture
def make_news(news_index):
    def _make(count=1, start=0, tags=(), image=None, **fields):
        pages = []
        for number in range(start, start + count):
            page = NewsArticlePage(
                title=fields.get("title", f"Article {number}"),
                slug=f"article-{number}",
                date=datetime.date(2026, 1, 1) + datetime.timedelta(days=number),
                summary=fields.get("summary", f"Summary of article {number}"),
                image=image,
                body=[("paragraph", "<p>Body text</p>")],
            )
            news_index.add_child(instance=page)
            for tag in tags:
                page.tags.add(tag)
            page.save_revision().publish()
            pages.append(page)
        return pages

    return _make


@pytest.fixture
def make_events(event_index):
    def _make(count=1, start_in_days=10, step_days=1, image=None, prefix="event", **fields):
        pages = []
        now = timezone.now().replace(second=0, microsecond=0)
        for number in range(count):
            start = now + datetime.timedelta(days=start_in_days + number * step_days)
            page = EventPage(
                title=f"{prefix.title()} {number}",
                slug=f"{prefix}-{number}",
                start=start,
                end=start + datetime.timedelta(hours=8),
                timezone=fields.get("timezone", "Europe/Warsaw"),
                city="Warsaw",
                country="PL",
                kind=fields.get("kind", EventPage.Kind.NATIONAL),
                image=image,
                summary="A meeting",
                programme=[
                    (
                        "session",
                        {
                            "start_time": datetime.time(9, 30),
                            "end_time": datetime.time(12, 0),
                            "title": "Round table",
                            "speakers": ["Anna Kowalska"],
                        },
                    )
                ],
            )
            pages.append(publish_child(event_index, page))
        return pages

    return _make


@pytest.fixture
def make_publications(publication_index):
    def _make(count=1, start=0, kind=PublicationPage.Kind.CONFERENCE_REPORT):
        return [
            publish_child(
                publication_index,
                PublicationPage(
                    title=f"Report {number}",
                    slug=f"report-{number}",
                    kind=kind,
                    date=datetime.date(2025, 1, 1) + datetime.timedelta(days=number),
                    summary="What was said",
                ),
            )
            for number in range(start, start + count)
        ]

    return _make


@pytest.fixture
def standard_page(home):
    return publish_child(
        home,
        StandardPage(
            title="About us",
            slug="about",
            intro="Who we are",
            show_in_menus=True,
            body=[
                ("heading", {"text": "Our goals", "level": "h2"}),
                ("paragraph", "<p>Cooperation between cities.</p>"),
                ("quote", {"quote": "Culture is not a luxury.", "attribution": "LIKE"}),
            ],
        ),
    )
