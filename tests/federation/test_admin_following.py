"""Editors follow allied networks from the admin, see who they follow, and moderate the feed."""

import json

import pytest
from django.urls import reverse

from federation.models import DomainBlock, Follow, RemoteActor, RemotePost
from tests.federation.conftest import FIXTURES, keypair, replace_all


@pytest.fixture
def group(remote_server):
    """A Mobilizon group, findable by WebFinger on the loopback test server."""
    doc = json.loads((FIXTURES / "mobilizon-group.json").read_text())
    doc = replace_all(doc, {"https://social.tcit.fr": remote_server.url})
    doc["publicKey"]["publicKeyPem"] = keypair(0)[1]
    remote_server.documents["/@culture_nord"] = doc
    host = remote_server.url.removeprefix("http://")
    remote_server.raw["/.well-known/webfinger"] = (
        200,
        {"Content-Type": "application/jrd+json"},
        json.dumps(
            {
                "subject": f"acct:culture_nord@{host}",
                "links": [{"rel": "self", "type": "application/activity+json", "href": doc["id"]}],
            }
        ).encode(),
    )
    return f"@culture_nord@{host}"


def test_follow_flow_confirms_then_sends_follow(
    admin_client, network, group, remote_server, django_capture_on_commit_callbacks
):
    """Look up @group@host, see the group (summary sanitised), confirm: a Follow is delivered."""
    url = reverse("federation_following:follow")
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, {"handle": group, "local_actor": network.pk})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Culture Nord" in html and "Group" in html
    assert "Cultural venues of the North" in html
    assert "<script>alert" not in html and "onerror" not in html
    assert Follow.objects.count() == 0  # nothing sent before confirmation
    actor_uri = f"{remote_server.url}/@culture_nord"
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            url,
            {"handle": group, "local_actor": network.pk, "actor_uri": actor_uri, "confirm": "1"},
        )
    assert response.status_code == 302
    follow = Follow.objects.get()
    assert follow.state == Follow.PENDING and follow.direction == Follow.OUTGOING
    posts = remote_server.wait_for_posts(1)
    assert posts[0].json()["type"] == "Follow"
    assert posts[0].json()["object"] == actor_uri
    listing = admin_client.get(reverse("federation_following:index")).content.decode()
    assert "Culture Nord" in listing and "pending" in listing


@pytest.mark.parametrize(
    "handle,reason",
    [
        ("@nobody@HOST", "unknown handle"),
        ("not a handle", "a handle looks like"),
        ("https://10.0.0.1/users/x", "private address"),
        ("@spam@blocked.example", "blocked"),
        ("HOST_URL/notes/1", "not an actor type"),
    ],
)
def test_refused_lookups_say_why(admin_client, network, remote_server, settings, handle, reason):
    """An editor whose lookup is refused (unknown, malformed, private, blocked, not an actor) reads
    why, and nothing is followed."""
    host = remote_server.url.removeprefix("http://")
    remote_server.documents["/notes/1"] = {
        "id": f"{remote_server.url}/notes/1",
        "type": "Note",
        "content": "x",
    }
    DomainBlock.objects.create(domain="blocked.example")
    if "10.0.0.1" in handle:
        settings.FEDERATION_ALLOW_PRIVATE_ADDRESSES = ["127.0.0.0/8"]
    handle = handle.replace("HOST_URL", remote_server.url).replace("HOST", host)
    response = admin_client.post(
        reverse("federation_following:follow"), {"handle": handle, "local_actor": network.pk}
    )
    assert response.status_code == 200
    assert reason in response.content.decode()
    assert Follow.objects.count() == 0


def test_lookup_timeout_says_why(admin_client, network, remote_server, settings):
    """An editor looking up a server that does not answer in time is told the lookup timed out."""
    settings.FEDERATION_READ_TIMEOUT = 0.2
    remote_server.delay = 1.0
    response = admin_client.post(
        reverse("federation_following:follow"),
        {"handle": f"{remote_server.url}/users/x", "local_actor": network.pk},
    )
    assert "timed out" in response.content.decode()


def test_unfollow_sends_undo(admin_client, network, alice, django_capture_on_commit_callbacks):
    """Unfollowing from the admin forgets the follow and sends the remote actor an Undo of our
    Follow."""
    from federation.remote import fetch_actor

    remote = fetch_actor(alice.uri)
    follow = Follow.objects.create(
        local_actor=network,
        remote_actor=remote,
        direction=Follow.OUTGOING,
        state=Follow.ACCEPTED,
        activity_id=f"{network.uri}#follow",
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("federation_following:unfollow", args=[follow.pk]))
    assert response.status_code == 302
    assert Follow.objects.count() == 0
    undo = alice.server.wait_for_posts(1)[0].json()
    assert undo["type"] == "Undo" and undo["object"]["type"] == "Follow"


