"""Photos, videos, sounds and link posts (Pixelfed, PeerTube, Funkwhale, Lemmy) reach the feed,
their media shown as links that load nothing from the remote server with the page."""

import re

import pytest
from django.utils import translation

from federation.feed import present_post, upsert
from federation.feed.present import language_name
from federation.models import Follow, NetworkFeedPage, RemotePost
from tests.federation.conftest import load_fixture, signed_post

INBOX = "/ap/inbox"


@pytest.fixture
def following(network, alice):
    """We follow alice (fetched from the loopback server) and she accepted."""
    from federation.remote import fetch_actor

    remote = fetch_actor(alice.uri)
    Follow.objects.create(
        local_actor=network, remote_actor=remote, direction=Follow.OUTGOING, state=Follow.ACCEPTED
    )
    return remote


@pytest.fixture
def feed(home):
    return home.add_child(instance=NetworkFeedPage(title="Network", slug="network"))


def as_alice(name, alice, actor, origin):
    """A captured fixture with its server replaced by alice's loopback server."""
    return load_fixture(name, {actor: alice.uri, origin: alice.server.url})


def create(obj, alice):
    return {
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": obj["id"] + "#create",
        "type": "Create",
        "actor": alice.uri,
        "to": ["https://www.w3.org/ns/activitystreams#Public"],
        "object": obj,
    }


def post(client, doc, alice, capture):
    with capture(execute=True):
        response, _h, _b = signed_post(client, INBOX, doc, alice)
    assert response.status_code == 202, response.content
    return response


def peertube(alice):
    return as_alice(
        "peertube-video.json",
        alice,
        "https://framatube.org/accounts/framasoft",
        "https://framatube.org",
    )


def test_peertube_video_is_stored_with_one_playable_file(
    client, following, alice, django_capture_on_commit_callbacks
):
    """A PeerTube video sent to our inbox appears as a video: its page as the original, one
    mp4 (the 720p one, not the 1 GB 1080p) as what "Play" opens, its Markdown text as
    paragraphs; torrents, magnets and playlists are left out."""
    post(client, create(peertube(alice), alice), alice, django_capture_on_commit_callbacks)
    stored = RemotePost.objects.get()
    assert stored.kind == RemotePost.MEDIA and stored.object_type == "Video"
    assert stored.name == "Déframasoftisons Internet [Framasoft]"
    assert stored.url == f"{alice.server.url}/videos/watch/6050732a-8a7a-43d4-a6cd-809525a1d206"
    assert stored.attachments == [
        {
            "kind": "video",
            "url": f"{alice.server.url}/static/webseed/6050732a-8a7a-43d4-a6cd-809525a1d206-720.mp4",
            "media_type": "video/mp4",
            "name": "",
        }
    ]
    assert stored.content.startswith("<p>Après avoir mené")
    assert stored.content.count("<p>") == 2


def test_funkwhale_audio_names_its_file_with_mimetype(
    client, following, alice, django_capture_on_commit_callbacks
):
    """A Funkwhale track (its links typed with `mimeType`) is a sound whose original is the
    track's page, not the audio stream."""
    doc = as_alice(
        "funkwhale-create-audio.json",
        alice,
        "https://channels.tests.funkwhale.audio/federation/actors/compositions",
        "https://channels.tests.funkwhale.audio",
    )
    post(client, doc, alice, django_capture_on_commit_callbacks)
    stored = RemotePost.objects.get()
    assert stored.object_type == "Audio" and stored.kind == RemotePost.MEDIA
    assert stored.url == f"{alice.server.url}/library/tracks/74"
    [audio] = stored.attachments
    assert audio["kind"] == "audio" and audio["media_type"] == "audio/ogg"
    assert "/api/v1/listen/" in audio["url"]


def test_pixelfed_photos_keep_their_descriptions(
    client, following, alice, django_capture_on_commit_callbacks
):
    """A Pixelfed post lists its photo and its video with their descriptions."""
    doc = as_alice(
        "pixelfed-create-note.json",
        alice,
        "https://pixelfed.social/users/lieux",
        "https://pixelfed.social",
    )
    post(client, doc, alice, django_capture_on_commit_callbacks)
    stored = RemotePost.objects.get()
    assert [(a["kind"], a["name"]) for a in stored.attachments] == [
        ("image", "Le foyer du théâtre, lustres allumés"),
        ("video", "La scène pendant les réglages"),
    ]


def test_lemmy_link_post_keeps_the_link_and_its_own_address(following, alice):
    """A Lemmy link post's original is the post on Lemmy; the image it shares and its thumbnail
    are attachments."""
    page = as_alice(
        "lemmy-page.json",
        alice,
        "https://enterprise.lemmy.ml/u/nutomic",
        "https://enterprise.lemmy.ml",
    )
    stored = upsert(page, following)
    assert stored.kind == RemotePost.ARTICLE and stored.summary == "Hello Federation!"
    assert stored.url == f"{alice.server.url}/post/3"
    assert [(a["kind"], a["url"].rsplit("/", 1)[1]) for a in stored.attachments] == [
        ("image", "US52d9DPvf.jpg"),
        ("image", "lwFAcXHUjS.jpg"),
    ]


