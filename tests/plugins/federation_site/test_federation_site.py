"""`federation` installed alone into a bare Wagtail site: what the site's integrator sees."""

import json
import sys

from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from federation.models import Delivery, FederatedObject, OutboxActivity
from tests.plugins.helpers import import_all

from .models import ArticlePage

AP = "application/activity+json"


def test_the_site_runs_without_the_network_site():
    """Every module of the plugin, its URLs and admin hooks load in a project without `cms`."""
    from django.urls import resolve

    import_all("federation")
    resolve("/.well-known/webfinger")
    resolve("/admin/")
    assert not apps.is_installed("cms") and not apps.is_installed("collaboration")
    assert "cms" not in sys.modules
    assert "collaboration" not in sys.modules


def test_migrations_apply_and_none_are_missing(db):
    """`migrate` leaves nothing unapplied, and the models need no migration of the site's."""
    executor = MigrationExecutor(connection)
    assert executor.migration_plan(executor.loader.graph.leaf_nodes()) == []
    applied = executor.loader.applied_migrations
    assert any(app == "federation" for app, _name in applied)
    call_command("makemigrations", "federation", "federation_site", check=True, dry_run=True)


def test_site_actor_is_found_by_webfinger_after_migrate(client, site_actor):
    """@bare@testserver resolves to the actor `migrate` created, whose document has its key."""
    response = client.get("/.well-known/webfinger", {"resource": "acct:bare@testserver"})
    assert response.status_code == 200
    self_link = next(link for link in response.json()["links"] if link["rel"] == "self")
    assert self_link["href"] == "http://testserver/ap/actors/bare"

    doc = client.get("/ap/actors/bare", headers={"Accept": AP}).json()
    assert doc["id"] == site_actor.uri == "http://testserver/ap/actors/bare"
    assert doc["inbox"] == "http://testserver/ap/actors/bare/inbox"
    assert doc["publicKey"]["publicKeyPem"].startswith("-----BEGIN PUBLIC KEY-----")


def test_publishing_a_page_delivers_it_to_followers(
    site_home, site_actor, follower, follower_server, django_capture_on_commit_callbacks
):
    """Publishing a page of the site's own model sends followers one signed Create of it."""
    page = site_home.add_child(
        instance=ArticlePage(
            title="Open call", slug="open-call", summary="Apply now", body="<p>Details</p>"
        )
    )
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()

    fobj = FederatedObject.objects.get(page=page)
    assert fobj.actor == site_actor
    assert OutboxActivity.objects.filter(object=fobj, activity_type="Create").count() == 1
    delivery = Delivery.objects.get()
    assert delivery.inbox_url == f"{follower_server.url}/inbox"
    assert delivery.state == Delivery.DELIVERED

    [(path, headers, activity)] = follower_server.posts
    assert path == "/inbox"
    assert "Signature" in headers or "Signature-Input" in headers
    assert activity["type"] == "Create" and activity["actor"] == site_actor.uri
    assert activity["object"]["id"] == fobj.uri
    assert activity["object"]["type"] == "Article"
    assert activity["object"]["name"] == "Open call"
    assert activity["object"]["summary"] == "Apply now"


def test_unsigned_post_to_the_inbox_is_refused(client, site_actor):
    """An inbox post without a signature is answered 401 with the reason, and nothing is kept."""
    follow = {
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": "https://elsewhere.example/activities/1",
        "type": "Follow",
        "actor": "https://elsewhere.example/users/mallory",
        "object": site_actor.uri,
    }
    for path in ("/ap/actors/bare/inbox", "/ap/inbox"):
        response = client.post(path, json.dumps(follow), content_type=AP)
        assert response.status_code == 401
        assert "signed" in response.json()["error"]
    assert not site_actor.follows.exists()
