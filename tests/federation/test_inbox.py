"""The inbox: real peers' activities are understood; hostile ones are refused and change nothing."""

import datetime as dt
import json

import pytest

from federation.models import (
    DomainBlock,
    FederatedObject,
    Follow,
    InboxItem,
    Interaction,
    RemoteActor,
    SeenSignature,
)
from federation.signatures import sign_cavage, sign_rfc9421
from tests.federation import malformed
from tests.federation.conftest import keypair, load_fixture, signed_post

INBOX = "/ap/inbox"


def state():
    """Everything an inbox post could change."""
    return (
        Follow.objects.count(),
        InboxItem.objects.count(),
        Interaction.objects.count(),
        SeenSignature.objects.count(),
        list(Follow.objects.values_list("state", flat=True)),
    )


def fixture_for(name, network, alice, **extra):
    server = alice.server
    return load_fixture(
        name,
        {
            "http://localtesting.pleroma.lol/users/lain": network.uri,
            "https://social.tcit.fr/users/tcit": alice.uri,
            "https://social.tcit.fr": server.url,
            **extra,
        },
    )


@pytest.fixture
def follow_doc(network, alice):
    return fixture_for("mastodon-follow.json", network, alice)


def test_mastodon_follow_is_accepted(
    client, network, alice, follow_doc, django_capture_on_commit_callbacks
):
    """A Mastodon Follow makes the sender a follower, and an Accept is delivered to its inbox."""
    with django_capture_on_commit_callbacks(execute=True):
        response, _h, _b = signed_post(client, INBOX, follow_doc, alice)
    assert response.status_code == 202, response.content
    follow = Follow.objects.get()
    assert follow.direction == Follow.INCOMING and follow.state == Follow.ACCEPTED
    assert follow.remote_actor.uri == alice.uri
    posts = alice.server.wait_for_posts(1)
    accept = posts[0].json()
    assert posts[0].path == "/users/alice/inbox"
    assert accept["type"] == "Accept"
    assert accept["actor"] == network.uri
    assert accept["object"]["id"] == follow_doc["id"]
    assert "Signature" in posts[0].headers


def test_follow_to_personal_inbox(client, network, alice, follow_doc):
    """A signed Follow posted to an actor's own inbox is accepted (202) and makes one follower."""
    response, _h, _b = signed_post(
        client, f"/ap/actors/{network.username}/inbox", follow_doc, alice
    )
    assert response.status_code == 202
    assert Follow.objects.filter(local_actor=network).count() == 1


def test_pleroma_follow_is_accepted(client, network, alice):
    """A Pleroma/Akkoma Follow (LitePub context, `state`) is understood too."""
    doc = fixture_for("pleroma-follow.json", network, alice)
    response, _h, _b = signed_post(client, INBOX, doc, alice)
    assert response.status_code == 202
    assert Follow.objects.get().remote_actor.uri == alice.uri


def test_rfc9421_signed_follow_is_accepted(client, network, alice, follow_doc):
    """A Follow signed with RFC 9421 HTTP Message Signatures is accepted like a draft-cavage one."""
    response, _h, _b = signed_post(client, INBOX, follow_doc, alice, scheme="rfc9421")
    assert response.status_code == 202, response.content
    assert Follow.objects.count() == 1


def test_same_activity_twice_is_processed_once(client, network, alice, follow_doc):
    """The same Follow delivered twice (new signature each time) creates one follower."""
    signed_post(client, INBOX, follow_doc, alice)
    response, _h, _b = signed_post(
        client, INBOX, follow_doc, alice, now=dt.datetime.now(dt.UTC) + dt.timedelta(seconds=1)
    )
    assert response.status_code == 202
    assert response.json()["status"] == "already processed"
    assert Follow.objects.count() == 1 and InboxItem.objects.count() == 1


def test_replayed_follow_is_rejected(client, network, alice, follow_doc):
    """The same signed request sent twice is answered the second time with 401."""
    response, headers, body = signed_post(client, INBOX, follow_doc, alice)
    assert response.status_code == 202
    before = state()
    replay = client.generic(
        "POST", INBOX, body, content_type="application/activity+json", headers=headers
    )
    assert replay.status_code == 401
    assert "replay" in replay.json()["error"]
    assert state() == before


