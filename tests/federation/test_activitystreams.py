"""Objects we publish: one object for every language, in the shapes Mastodon and Mobilizon read."""

import datetime as dt
import zoneinfo

import pytest

from federation import activitystreams as as2

PUBLISHED = dt.datetime(2026, 5, 1, 9, 30, tzinfo=dt.UTC)


def values(**overrides):
    base = dict(  # noqa: C408
        id="https://like.example/ap/objects/1",
        type="Article",
        actor="https://like.example/ap/actors/like",
        followers="https://like.example/ap/actors/like/followers",
        translations=[
            as2.Translation(
                "en",
                "Culture in cities",
                "https://like.example/en/news/culture/",
                "Short",
                "<p>Body</p>",
            ),
            as2.Translation(
                "fr",
                "La culture en ville",
                "https://like.example/fr/news/culture/",
                "Court",
                "<p>Corps</p>",
            ),
            as2.Translation(
                "de",
                "Kultur in Städten",
                "https://like.example/de/news/culture/",
                "",
                "<p>Text</p>",
            ),
        ],
        published=PUBLISHED,
    )
    base.update(overrides)
    return as2.ObjectValues(**base)


def test_every_language_is_in_the_maps():
    """content/name/summary are in English; the maps carry every published translation."""
    obj = as2.build_object(values())
    assert obj["name"] == "Culture in cities"
    assert obj["content"] == "<p>Body</p>"
    assert obj["nameMap"] == {
        "en": "Culture in cities",
        "fr": "La culture en ville",
        "de": "Kultur in Städten",
    }
    assert obj["contentMap"] == {"en": "<p>Body</p>", "fr": "<p>Corps</p>", "de": "<p>Text</p>"}
    assert obj["summaryMap"] == {"en": "Short", "fr": "Court"}
    assert obj["summary"] == "Short"


def test_url_per_language_source_first():
    """A peer gets one link per language, the source language's page first, each tagged with its
    language in the ActivityStreams term `hreflang` (a JSON-LD peer such as Fedify drops the
    non-term `hrefLang`, and its users then get no page in their language)."""
    obj = as2.build_object(values())
    assert [u["hreflang"] for u in obj["url"]] == ["en", "fr", "de"]
    assert obj["url"][0] == {
        "type": "Link",
        "mediaType": "text/html",
        "href": "https://like.example/en/news/culture/",
        "hreflang": "en",
    }
    assert not any("hrefLang" in u for u in obj["url"])


def test_addressed_to_public_and_followers():
    """A published page is addressed to the public with the actor's followers in cc, attributed to
    its actor."""
    obj = as2.build_object(values())
    assert obj["to"] == [as2.PUBLIC]
    assert obj["cc"] == ["https://like.example/ap/actors/like/followers"]
    assert obj["attributedTo"] == "https://like.example/ap/actors/like"
    assert obj["published"] == "2026-05-01T09:30:00Z"


def test_single_language_url_is_a_string():
    """A page in one language only gives peers a plain URL, not a list of links."""
    obj = as2.build_object(values(translations=values().translations[:1]))
    assert obj["url"] == "https://like.example/en/news/culture/"


def test_image_and_hashtags():
    """A page's image reaches peers as an attachment and its tags as hashtags linking to our tag
    pages."""
    obj = as2.build_object(
        values(
            image=as2.Image("https://like.example/media/a.jpg", "image/jpeg", "A square"),
            tags=["Culture", "Smart cities"],
            tag_url="https://like.example/tags/",
        )
    )
    assert obj["attachment"][0] == {
        "type": "Image",
        "mediaType": "image/jpeg",
        "url": "https://like.example/media/a.jpg",
        "name": "A square",
    }
    assert obj["tag"] == [
        {"type": "Hashtag", "name": "#Culture", "href": "https://like.example/tags/culture"},
        {
            "type": "Hashtag",
            "name": "#Smartcities",
            "href": "https://like.example/tags/smartcities",
        },
    ]


def test_event_in_mobilizon_shape():
    """Events carry start/end in UTC, their time zone, a Place with its address, and the online
    link as a Link attachment, as Mobilizon reads them."""
    paris = zoneinfo.ZoneInfo("Europe/Paris")
    obj = as2.build_object(
        values(
            type="Event",
            event=as2.EventData(
                start=dt.datetime(2026, 6, 3, 9, 0, tzinfo=paris),
                end=dt.datetime(2026, 6, 3, 17, 0, tzinfo=paris),
                timezone="Europe/Paris",
                location_name="Town hall",
                city="Lyon",
                country="FR",
                online_url="https://meet.example/like",
            ),
        )
    )
    assert obj["type"] == "Event"
    assert obj["startTime"] == "2026-06-03T07:00:00Z"
    assert obj["endTime"] == "2026-06-03T15:00:00Z"
    assert obj["timezone"] == "Europe/Paris"
    assert obj["location"] == {
        "type": "Place",
        "name": "Town hall",
        "address": {"type": "PostalAddress", "addressLocality": "Lyon", "addressCountry": "FR"},
    }
    assert {
        "type": "Link",
        "name": "Website",
        "mediaType": "text/html",
        "href": "https://meet.example/like",
    } in obj["attachment"]
    assert obj["isOnline"] is False


def test_activity_wrappers():
    """A Create carries the object itself; a deleted page becomes a Tombstone saying when it went.

    No `formerType`, as Mastodon sends it: the short "Article" is not an IRI (JSON-LD peers such
    as Fedify drop it) and nothing in the fediverse reads the field."""
    obj = as2.build_object(values())
    create = as2.activity(
        "Create",
        id="https://like.example/ap/activities/1",
        actor=obj["attributedTo"],
        object=obj,
        to=obj["to"],
        cc=obj["cc"],
    )
    assert create["@context"][0] == as2.AS_CONTEXT
    assert create["object"]["id"] == obj["id"]
    tomb = as2.tombstone(obj["id"], PUBLISHED)
    assert tomb == {"id": obj["id"], "type": "Tombstone", "deleted": "2026-05-01T09:30:00Z"}


def test_json_depth_limit():
    """A document nested deeper than the limit is refused; an ordinary one is read as is."""
    with pytest.raises(as2.JSONError):
        as2.loads("[" * 40 + "]" * 40, max_depth=32)
    assert as2.loads('{"a": [1, {"b": 2}]}') == {"a": [1, {"b": 2}]}
