"""The network feed: what followed actors publish is stored sanitised, and only theirs."""

import json

import pytest

from federation.feed import present_post, remote_events, store_activity
from federation.following import block_actor, block_domain
from federation.models import DomainBlock, Follow, InboxItem, RemoteActor, RemotePost
from tests.federation.conftest import load_fixture, signed_post

INBOX = "/ap/inbox"
HOSTILE = ("<script", "onerror", "onclick", "javascript:", "alert(")


def fixture_for(name, alice, **extra):
    return load_fixture(
        name,
        {
            "https://social.tcit.fr/users/tcit": alice.uri,
            "https://social.tcit.fr": alice.server.url,
            **extra,
        },
    )


@pytest.fixture
def following(network, alice):
    """We follow alice and she accepted."""
    remote = RemoteActor.objects.create(
        uri=alice.uri, domain=alice.server.url.split("//")[1], username="alice"
    )
    from federation.remote import fetch_actor

    remote = fetch_actor(alice.uri)
    Follow.objects.create(
        local_actor=network, remote_actor=remote, direction=Follow.OUTGOING, state=Follow.ACCEPTED
    )
    return remote


_capture = {}


@pytest.fixture(autouse=True)
def _run_on_commit(django_capture_on_commit_callbacks):
    """The inbox queues the feed work on commit: run it, as the worker would."""
    _capture["cm"] = django_capture_on_commit_callbacks


def signed(client, doc, signer, **kwargs):
    with _capture["cm"](execute=True):
        return signed_post(client, INBOX, doc, signer, **kwargs)


def post(client, doc, alice):
    response, _h, _b = signed(client, doc, alice)
    assert response.status_code == 202, response.content
    return response


@pytest.mark.parametrize(
    "name,kind,text",
    [
        ("mastodon-create-note.json", "note", "open their doors"),
        ("mobilizon-create-event.json", "event", "Rencontres des lieux culturels"),
        ("wordpress-create-article.json", "article", "A summer of festivals"),
        ("fedify-create-note.json", "note", "Nos ateliers reprennent"),
        ("fedify-create-article.json", "article", "Cultural cooperation across borders"),
        ("gancio-create-event.json", "event", "Demo event"),
    ],
)
def test_posts_of_followed_actors_are_stored(client, following, alice, name, kind, text):
    """Real payloads from Mastodon, Mobilizon, WordPress, Fedify and Gancio reach the feed."""
    doc = fixture_for(name, alice)
    response = post(client, doc, alice)
    assert "feed" in response.json()["status"]
    stored = RemotePost.objects.get()
    assert stored.kind == kind
    assert stored.actor == following
    assert text in (stored.name + stored.content)
    assert stored.url.startswith(alice.server.url)


def test_mastodon_note_keeps_mentions_and_references_attachments(client, following, alice):
    """A Mastodon note keeps its mention links (made safe, without classes) and lists its image by
    reference."""
    post(client, fixture_for("mastodon-create-note.json", alice), alice)
    stored = RemotePost.objects.get()
    assert 'href="https://mastodon.social/@Gargron"' in stored.content
    assert 'rel="nofollow noopener noreferrer"' in stored.content
    assert "class=" not in stored.content
    assert stored.language == "en"
    assert stored.attachments == [
        {
            "kind": "image",
            "url": f"{alice.server.url}/system/media_attachments/files/113/518/371/original/opening.jpg",
            "media_type": "image/jpeg",
            "name": "People entering a theatre",
        }
    ]


def test_mobilizon_event_has_dates_and_place(client, following, alice):
    """A Mobilizon event is stored with its dates, its place and its links, and listed as an
    upcoming event."""
    post(client, fixture_for("mobilizon-create-event.json", alice), alice)
    event = RemotePost.objects.get()
    assert event.start_time.isoformat() == "2027-03-14T08:30:00+00:00"
    assert event.end_time is not None
    assert "La Condition Publique" in event.location and "Roubaix" in event.location
    assert [a["kind"] for a in event.attachments] == ["link", "image"]
    assert [e.post for e in remote_events()] == [event]


def test_post_from_actor_nobody_follows_is_not_stored(client, network, alice):
    """A post from an actor nobody here follows is answered 'nobody here follows' and not stored."""
    doc = fixture_for("mastodon-create-note.json", alice)
    response = post(client, doc, alice)
    assert "nobody here follows" in response.json()["status"]
    assert RemotePost.objects.count() == 0