def test_mastodon_undo_follow_removes_follower(client, network, alice, follow_doc):
    """Mastodon's Undo of a Follow removes the follower."""
    signed_post(client, INBOX, follow_doc, alice)
    undo = fixture_for("mastodon-undo-follow.json", network, alice)
    response, _h, _b = signed_post(client, INBOX, undo, alice)
    assert response.status_code == 202
    assert Follow.objects.count() == 0


def test_undo_of_someone_elses_follow_is_refused(client, network, alice, follow_doc):
    """Mallory, on the same server, cannot undo Alice's Follow."""
    signed_post(client, INBOX, follow_doc, alice)
    mallory = alice.server.add_actor("mallory", key=1)
    undo = fixture_for("mastodon-undo-follow.json", network, alice)
    undo["actor"] = mallory.uri
    undo["id"] = f"{mallory.uri}#undo/1"
    before = state()
    response, _h, _b = signed_post(client, INBOX, undo, mallory)
    assert response.status_code == 403
    assert Follow.objects.filter(remote_actor__uri=alice.uri).exists()
    assert state()[:3] == before[:3]


def test_undo_of_follow_by_id_only_from_another_actor_is_refused(
    client, network, alice, follow_doc
):
    """An Undo naming someone else's Follow by id is refused with 403 and the follower stays."""
    signed_post(client, INBOX, follow_doc, alice)
    mallory = alice.server.add_actor("mallory", key=1)
    undo = {
        "id": f"{mallory.uri}#undo/2",
        "type": "Undo",
        "actor": mallory.uri,
        "object": follow_doc["id"],
    }
    response, _h, _b = signed_post(client, INBOX, undo, mallory)
    assert response.status_code == 403
    assert Follow.objects.count() == 1


@pytest.fixture
def our_object(network):
    return FederatedObject.objects.create(actor=network, document={"type": "Article"})


def interaction_with(our_object, name, network, alice):
    """A captured Mastodon Like or Announce fixture, by alice, of one of our objects."""
    return fixture_for(
        name,
        network,
        alice,
        **{
            "http://localtesting.pleroma.lol/objects/eb92579d-3417-42a8-8652-2492c2d4f454": our_object.uri
        },
    )


@pytest.mark.parametrize(
    "name,kind", [("mastodon-like.json", "Like"), ("mastodon-announce.json", "Announce")]
)
def test_like_and_announce_of_our_object_are_counted(
    client, network, alice, our_object, name, kind
):
    """Mastodon favourites and boosts of our articles are counted."""
    doc = interaction_with(our_object, name, network, alice)
    response, _h, _b = signed_post(client, INBOX, doc, alice)
    assert response.status_code == 202, response.content
    assert Interaction.objects.get().kind == kind
    assert (our_object.like_count(), our_object.announce_count()) == (
        (1, 0) if kind == "Like" else (0, 1)
    )


def test_mastodon_delete_of_actor_removes_its_follows(client, network, alice, follow_doc):
    """When a Mastodon account is deleted, its follows here are removed."""
    signed_post(client, INBOX, follow_doc, alice)
    delete = fixture_for("mastodon-delete-user.json", network, alice)
    response, _h, _b = signed_post(client, INBOX, delete, alice)
    assert response.status_code == 202
    assert Follow.objects.count() == 0


def test_create_from_another_implementation_is_validated_and_ignored(client, network, alice):
    """A Gancio event Create passes the checks; storing it is Federation II's job."""
    doc = fixture_for("gancio-create-event.json", network, alice)
    response, _h, _b = signed_post(client, INBOX, doc, alice)
    assert response.status_code == 202
    assert "ignored" in response.json()["status"]


def test_unknown_activity_type_is_ignored(client, network, alice):
    """An activity type we do not handle is answered 202 and reported ignored."""
    doc = {
        "id": f"{alice.uri}#x/1",
        "type": "EmojiReact",
        "actor": alice.uri,
        "object": network.uri,
    }
    response, _h, _b = signed_post(client, INBOX, doc, alice)
    assert response.status_code == 202
    assert response.json()["status"].startswith("ignored")