@pytest.mark.parametrize(
    "types,expected",
    [
        (["Note", "Article"], "Note"),
        (["Article", "Note"], "Article"),
        (["pt:Clip", "Video"], "Video"),
    ],
)
def test_object_whose_type_is_a_list_is_shown(following, alice, types, expected):
    """An object typed with a list (`["Note", "Article"]`) is stored under the first type the
    feed knows."""
    obj = load_fixture(
        "fedify-create-note.json",
        {
            "https://social.tcit.fr/users/tcit": alice.uri,
            "https://social.tcit.fr": alice.server.url,
        },
    )["object"]
    stored = upsert({**obj, "type": types}, following)
    assert stored.object_type == expected


def test_object_of_unknown_types_only_is_still_refused(following, alice):
    """A list with no known type is refused with a reason, not stored."""
    from federation.feed.store import Unusable

    with pytest.raises(Unusable, match="not shown"):
        upsert({"id": f"{alice.uri}/x", "type": ["Tombstone", 3], "content": "x"}, following)


def test_feed_page_links_media_without_loading_them(client, feed, following, alice):
    """The feed shows each post's source (name, handle, initials badge), its photo, video and
    sound as links naming the server they are on, and no element that would load anything from
    that server with the page."""
    upsert(peertube(alice), following)
    upsert(
        as_alice(
            "pixelfed-create-note.json",
            alice,
            "https://pixelfed.social/users/lieux",
            "https://pixelfed.social",
        )["object"],
        following,
    )
    html = client.get(feed.url).content.decode()
    host = "127.0.0.1"
    assert "Play the video" in html and "Show the image" in html
    assert f"on {host}" in html
    assert following.name in html and f"@{following.username}@{following.domain}" in html
    assert 'class="source-badge' in html
    main = html.split('<main id="main"', 1)[1].split("</main>", 1)[0]
    remote_loads = re.findall(r"<(?:img|video|audio|source|iframe|embed|object)\b[^>]*>", main)
    assert remote_loads == []
    assert 'class="container network-feed"' in html
    assert "federation/feed.css" in html


def test_empty_feed_explains_how_to_follow(feed, admin_client):
    """An empty feed tells visitors what it will show; an editor also gets a link to the screen
    where networks are followed."""
    from django.test import Client
    from django.urls import reverse

    follow_url = reverse("federation_following:follow")
    html = Client().get(feed.url).content.decode()
    assert "Nothing from the network yet" in html
    assert "When an editor follows an account" in html
    assert follow_url not in html
    html = admin_client.get(feed.url).content.decode()
    assert f'href="{follow_url}"' in html


@pytest.mark.parametrize(
    "language,expected",
    [
        ("fr", "anglais"),
        ("es", "inglés"),
        ("it", "inglese"),
        ("pl", "angielski"),
        ("de", "Englisch"),
    ],
)
def test_language_names_inside_sentences_follow_the_language(language, expected):
    """ "Affiché en anglais", not "en Anglais": French, Spanish, Italian and Polish write language
    names in lower case inside a sentence; German keeps its capital."""
    with translation.override(language):
        assert language_name("en") == expected


def test_french_page_says_affiche_en_anglais(
    client, feed, following, alice, django_capture_on_commit_callbacks
):
    """On the French feed, an English-only post says "Affiché en anglais" (lower case)."""
    from wagtail.models import Locale

    obj = load_fixture(
        "fedify-create-note.json",
        {
            "https://social.tcit.fr/users/tcit": alice.uri,
            "https://social.tcit.fr": alice.server.url,
        },
    )["object"]
    stored = upsert(obj, following)
    RemotePost.objects.filter(pk=stored.pk).update(
        content_map={"en": "<p>Only English</p>"}, name_map={}, language="en"
    )
    fr = Locale.objects.get(language_code="fr")
    with django_capture_on_commit_callbacks(execute=True):
        french = feed.copy_for_translation(fr, copy_parents=True)
        french.save_revision().publish()
    html = client.get(french.url).content.decode()
    assert "Affiché en anglais" in html
    assert "en Anglais" not in html


def test_shown_post_carries_its_source_and_type(following, alice):
    """What the template gets: the type in words, the source's name, handle and initials."""
    stored = upsert(peertube(alice), following)
    shown = present_post(RemotePost.objects.select_related("actor").get(pk=stored.pk), "en")
    assert shown.type_label == "Video"
    assert shown.source.initials and shown.source.url
    assert shown.media[0]["host"] == "127.0.0.1"