def test_pending_follow_does_not_store(client, following, alice):
    """Until the followed actor accepts, its posts are not stored."""
    Follow.objects.update(state=Follow.PENDING)
    post(client, fixture_for("mastodon-create-note.json", alice), alice)
    assert RemotePost.objects.count() == 0


def test_update_replaces_and_delete_removes(client, following, alice):
    """An author's Update replaces the stored post and their Delete removes it from the feed."""
    doc = fixture_for("fedify-create-article.json", alice)
    post(client, doc, alice)
    update = json.loads(json.dumps(doc))
    update["type"] = "Update"
    update["id"] = doc["id"] + "-update"
    update["object"]["contentMap"]["en"] = "<p>Edited.</p>"
    update["object"]["updated"] = "2026-11-18T07:30:00Z"
    post(client, update, alice)
    stored = RemotePost.objects.get()
    assert stored.content_map["en"] == "<p>Edited.</p>"
    delete = {
        "id": doc["id"] + "-delete",
        "type": "Delete",
        "actor": alice.uri,
        "object": {"id": doc["object"]["id"], "type": "Tombstone"},
    }
    post(client, delete, alice)
    assert RemotePost.objects.count() == 0


def test_older_update_does_not_overwrite_newer(following, alice):
    """An Update older than the stored copy does not overwrite it."""
    from federation.feed import upsert

    doc = fixture_for("fedify-create-article.json", alice)["object"]
    upsert({**doc, "updated": "2026-11-20T00:00:00Z", "name": "New"}, following)
    upsert({**doc, "updated": "2026-11-19T00:00:00Z", "name": "Old"}, following)
    assert RemotePost.objects.get().name == "New"


def test_someone_else_cannot_delete_a_post(client, following, alice):
    """Another account on the same server cannot delete someone else's post from the feed."""
    post(client, fixture_for("fedify-create-note.json", alice), alice)
    mallory = alice.server.add_actor("mallory", key=1)
    doc = {
        "id": f"{mallory.uri}#delete",
        "type": "Delete",
        "actor": mallory.uri,
        "object": RemotePost.objects.get().object_id,
    }
    response, _h, _b = signed(client, doc, mallory)
    assert RemotePost.objects.count() == 1


def test_lemmy_announce_fetches_the_page_once(client, following, alice):
    """A followed community shares a post: it is fetched from its server and shown as shared."""
    doc = fixture_for("lemmy-announce-page.json", alice)
    page = doc["object"]["object"]
    alice.server.documents["/post/3170"] = {**page, "name": "Fetched title"}
    post(client, doc, alice)
    stored = RemotePost.objects.get()
    assert stored.shared and stored.actor == following
    # The fetched copy counts, not the embedded (unsigned) one.
    assert stored.name == "Fetched title"
    assert stored.kind == "article"
    fetches = [r for r in alice.server.received if r.path == "/post/3170"]
    assert len(fetches) == 1
    # Shared again: not fetched again.
    doc2 = {**doc, "id": doc["id"] + "-again"}
    post(client, doc2, alice)
    assert len([r for r in alice.server.received if r.path == "/post/3170"]) == 1
    # Undo of the share removes it.
    undo = {
        "id": doc["id"] + "-undo",
        "type": "Undo",
        "actor": alice.uri,
        "object": {"type": "Announce", "actor": alice.uri, "object": page["id"], "id": doc["id"]},
    }
    post(client, undo, alice)
    assert RemotePost.objects.count() == 0