def test_key_rotation_is_followed(client, network, alice, follow_doc, fed_settings):
    """When a peer rotates its key, we fetch the actor again once and accept the new signature."""
    fed_settings.FEDERATION_KEY_REFETCH_SECONDS = 0
    signed_post(client, INBOX, follow_doc, alice)
    alice.rotate(key=2)
    undo = fixture_for("mastodon-undo-follow.json", network, alice)
    response, _h, _b = signed_post(client, INBOX, undo, alice)
    assert response.status_code == 202, response.content
    assert Follow.objects.count() == 0


# -- hostile input -------------------------------------------------------------------------------


def test_unsigned_post_is_refused(client, network, alice, follow_doc):
    """An unsigned inbox post is refused with 401 'not signed' and nothing is written."""
    before = state()
    response = client.post(INBOX, json.dumps(follow_doc), content_type="application/activity+json")
    assert response.status_code == 401
    assert "not signed" in response.json()["error"]
    assert state() == before


def test_bad_signatures_do_not_refetch_the_key_each_time(client, network, alice, follow_doc):
    """A flood of bad signatures for a known key costs no more fetches of its actor."""
    signed_post(client, INBOX, follow_doc, alice)
    gets = len([r for r in alice.server.received if r.method == "GET"])
    alice.private_pem = keypair(3)[0]
    for n in range(3):
        doc = dict(follow_doc, id=f"{alice.uri}#follows/bad{n}")
        response, _h, _b = signed_post(client, INBOX, doc, alice)
        assert response.status_code == 401
    assert len([r for r in alice.server.received if r.method == "GET"]) == gets


def test_wrongly_signed_post_is_refused(client, network, alice, follow_doc):
    """Signed with a key that is not the actor's: refused, even after refetching the actor."""
    alice.private_pem = keypair(3)[0]
    before = state()
    response, _h, _b = signed_post(client, INBOX, follow_doc, alice)
    assert response.status_code == 401
    assert state() == before


def test_old_dated_post_is_refused(client, network, alice, follow_doc):
    """A post signed three hours ago is refused with 401 'too old' and nothing is written."""
    before = state()
    response, _h, _b = signed_post(
        client, INBOX, follow_doc, alice, now=dt.datetime.now(dt.UTC) - dt.timedelta(hours=3)
    )
    assert response.status_code == 401
    assert "too old" in response.json()["error"]
    assert state() == before


def test_oversized_post_is_refused_before_parsing(client, network, alice, fed_settings):
    """A body over FEDERATION_MAX_INBOX_BYTES is refused with 413 before being read, and nothing is
    written."""
    fed_settings.FEDERATION_MAX_INBOX_BYTES = 1024
    before = state()
    response = client.post(
        INBOX, b"{" + b" " * 5000 + b"}", content_type="application/activity+json"
    )
    assert response.status_code == 413
    assert state() == before


def test_malformed_json_is_refused_with_reason(client, network):
    """Malformed JSON is refused with 400 and the sender reads 'malformed JSON'."""
    response = client.post(INBOX, b'{"type": "Follow",', content_type="application/activity+json")
    assert response.status_code == 400
    assert "malformed JSON" in response.json()["error"]


def test_deeply_nested_post_is_refused(client, network):
    """A deeply nested body is refused with 400 saying it is too nested."""
    body = b'{"a":' * 3000 + b"1" + b"}" * 3000
    response = client.post(INBOX, body, content_type="application/activity+json")
    assert response.status_code == 400
    assert "nested" in response.json()["error"]


@pytest.mark.parametrize("body", [b"[]", b'"Follow"', b"{}", b'{"id": "x", "type": "Follow"}'])
def test_not_an_activity_is_refused(client, network, body):
    """A JSON body that is not an activity with an id, a type and an actor is refused with 400."""
    response = client.post(INBOX, body, content_type="application/activity+json")
    assert response.status_code == 400


def test_inbox_accepts_post_only(client, network):
    """A GET on the inbox is answered 405: it accepts POST only."""
    assert client.get(INBOX).status_code == 405


def test_signer_other_than_actor_is_refused(client, network, alice, follow_doc):
    """Mallory signs a Follow claiming to be from Alice: refused, no follower."""
    mallory = alice.server.add_actor("mallory", key=1)
    before = state()
    response, _h, _b = signed_post(client, INBOX, follow_doc, mallory)
    assert response.status_code == 401
    assert "not the activity's actor" in response.json()["error"]
    assert state() == before


