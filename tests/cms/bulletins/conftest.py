"""Fixtures of the e-bulletin's tests: an archive, an issue with self-filling blocks, a list."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import Locale

from cms.bulletins.models import BulletinIndexPage, BulletinPage, MailingList, Subscriber
from cms.models import NewsArticlePage, NewsIndexPage
from tests.cms.conftest import publish_child


@pytest.fixture
def bulletin_index(home):
    return publish_child(home, BulletinIndexPage(title="E-bulletin", slug="bulletin"))


@pytest.fixture
def news(home):
    index = publish_child(home, NewsIndexPage(title="News", slug="news"))
    today = timezone.localdate()
    recent = publish_child(
        index,
        NewsArticlePage(
            title="Opera in Lille",
            slug="opera",
            date=today - datetime.timedelta(days=3),
            summary="A new season.",
        ),
    )
    old = publish_child(
        index,
        NewsArticlePage(
            title="Old festival", slug="old", date=today - datetime.timedelta(days=200)
        ),
    )
    return recent, old


def make_issue(index, title="E-bulletin no. 1", date=None, **fields):
    body = fields.pop(
        "body",
        [
            ("heading", "From the secretariat"),
            ("paragraph", '<p>Welcome to <a href="/en/news/">our news</a>.</p>'),
            ("latest_news", {"mode": "auto", "count": 3, "title": "", "pages": []}),
        ],
    )
    return publish_child(
        index,
        BulletinPage(
            title=title,
            slug=title.lower().replace(" ", "-").replace(".", ""),
            date=date or timezone.localdate(),
            intro="<p>Dear members,</p>",
            body=body,
            **fields,
        ),
    )


@pytest.fixture
def issue(bulletin_index, news):
    return make_issue(bulletin_index)


@pytest.fixture
def mailing_list(home):
    return MailingList.objects.create(
        name="The e-bulletin", locale=Locale.objects.get(language_code="en")
    )


@pytest.fixture
def subscriber(mailing_list):
    row = Subscriber.objects.create(
        email="reader@example.org", language="fr", state=Subscriber.State.CONFIRMED
    )
    row.lists.set([mailing_list])
    return row


@pytest.fixture
def image(db):
    """A picture in the library (the root collection seeded first: a transactional test before
    this one may have flushed the row its migration made)."""
    import io

    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from wagtail.images import get_image_model
    from wagtail.models import Collection

    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    buffer = io.BytesIO()
    PILImage.new("RGB", (640, 360), "#8a1538").save(buffer, "PNG")
    picture = get_image_model()(title="A picture")
    picture.file = ImageFile(io.BytesIO(buffer.getvalue()), name="picture.png")
    picture.save()
    return picture