def test_announce_of_third_party_post_is_fetched_from_its_server(client, following, alice):
    """A followed actor's share of a third party's post stores the post as fetched from its own
    server, marked shared."""
    from tests.federation.conftest import start_remote_server

    other, httpd = start_remote_server()
    try:
        bob = other.add_actor("bob", key=2)
        note = fixture_for("mastodon-create-note.json", alice)["object"]
        note = json.loads(
            json.dumps(note).replace(alice.uri, bob.uri).replace(alice.server.url, other.url)
        )
        other.documents["/notes/1"] = {**note, "id": f"{other.url}/notes/1"}
        announce = {
            "id": f"{alice.uri}#announce/1",
            "type": "Announce",
            "actor": alice.uri,
            "object": f"{other.url}/notes/1",
        }
        post(client, announce, alice)
        stored = RemotePost.objects.get()
        assert stored.shared and stored.author_uri == bob.uri
        assert stored.actor == following
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_announce_whose_fetched_id_is_elsewhere_is_refused(client, following, alice):
    """A shared post whose document claims an id on another server is not stored."""
    alice.server.documents["/post/9"] = {
        "id": "https://evil.example/post/9",
        "type": "Note",
        "content": "<p>spoof</p>",
    }
    announce = {
        "id": f"{alice.uri}#announce/9",
        "type": "Announce",
        "actor": alice.uri,
        "object": f"{alice.server.url}/post/9",
    }
    post(client, announce, alice)
    assert RemotePost.objects.count() == 0


HOSTILE_OBJECTS = [
    {
        "type": "Note",
        "content": '<p onclick="alert(1)">hi<script>alert(1)</script><img src=x onerror=alert(1)>'
        '<a href="javascript:alert(1)">x</a><iframe src="https://evil.example"></iframe></p>',
    },
    {"type": "Article", "name": "<script>alert(1)</script>Title", "content": "<style>p{}</style>"},
    {"type": "Note", "content": "<p>" + "A" * 300_000 + "</p>"},
    {
        "type": "Note",
        "contentMap": {"en": 5, "<script>": "x", "fr": "<b onmouseover=alert(1)>b</b>"},
    },
    {"type": "Event", "name": "No date", "startTime": "not a date", "location": 7},
    {
        "type": "Note",
        "content": ["not", "a", "string"],
        "name": {"a": 1},
        "url": "javascript:alert(1)",
    },
    {"type": "Note"},
    {"type": "Person", "content": "x"},
    {"type": ["Note"], "content": "wrong type type"},
    {
        "type": "Note",
        "content": "ok",
        "attachment": [
            {"type": "Document", "url": "javascript:x"},
            {"type": "Image", "url": "data:image/png;base64,AAAA"},
            {
                "type": "Document",
                "mediaType": "text/javascript",
                "url": "https://evil.example/x.js",
            },
            "garbage",
            None,
        ],
    },
    {"type": "Note", "content": "ok", "published": 12, "updated": ["x"], "attributedTo": 5},
]


@pytest.mark.parametrize("obj", HOSTILE_OBJECTS)
def test_hostile_posts_are_sanitised_or_refused(client, following, alice, obj, home):
    """Scripts, handlers, javascript: URLs, enormous or malformed fields: never stored raw, never
    a 500 (neither at the inbox nor on the feed page)."""
    n = HOSTILE_OBJECTS.index(obj)
    obj = {"id": f"{alice.server.url}/hostile/{n}", "attributedTo": alice.uri, **obj}
    if obj.get("attributedTo") == 5:
        obj.pop("attributedTo")
    doc = {"id": f"{alice.uri}#hostile/{n}", "type": "Create", "actor": alice.uri, "object": obj}
    body = json.dumps(doc).encode()
    response, _h, _b = signed(client, doc, alice, body=body)
    assert response.status_code in {202, 413}, response.content
    for stored in RemotePost.objects.all():
        dump = json.dumps(
            [
                stored.name,
                stored.content,
                stored.summary,
                stored.content_map,
                stored.name_map,
                stored.url,
                stored.attachments,
            ]
        )
        for bad in HOSTILE:
            assert bad not in dump
        assert len(stored.content) < 60_000
        assert all(
            a["url"].startswith("https://") or a["url"].startswith("http://127.")
            for a in stored.attachments
        )
    from federation.models import NetworkFeedPage

    feed = home.add_child(instance=NetworkFeedPage(title="Network", slug="network"))
    page = client.get(feed.url)
    assert page.status_code == 200
    html = page.content.decode()
    for bad in ("<script>alert", "onerror=", "javascript:alert"):
        assert bad not in html


def test_oversized_inbox_post_is_refused_before_anything(client, following, alice):
    """An oversized inbox post is answered 413 and nothing is kept or stored."""
    doc = fixture_for("mastodon-create-note.json", alice)
    doc["object"]["content"] = "x" * 300_000
    before = InboxItem.objects.count()
    response, _h, _b = signed(client, doc, alice)
    assert response.status_code == 413
    assert InboxItem.objects.count() == before and RemotePost.objects.count() == 0