def test_editor_without_permission_cannot_follow(client, django_user_model, home, network):
    """An editor without the federation permission cannot open the follow screen."""
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("ed", "ed@like.example", "pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    response = client.get(reverse("federation_following:follow"))
    assert response.status_code in {302, 403}
    assert "Look up" not in response.content.decode()


@pytest.fixture
def stored_post(network):
    remote = RemoteActor.objects.create(
        uri="https://spam.example/users/s", domain="spam.example", username="s", name="Spammer"
    )
    Follow.objects.create(
        local_actor=network, remote_actor=remote, direction=Follow.OUTGOING, state=Follow.ACCEPTED
    )
    return RemotePost.objects.create(
        object_id="https://spam.example/p/1",
        actor=remote,
        kind="note",
        name="Buy now",
        url="https://spam.example/p/1",
    )


def test_admin_hides_a_post(admin_client, stored_post):
    """A moderator hides a post from the admin listing, and the public feed no longer shows it."""
    listing = admin_client.get(reverse("federation_posts:index"))
    assert "Buy now" in listing.content.decode()
    admin_client.post(reverse("federation_posts:action", args=[stored_post.pk]), {"action": "hide"})
    stored_post.refresh_from_db()
    assert stored_post.hidden
    from federation.feed import visible_posts

    assert not visible_posts().exists()


def test_admin_blocks_the_actor(admin_client, stored_post):
    """A moderator blocks a post's author from the admin: the actor is blocked and its posts are
    gone."""
    admin_client.post(
        reverse("federation_posts:action", args=[stored_post.pk]), {"action": "block_actor"}
    )
    assert RemoteActor.objects.get().blocked
    assert RemotePost.objects.count() == 0


def test_admin_blocks_the_domain(admin_client, stored_post):
    """A moderator blocks a post's server from the admin: the domain is blocked and its posts are
    gone."""
    admin_client.post(
        reverse("federation_posts:action", args=[stored_post.pk]), {"action": "block_domain"}
    )
    assert DomainBlock.is_blocked("spam.example")
    assert RemotePost.objects.count() == 0


def test_refresh_picks_up_a_rotated_key(network, alice):
    """A followed actor that rotated its key is refreshed with the new key and is no longer
    stale."""
    from federation.following import refresh_actor, stale_followed_actors
    from federation.remote import fetch_actor

    remote = fetch_actor(alice.uri)
    Follow.objects.create(
        local_actor=network, remote_actor=remote, direction=Follow.OUTGOING, state=Follow.ACCEPTED
    )
    RemoteActor.objects.filter(pk=remote.pk).update(fetched_at=None)
    assert stale_followed_actors() == [remote.pk]
    alice.rotate(3)
    assert refresh_actor(remote.pk) == "refreshed"
    remote.refresh_from_db()
    assert remote.public_key_pem == keypair(3)[1]
    assert stale_followed_actors() == []


def test_refresh_failure_is_shown_on_the_follow(network, alice):
    """When a followed actor's profile cannot be fetched again, editors see why on the follow."""
    from federation.following import refresh_actor
    from federation.remote import fetch_actor

    remote = fetch_actor(alice.uri)
    follow = Follow.objects.create(
        local_actor=network, remote_actor=remote, direction=Follow.OUTGOING, state=Follow.ACCEPTED
    )
    alice.server.documents.clear()
    assert refresh_actor(remote.pk).startswith("failed")
    follow.refresh_from_db()
    assert "404" in follow.last_error


def test_refresh_command(network, alice):
    """`manage.py federation_refresh_actors --all` refreshes every followed actor without
    failing."""
    from django.core.management import call_command

    from federation.remote import fetch_actor

    remote = fetch_actor(alice.uri)
    Follow.objects.create(
        local_actor=network, remote_actor=remote, direction=Follow.OUTGOING, state=Follow.ACCEPTED
    )
    call_command("federation_refresh_actors", "--all")


def test_following_list_shows_delivery_errors(
    admin_client, network, remote_server, django_capture_on_commit_callbacks
):
    """A Follow the remote server refused shows why in the list."""
    from federation.following import follow_remote

    remote_server.add_actor("carol", key=4)
    remote_server.post_status = 403
    with django_capture_on_commit_callbacks(execute=True):
        follow_remote(f"{remote_server.url}/users/carol", network)
    html = admin_client.get(reverse("federation_following:index")).content.decode()
    assert "HTTP 403" in html


def test_periodic_refresh_task_queues_stale_actors(network, alice):
    """The periodic task refreshes followed actors whose profile is old (the immediate backend
    runs the queued refreshes at once)."""
    from federation.following import refresh_followed_actors
    from federation.remote import fetch_actor

    remote = fetch_actor(alice.uri)
    Follow.objects.create(
        local_actor=network, remote_actor=remote, direction=Follow.OUTGOING, state=Follow.ACCEPTED
    )
    RemoteActor.objects.filter(pk=remote.pk).update(fetched_at=None, name="Old name")
    result = refresh_followed_actors.enqueue()
    assert result.return_value == 1
    remote.refresh_from_db()
    assert remote.fetched_at is not None and remote.name != "Old name"


def test_confirming_a_follow_does_not_fetch_the_actor_again(
    admin_client, network, group, remote_server, django_capture_on_commit_callbacks
):
    """The confirm step reuses the actor the lookup step just resolved: one fetch in all."""
    url = reverse("federation_following:follow")
    admin_client.post(url, {"handle": group, "local_actor": network.pk})
    fetched = [r.path for r in remote_server.received if r.method == "GET"]
    assert fetched.count("/@culture_nord") == 1
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            url,
            {
                "handle": group,
                "local_actor": network.pk,
                "actor_uri": f"{remote_server.url}/@culture_nord",
                "confirm": "1",
            },
        )
    assert Follow.objects.get().remote_actor.name == "Culture Nord"
    fetched = [r.path for r in remote_server.received if r.method == "GET"]
    assert fetched.count("/@culture_nord") == 1


def test_following_list_survives_foreign_activity_ids(admin_client, network, alice):
    """A follow whose activity id is not one of our UUIDs still lists (no server error)."""
    from federation.remote import fetch_actor

    Follow.objects.create(
        local_actor=network,
        remote_actor=fetch_actor(alice.uri),
        direction=Follow.OUTGOING,
        activity_id=f"{network.uri}#follow",
    )
    response = admin_client.get(reverse("federation_following:index"))
    assert response.status_code == 200
    assert "@alice@" in response.content.decode()