def test_spoofed_actor_on_another_host_is_refused(client, network, alice, follow_doc):
    """A signature from one server for an actor of another server is refused without fetching."""
    doc = dict(
        follow_doc,
        actor="https://mastodon.social/users/Gargron",
        id="https://mastodon.social/users/Gargron#follows/1",
    )
    before = state()
    response, _h, _b = signed_post(client, INBOX, doc, alice)
    assert response.status_code == 401
    assert state() == before


def test_activity_id_on_another_server_is_refused(client, network, alice, follow_doc):
    """An activity whose id is on another server than its actor's is refused with 400."""
    doc = dict(follow_doc, id="https://mastodon.social/activities/1")
    response, _h, _b = signed_post(client, INBOX, doc, alice)
    assert response.status_code == 400


def test_create_of_object_on_another_server_is_refused(client, network, alice):
    """A Create of an object whose id is on another server is refused with 403, nothing written."""
    doc = fixture_for("gancio-create-event.json", network, alice)
    doc["object"]["id"] = "https://mastodon.social/objects/1"
    before = state()
    response, _h, _b = signed_post(client, INBOX, doc, alice)
    assert response.status_code == 403
    assert state()[:3] == before[:3]


def test_create_attributed_to_someone_else_is_refused(client, network, alice):
    """A Create of an object attributed to someone else is refused with 403 and not kept."""
    doc = fixture_for("gancio-create-event.json", network, alice)
    doc["object"]["attributedTo"] = f"{alice.server.url}/users/bob"
    response, _h, _b = signed_post(client, INBOX, doc, alice)
    assert response.status_code == 403
    assert InboxItem.objects.count() == 0


def test_blocked_domain_is_refused(client, network, alice, follow_doc):
    """A post from a blocked server is refused with 403 before its actor is even fetched."""
    DomainBlock.objects.create(domain="127.0.0.1", reason="test")
    before = state()
    response, _h, _b = signed_post(client, INBOX, follow_doc, alice)
    assert response.status_code == 403
    assert state() == before
    assert not RemoteActor.objects.exists()


def test_tampered_body_is_refused(client, network, alice, follow_doc):
    """A body changed after signing (here: the Follow turned into an Undo) is refused."""
    from federation.signatures import sign_cavage

    body = json.dumps(follow_doc).encode()
    headers = sign_cavage(
        "POST",
        "http://testserver" + INBOX,
        key_id=alice.key_id,
        private_key_pem=alice.private_pem,
        body=body,
    )

    before = state()
    tampered = body.replace(b'"Follow"', b'"Undo"  ')
    response = client.generic(
        "POST", INBOX, tampered, content_type="application/activity+json", headers=headers
    )
    assert response.status_code == 401
    assert state() == before


# -- answers to our Follow, undone interactions, profile updates ---------------------------------


@pytest.fixture
def our_follow(network, alice):
    """We asked to follow alice; her answer has not come yet."""
    from federation.following import follow_remote

    return follow_remote(alice.uri, network)


def answer(kind, follow, signer, network, n=1):
    return {
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": f"{signer.uri}#answers/{n}",
        "type": kind,
        "actor": signer.uri,
        "object": {
            "id": follow.activity_id,
            "type": "Follow",
            "actor": network.uri,
            "object": follow.remote_actor.uri,
        },
    }


def test_reject_of_our_follow_is_shown_in_the_admin(admin_client, network, alice, our_follow):
    """Alice refuses our Follow: it becomes rejected, and the admin list says so."""
    from django.urls import reverse

    response, _h, _b = signed_post(
        admin_client, INBOX, answer("Reject", our_follow, alice, network), alice
    )
    assert response.status_code == 202, response.content
    assert response.json()["status"] == "follow rejected"
    our_follow.refresh_from_db()
    assert our_follow.state == Follow.REJECTED
    html = admin_client.get(reverse("federation_following:index")).content.decode()
    assert 'data-state="rejected"' in html


def test_reject_by_someone_else_changes_nothing(client, network, alice, our_follow):
    """Mallory, on alice's server, cannot reject (or accept) our Follow of alice."""
    mallory = alice.server.add_actor("mallory", key=1)
    for n, kind in enumerate(("Reject", "Accept")):
        response, _h, _b = signed_post(
            client, INBOX, answer(kind, our_follow, mallory, network, n), mallory
        )
        assert response.status_code == 202
        assert "ignored" in response.json()["status"]
    our_follow.refresh_from_db()
    assert our_follow.state == Follow.PENDING