def test_blocking_a_domain_removes_posts_and_refuses_inbox(client, following, alice):
    """Blocking a server removes its posts from the feed, and its next inbox post is refused with
    403."""
    post(client, fixture_for("mastodon-create-note.json", alice), alice)
    block_domain("127.0.0.1")
    assert RemotePost.objects.count() == 0
    response, _h, _b = signed(client, fixture_for("fedify-create-note.json", alice), alice)
    assert response.status_code == 403
    DomainBlock.objects.all().delete()


def test_domain_block_from_the_admin_viewset_purges_too(following, alice):
    """A domain block saved from any admin screen removes that server's posts too."""
    RemotePost.objects.create(object_id=f"{alice.server.url}/x", actor=following, kind="note")
    DomainBlock.objects.create(domain="127.0.0.1")
    assert RemotePost.objects.count() == 0


def test_blocking_an_actor_removes_posts_unfollows_and_refuses(client, following, alice):
    """Blocking an actor removes its posts, stops following it and refuses its inbox posts, saying
    it is blocked."""
    post(client, fixture_for("mastodon-create-note.json", alice), alice)
    block_actor(following)
    assert RemotePost.objects.count() == 0
    assert not Follow.objects.filter(remote_actor=following).exists()
    response, _h, _b = signed(client, fixture_for("fedify-create-note.json", alice), alice)
    assert response.status_code == 403
    assert "blocked" in response.json()["error"]


def test_store_activity_is_idempotent(client, following, alice):
    """Storing the same accepted activity twice keeps one post; an unknown activity id is reported
    missing."""
    doc = fixture_for("fedify-create-note.json", alice)
    post(client, doc, alice)
    assert store_activity(doc["id"]) == "stored"
    assert RemotePost.objects.count() == 1
    assert store_activity("https://nowhere.example/x") == "missing"


def test_present_picks_the_visitor_language(following, alice):
    """A post is shown in the visitor's language (text and link) when it has it, else in its own,
    saying which."""
    from federation.feed import upsert

    stored = upsert(fixture_for("fedify-create-article.json", alice)["object"], following)
    de = present_post(stored, "de")
    assert de.translated and de.language == "de"
    assert "Mitgliedsstädte" in de.content
    assert de.url.endswith("/de/articles/hollo-2026")
    fr = present_post(stored, "fr")
    assert not fr.translated and fr.language == "en"
    assert fr.language_name == "English"
    assert "Member cities" in fr.content


def test_another_account_cannot_update_a_post(client, following, alice):
    """Mallory, on the same server, cannot rewrite Alice's post."""
    doc = fixture_for("fedify-create-note.json", alice)
    post(client, doc, alice)
    mallory = alice.server.add_actor("mallory", key=1)
    update = {
        "id": f"{mallory.uri}#update",
        "type": "Update",
        "actor": mallory.uri,
        "object": {
            **doc["object"],
            "attributedTo": mallory.uri,
            "content": "<p>defaced</p>",
            "contentMap": {"fr": "<p>defaced</p>"},
            "updated": "2027-01-01T00:00:00Z",
        },
    }
    signed(client, update, mallory)
    assert "defaced" not in RemotePost.objects.get().content


# -- Mobilizon group events: sent by a member, attributed to the followed group ------------------


@pytest.fixture
def mobilizon_group(network, remote_server):
    """A Mobilizon group we follow (accepted), on the loopback server, and Camille, one of its
    members there, who organises its events."""
    from federation.remote import fetch_actor
    from tests.federation.conftest import FIXTURES, RemoteActorKeys, keypair, replace_all

    doc = json.loads((FIXTURES / "mobilizon-group.json").read_text())
    doc = replace_all(doc, {"https://social.tcit.fr": remote_server.url})
    doc["publicKey"]["publicKeyPem"] = keypair(0)[1]
    remote_server.documents["/@culture_nord"] = doc
    group = fetch_actor(doc["id"])
    Follow.objects.create(
        local_actor=network, remote_actor=group, direction=Follow.OUTGOING, state=Follow.ACCEPTED
    )
    camille = remote_server.add_actor("camille", key=1)
    group_keys = RemoteActorKeys(
        uri=group.uri,
        key_id=f"{group.uri}#main-key",
        private_pem=keypair(0)[0],
        server=remote_server,
    )
    return group, group_keys, camille


