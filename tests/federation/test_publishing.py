"""Publishing pages: followers receive Create, then Update for edits and translations, then Delete."""

import pytest
from wagtail.models import Locale

from federation.models import Actor, FederatedObject, OutboxActivity

cms_models = pytest.importorskip("cms.models")
NewsIndexPage = getattr(cms_models, "NewsIndexPage", None)
NewsArticlePage = getattr(cms_models, "NewsArticlePage", None)
pytestmark = pytest.mark.skipif(NewsArticlePage is None, reason="cms news pages not there yet")


@pytest.fixture
def news_index(home):
    index = NewsIndexPage(title="News", slug="news")
    home.add_child(instance=index)
    return index


def received(remote_server):
    return [p.json() for p in remote_server.posts()]


def publish(page, capture):
    with capture(execute=True):
        page.save_revision().publish()


def test_nothing_is_sent_during_the_editors_request(
    news_index, network, follower, remote_server, django_capture_on_commit_callbacks
):
    """Publishing only queues work for after the commit; no row, no request before."""
    article = NewsArticlePage(title="Culture in cities", slug="culture", summary="Short")
    news_index.add_child(instance=article)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        article.save_revision().publish()
    assert callbacks
    assert not FederatedObject.objects.exists()
    assert remote_server.posts() == []


def test_publish_translate_unpublish(
    news_index, network, follower, remote_server, django_capture_on_commit_callbacks
):
    """First publish -> Create; a French translation -> Update of the same object with both
    languages; unpublishing everything -> Delete, and the object URL answers 410."""
    article = NewsArticlePage(title="Culture in cities", slug="culture", summary="Short")
    news_index.add_child(instance=article)
    publish(article, django_capture_on_commit_callbacks)

    create = received(remote_server)[-1]
    assert create["type"] == "Create"
    obj = create["object"]
    assert obj["type"] == "Article"
    assert obj["nameMap"] == {"en": "Culture in cities"}
    assert obj["summary"] == "Short"
    assert create["actor"] == network.uri
    assert obj["attributedTo"] == network.uri
    fobj = FederatedObject.objects.get()
    assert obj["id"] == fobj.uri

    fr = Locale.objects.get(language_code="fr")
    french = article.copy_for_translation(fr, copy_parents=True)
    french.title = "La culture en ville"
    french.summary = "Court"
    french.save()
    publish(french, django_capture_on_commit_callbacks)

    update = received(remote_server)[-1]
    assert update["type"] == "Update"
    assert update["object"]["id"] == fobj.uri
    assert update["object"]["nameMap"] == {"en": "Culture in cities", "fr": "La culture en ville"}
    assert update["object"]["summaryMap"] == {"en": "Short", "fr": "Court"}
    assert FederatedObject.objects.count() == 1

    french.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        french.unpublish()
    assert received(remote_server)[-1]["object"]["nameMap"] == {"en": "Culture in cities"}

    article.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()
    delete = received(remote_server)[-1]
    assert delete["type"] == "Delete"
    assert delete["object"]["type"] == "Tombstone"
    assert delete["object"]["id"] == fobj.uri
    fobj.refresh_from_db()
    assert fobj.state == FederatedObject.DELETED


def test_republishing_unchanged_sends_nothing_new(
    news_index, network, follower, remote_server, django_capture_on_commit_callbacks
):
    """Publishing a page again without changes sends followers no second Create."""
    article = NewsArticlePage(title="Same", slug="same")
    news_index.add_child(instance=article)
    publish(article, django_capture_on_commit_callbacks)
    publish(article, django_capture_on_commit_callbacks)
    types = [a["type"] for a in received(remote_server)]
    assert types.count("Create") == 1
    assert OutboxActivity.objects.filter(activity_type="Create").count() == 1


def test_deleting_the_page_sends_delete(
    news_index, network, follower, remote_server, django_capture_on_commit_callbacks
):
    """Deleting a published page sends followers a Delete."""
    article = NewsArticlePage(title="Gone soon", slug="gone")
    news_index.add_child(instance=article)
    publish(article, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        article.delete()
    assert received(remote_server)[-1]["type"] == "Delete"


def test_organisation_page_becomes_an_actor(home, network, django_capture_on_commit_callbacks):
    """Publishing an organisation page creates its actor, named after its slug, made unique."""
    OrganisationPage = getattr(cms_models, "OrganisationPage", None)
    DirectoryPage = getattr(cms_models, "DirectoryPage", None)
    if OrganisationPage is None or DirectoryPage is None:
        pytest.skip("organisation pages not there yet")
    directory = DirectoryPage(title="Members", slug="members-directory")
    home.add_child(instance=directory)
    Actor.objects.create(username="lille", actor_type="Person")
    org = OrganisationPage(
        title="Lille", slug="lille", kind="city", country="FR", membership_status="member"
    )
    directory.add_child(instance=org)
    publish(org, django_capture_on_commit_callbacks)
    actor = Actor.objects.get(translation_key=org.translation_key)
    assert actor.username == "lille_2"
    assert actor.actor_type == "Organization"
    publish(org, django_capture_on_commit_callbacks)
    assert Actor.objects.filter(translation_key=org.translation_key).count() == 1


def test_member_news_is_published_by_the_member_and_announced_by_the_network(
    home,
    news_index,
    network,
    follower,
    remote_server,
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    """A member's article is created by the member's actor; the network Announces it to its own
    followers, so following the network is enough."""
    OrganisationPage = getattr(cms_models, "OrganisationPage", None)
    DirectoryPage = getattr(cms_models, "DirectoryPage", None)
    if OrganisationPage is None or DirectoryPage is None:
        pytest.skip("organisation pages not there yet")
    directory = DirectoryPage(title="Members", slug="members-directory")
    home.add_child(instance=directory)
    org = OrganisationPage(
        title="Porto", slug="porto", kind="city", country="PT", membership_status="member"
    )
    directory.add_child(instance=org)
    publish(org, django_capture_on_commit_callbacks)
    monkeypatch.setattr(
        NewsArticlePage,
        "federation_actor_owner",
        lambda self: OrganisationPage.objects.get(pk=org.pk),
        raising=False,
    )
    article = NewsArticlePage(title="Porto news", slug="porto-news")
    news_index.add_child(instance=article)
    publish(article, django_capture_on_commit_callbacks)
    porto = Actor.objects.get(translation_key=org.translation_key)
    fobj = FederatedObject.objects.get()
    assert fobj.actor == porto
    announce = received(remote_server)[-1]
    assert announce["type"] == "Announce"
    assert announce["actor"] == network.uri
    assert announce["object"] == fobj.uri
    assert OutboxActivity.objects.filter(actor=porto, activity_type="Create").exists()