@pytest.fixture
def like_and_announce(client, network, alice, our_object):
    """Alice liked and boosted one of our articles."""
    docs = []
    for name in ("mastodon-like.json", "mastodon-announce.json"):
        doc = interaction_with(our_object, name, network, alice)
        response, _h, _b = signed_post(client, INBOX, doc, alice)
        assert response.status_code == 202, response.content
        docs.append(doc)
    assert Interaction.objects.count() == 2
    return docs


@pytest.mark.parametrize("index,kind", [(0, "Like"), (1, "Announce")])
def test_undo_of_like_and_announce_removes_them(
    client, network, alice, our_object, like_and_announce, index, kind
):
    """Alice takes back her favourite (or her boost): only that one is no longer counted."""
    inner = {k: v for k, v in like_and_announce[index].items() if k != "@context"}
    undo = {"id": f"{alice.uri}#undo/{kind}", "type": "Undo", "actor": alice.uri, "object": inner}
    response, _h, _b = signed_post(client, INBOX, undo, alice)
    assert response.status_code == 202, response.content
    assert response.json()["status"] == "undone"
    assert list(Interaction.objects.values_list("kind", flat=True)) == [
        "Announce" if kind == "Like" else "Like"
    ]


@pytest.mark.parametrize("index", [0, 1])
@pytest.mark.parametrize("embedded", [True, False])
def test_undo_of_someone_elses_like_or_announce_is_refused(
    client, network, alice, our_object, like_and_announce, index, embedded
):
    """Mallory cannot take back Alice's favourite or boost, whether she names it by id or
    embeds it."""
    mallory = alice.server.add_actor("mallory", key=1)
    inner = like_and_announce[index]
    undo = {
        "id": f"{mallory.uri}#undo/{index}",
        "type": "Undo",
        "actor": mallory.uri,
        "object": {k: v for k, v in inner.items() if k != "@context"} if embedded else inner["id"],
    }
    response, _h, _b = signed_post(client, INBOX, undo, mallory)
    assert response.status_code == 403
    assert Interaction.objects.count() == 2


def _profile(alice, **changes):
    doc = json.loads(json.dumps(alice.server.documents["/users/alice"]))
    doc.update(changes)
    return doc


def test_profile_update_refreshes_name_summary_icon_and_key(client, network, alice, follow_doc):
    """Alice renames herself, changes her avatar and rotates her key in one Update (signed
    with her current key): all of it is stored."""
    signed_post(client, INBOX, follow_doc, alice)
    profile = _profile(
        alice,
        name="Alice Renamed",
        summary="<p>New bio</p>",
        icon={"type": "Image", "mediaType": "image/png", "url": f"{alice.server.url}/new.png"},
    )
    profile["publicKey"] = {**profile["publicKey"], "publicKeyPem": keypair(5)[1]}
    update = {
        "id": f"{alice.uri}#updates/1",
        "type": "Update",
        "actor": alice.uri,
        "to": ["https://www.w3.org/ns/activitystreams#Public"],
        "object": profile,
    }
    response, _h, _b = signed_post(client, INBOX, update, alice)
    assert response.status_code == 202, response.content
    assert response.json()["status"] == "actor updated"
    remote = RemoteActor.objects.get(uri=alice.uri)
    assert remote.name == "Alice Renamed" and remote.summary == "<p>New bio</p>"
    assert remote.icon_url == f"{alice.server.url}/new.png"
    assert remote.public_key_pem == keypair(5)[1]


def test_profile_update_signed_by_someone_else_is_refused(client, network, alice, follow_doc):
    """Mallory cannot rewrite Alice's profile or key: not from Alice's server (ignored) and not
    from another server (403)."""
    signed_post(client, INBOX, follow_doc, alice)
    before = RemoteActor.objects.filter(uri=alice.uri).values().get()
    neighbour = alice.server.add_actor("mallory", key=1)
    from tests.federation.conftest import start_remote_server

    far_server, httpd = start_remote_server()
    try:
        stranger = far_server.add_actor("mallory", key=2)
        for n, mallory in enumerate((neighbour, stranger)):
            profile = _profile(alice, name="Pwned")
            profile["publicKey"] = {**profile["publicKey"], "publicKeyPem": keypair(1)[1]}
            update = {
                "id": f"{mallory.uri}#updates/{n}",
                "type": "Update",
                "actor": mallory.uri,
                "object": profile,
            }
            response, _h, _b = signed_post(client, INBOX, update, mallory)
            assert response.status_code in {202, 403}
            if response.status_code == 202:
                assert "ignored" in response.json()["status"]
        assert response.status_code == 403  # the stranger is on another server
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert RemoteActor.objects.filter(uri=alice.uri).values().get() == before