def group_event(remote_server, camille, *, serve=True):
    """The Create Mobilizon sends for a group's event, and the event as the server serves it."""
    doc = load_fixture(
        "mobilizon-group-create-event.json",
        {
            "https://social.tcit.fr/@camille": camille.uri,
            "https://social.tcit.fr": remote_server.url,
        },
    )
    if serve:
        path = doc["object"]["id"].removeprefix(remote_server.url)
        remote_server.documents[path] = doc["object"]
    return doc


def test_mobilizon_group_event_sent_by_its_organiser_is_stored(
    client, mobilizon_group, remote_server
):
    """A member organises an event of the group we follow: it reaches the feed as the group's,
    in the copy its server serves."""
    group, _keys, camille = mobilizon_group
    doc = group_event(remote_server, camille)
    response = post(client, doc, camille)
    assert "feed" in response.json()["status"]
    stored = RemotePost.objects.get()
    assert stored.actor == group
    assert stored.author_uri == group.uri
    assert stored.kind == "event" and stored.name == "Nuit des tiers-lieux"
    assert stored.start_time is not None and "Roubaix" in stored.location
    fetched = [r.path for r in remote_server.received if r.method == "GET"]
    assert doc["object"]["id"].removeprefix(remote_server.url) in fetched


def test_group_event_update_by_another_member_replaces_it(client, mobilizon_group, remote_server):
    """Mobilizon sends an edit of a group's event from whoever edited it."""
    group, _keys, camille = mobilizon_group
    doc = group_event(remote_server, camille)
    post(client, doc, camille)
    dominique = remote_server.add_actor("dominique", key=2)
    obj = {**doc["object"], "name": "Nuit des tiers-lieux (reportée)", "actor": dominique.uri}
    obj["updated"] = "2026-11-12T08:00:00Z"
    remote_server.documents[obj["id"].removeprefix(remote_server.url)] = obj
    update = {**doc, "id": obj["id"] + "/update/1", "type": "Update", "actor": dominique.uri}
    update["object"] = obj
    post(client, update, dominique)
    stored = RemotePost.objects.get()
    assert stored.name == "Nuit des tiers-lieux (reportée)" and stored.actor == group


def test_group_post_sent_by_the_group_attributed_to_a_member_is_stored(
    client, mobilizon_group, remote_server
):
    """The group itself sends an event one of its members wrote."""
    group, group_keys, camille = mobilizon_group
    doc = group_event(remote_server, camille)
    doc["actor"] = group.uri
    for obj in (doc, doc["object"]):
        obj["attributedTo"] = camille.uri
    path = doc["object"]["id"].removeprefix(remote_server.url)
    remote_server.documents[path] = doc["object"]
    post(client, doc, group_keys)
    stored = RemotePost.objects.get()
    assert stored.actor == group and stored.author_uri == camille.uri


def test_group_event_the_server_does_not_confirm_is_not_stored(
    client, mobilizon_group, remote_server
):
    """Someone on the group's server claims an event for the group: the server does not serve
    it (or serves it as someone else's), so nothing is stored."""
    group, _keys, camille = mobilizon_group
    doc = group_event(remote_server, camille, serve=False)
    post(client, doc, camille)
    assert not RemotePost.objects.exists()
    served = {**doc["object"], "attributedTo": camille.uri}
    remote_server.documents[served["id"].removeprefix(remote_server.url)] = served
    doc["id"] += "/again"
    post(client, doc, camille)
    assert not RemotePost.objects.exists()


def test_group_event_from_another_server_is_refused(client, mobilizon_group, remote_server):
    """Mallory, elsewhere, cannot post in the name of the group we follow."""
    from tests.federation.conftest import start_remote_server

    group, _keys, camille = mobilizon_group
    far, httpd = start_remote_server()
    try:
        mallory = far.add_actor("mallory", key=3)
        doc = group_event(remote_server, camille)
        doc = json.loads(json.dumps(doc).replace(camille.uri, mallory.uri))
        doc = json.loads(
            json.dumps(doc).replace(f"{remote_server.url}/events", f"{far.url}/events")
        )
        far.documents[doc["object"]["id"].removeprefix(far.url)] = doc["object"]
        response, _h, _b = signed(client, doc, mallory)
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert response.status_code == 403
    assert response.json()["error"] == "object is attributed to someone else"
    assert not RemotePost.objects.exists()


