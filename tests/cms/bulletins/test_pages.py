"""The issue's web version and the archive, in every language, and the issue on the fediverse."""

import pytest
from django.conf import settings

from cms.bulletins.content import sections

from .conftest import make_issue


def test_issue_and_archive_render_in_every_language(issue, bulletin_index, translate, client):
    """Each language's archive lists its own issue, and the issue's web version shows its
    translated title with the page in that language."""
    for code, _name in settings.LANGUAGES:
        page = issue if code == "en" else translate(issue, code, title=f"Bulletin {code}")
        index = page.get_parent().specific
        response = client.get(index.url)
        assert response.status_code == 200, code
        assert page.title in response.content.decode()
        response = client.get(page.url)
        body = response.content.decode()
        assert response.status_code == 200, code
        assert f'<html lang="{code}"' in body
        assert f"<h1>{page.title}</h1>" in body


def test_latest_news_block_lists_news_since_the_previous_issue(bulletin_index, news):
    """An automatic "Latest news" block shows the news of the weeks since the previous issue,
    not older ones, with the block's default title in the issue's language."""
    recent, old = news
    first = make_issue(bulletin_index, title="Issue 1", date=old.date)
    second = make_issue(bulletin_index, title="Issue 2")
    listed = [s for s in sections(second) if s.kind == "list"]
    assert [item.title for item in listed[0].items] == ["Opera in Lille"]
    assert listed[0].text == "Latest news"
    assert listed[0].items[0].url.startswith(settings.SITE_URL)
    assert second.previous_issue().pk == first.pk


def test_chosen_pages_block_lists_exactly_the_chosen_pages(bulletin_index, news):
    """A block set to "chosen pages" lists those pages, whatever their date."""
    recent, old = news
    issue = make_issue(
        bulletin_index,
        body=[("latest_news", {"mode": "chosen", "count": None, "title": "Pick", "pages": [old]})],
    )
    listed = [s for s in sections(issue) if s.kind == "list"]
    assert [item.title for item in listed[0].items] == ["Old festival"]
    assert listed[0].text == "Pick"


@pytest.mark.django_db(transaction=True)
def test_published_issue_federates_as_an_article(
    transactional_home, django_capture_on_commit_callbacks
):
    """Publishing an issue makes it an Article on the fediverse, with its introduction."""
    from cms.bulletins.models import BulletinIndexPage
    from federation.actors import ensure_network_actor
    from federation.models import FederatedObject
    from tests.cms.conftest import publish_child

    ensure_network_actor(name="LIKE")
    with django_capture_on_commit_callbacks(execute=True):
        index = publish_child(transactional_home, BulletinIndexPage(title="E-bulletin", slug="b"))
        make_issue(index, title="Issue 7", body=[("heading", "Hello fediverse")])
    federated = FederatedObject.objects.get()
    assert federated.object_type == "Article"
    assert "Hello fediverse" in str(federated.document)
    assert "Dear members" in str(federated.document)