# -- malformed signature headers: 401 with the reason, never a 500 ------------------------------


def _post_mutated(client, document, signer, mutate, scheme="cavage"):
    body = json.dumps(document).encode()
    url = "http://testserver" + INBOX
    private = signer.private_pem
    if scheme == "cavage":
        headers = sign_cavage("POST", url, key_id=signer.key_id, private_key_pem=private, body=body)
    else:
        headers = sign_rfc9421(
            "POST", url, key_id=signer.key_id, private_key_pem=private, body=body
        )
    headers = mutate(headers)
    headers.pop("content-type", None)
    headers.setdefault("host", "testserver")
    return client.generic(
        "POST", INBOX, body, content_type="application/activity+json", headers=headers
    )


@pytest.mark.parametrize(
    ("mutate", "reason"), [pytest.param(m, r, id=i) for i, m, r in malformed.CAVAGE]
)
def test_malformed_cavage_signature_gets_401_with_reason(
    client, network, alice, follow_doc, mutate, reason
):
    """A Follow whose draft-cavage headers are malformed in any way (created="abc", an overflowing
    timestamp, a duplicated keyId, non-ASCII, 100 KB ...) is answered 401 with the reason in the
    JSON body, not 500, and changes nothing."""
    before = state()
    response = _post_mutated(client, follow_doc, alice, mutate)
    assert response.status_code == 401, response.content
    assert reason.lower() in response.json()["error"].lower()
    assert state() == before


def test_malformed_rfc9421_signature_gets_401_with_reason(client, network, alice, follow_doc):
    """Every malformed RFC 9421 header is answered 401 with the reason, and changes nothing."""
    created = int(dt.datetime.now(dt.UTC).timestamp())
    before = state()
    for case, mutate, reason in malformed.rfc9421_cases(created, alice.key_id):
        response = _post_mutated(client, follow_doc, alice, mutate, scheme="rfc9421")
        assert response.status_code == 401, (case, response.content)
        assert reason.lower() in response.json()["error"].lower(), case
    assert state() == before


def test_replay_with_reformatted_signature_header_is_refused(client, network, alice, follow_doc):
    """Replaying a signed Follow with a space added after each comma of its Signature header is
    still recognised as a replay (401 'replay'): the cache keys on the signature, not the text."""
    response, headers, body = signed_post(client, INBOX, follow_doc, alice)
    assert response.status_code == 202
    before = state()
    headers = dict(headers, Signature=headers["Signature"].replace('",', '", '))
    replay = client.generic(
        "POST", INBOX, body, content_type="application/activity+json", headers=headers
    )
    assert replay.status_code == 401
    assert "replay" in replay.json()["error"]
    assert state() == before


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        pytest.param(b"NaN", "NaN", id="nan"),
        pytest.param(b"Infinity", "Infinity", id="infinity"),
        pytest.param(b'"\\ud800"', "surrogate", id="lone-surrogate"),
        pytest.param(b'"a\\u0000b"', "NUL", id="nul"),
    ],
)
def test_activity_with_values_no_database_stores_is_refused(
    client, network, alice, follow_doc, raw, reason
):
    """A signed activity carrying NaN, Infinity, a lone surrogate or NUL (Python reads them, no
    database stores them: the inbox answered 500, or the worker failed later) is answered 400
    with the reason, and nothing is kept."""
    body = json.dumps(dict(follow_doc, extra="PLACEHOLDER")).encode()
    body = body.replace(b'"PLACEHOLDER"', raw)
    before = state()
    response, _h, _b = signed_post(client, INBOX, follow_doc, alice, body=body)
    assert response.status_code == 400, response.content
    assert reason in response.json()["error"]
    assert state() == before