def test_event_attributed_to_a_group_we_do_not_follow_is_refused(
    client, mobilizon_group, remote_server
):
    """An event sent for a group whose follow is still pending is refused with 403 and not
    stored."""
    group, _keys, camille = mobilizon_group
    Follow.objects.filter(remote_actor=group).update(state=Follow.PENDING)
    response, _h, _b = signed(client, group_event(remote_server, camille), camille)
    assert response.status_code == 403
    assert not RemotePost.objects.exists()


def test_group_event_deleted_by_a_moderator_is_removed_once_gone(
    client, mobilizon_group, remote_server
):
    """A moderator deletes the group's event: it leaves the feed once its server says it is
    gone, not before."""
    group, _keys, camille = mobilizon_group
    doc = group_event(remote_server, camille)
    post(client, doc, camille)
    moderator = remote_server.add_actor("dominique", key=2)
    event_id = doc["object"]["id"]
    delete = {
        "id": f"{event_id}/delete",
        "type": "Delete",
        "actor": moderator.uri,
        "object": event_id,
        "to": ["https://www.w3.org/ns/activitystreams#Public"],
    }
    post(client, delete, moderator)
    assert RemotePost.objects.exists()  # still served: a lie, or too early
    del remote_server.documents[event_id.removeprefix(remote_server.url)]
    post(client, {**delete, "id": f"{event_id}/delete/2"}, moderator)
    assert not RemotePost.objects.exists()


@pytest.mark.parametrize("term", ["hreflang", "hrefLang"])
def test_link_language_is_read_in_both_spellings(following, alice, term):
    """A post's per-language links are understood whether the peer writes the ActivityStreams
    term `hreflang` (Fedify, us now) or `hrefLang` (older Rencontres sites): a German visitor is
    sent to the German page either way."""
    from federation.feed import upsert

    obj = fixture_for("fedify-create-article.json", alice)["object"]
    for link in obj["url"]:
        link[term] = link.pop("hreflang", None) or link.pop("hrefLang")
    stored = upsert(obj, following)
    assert set(stored.url_map) == {"en", "de"}
    assert present_post(stored, "de").url.endswith("/de/articles/hollo-2026")


@pytest.mark.parametrize("term", ["hreflang", "hrefLang"])
def test_link_with_an_invalid_language_tag_is_not_kept_per_language(following, alice, term):
    """A link whose language is not a language tag ("en\\n", markup) is kept as a link but not
    offered as a language version."""
    from federation.feed import upsert

    obj = fixture_for("fedify-create-article.json", alice)["object"]
    for link in obj["url"]:
        del link["hreflang"]
    obj["url"][0][term] = "en\n"
    obj["url"][1][term] = "<b>de</b>"
    stored = upsert(obj, following)
    assert stored.url_map == {}
    assert stored.url.endswith("/en/articles/hollo-2026")


def test_event_registered_elsewhere_links_to_where_to_register(client, following, alice, home):
    """A followed event whose organiser takes registrations on another site (joinMode external,
    FEP-8a8e) sends our visitors there from the listing; one without links to the event itself,
    and an unsafe registration address is dropped, never linked."""
    from django.template.loader import render_to_string

    doc = fixture_for("mobilizon-create-event.json", alice)
    doc["object"].update(
        joinMode="external", externalParticipationUrl="https://tickets.example/plenary"
    )
    post(client, doc, alice)
    [shown] = remote_events()
    html = render_to_string("federation/includes/remote_event.html", {"item": shown})
    assert 'event-card__register"><a href="https://tickets.example/plenary"' in html
    for unsafe in ("javascript:alert(1)", None):
        doc["object"]["externalParticipationUrl"] = unsafe
        doc["object"]["updated"] = "2030-01-01T00:00:00Z"
        doc["id"] += "-again"
        post(client, doc, alice)
        [shown] = remote_events()
        assert shown.post.participation_url == ""
        html = render_to_string("federation/includes/remote_event.html", {"item": shown})
        assert f'event-card__register"><a href="{shown.url}"' in html
        assert "javascript:" not in html
