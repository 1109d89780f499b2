"""ActivityStreams 2.0, pure: values in, JSON-ready dicts out (objects, actors, activities).

Builders take plain values (titles, HTML, URLs, dates), never pages, so they are tested with fixed
documents; `publishing.py` turns pages into these values.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field

PUBLIC = "https://www.w3.org/ns/activitystreams#Public"
AS_CONTEXT = "https://www.w3.org/ns/activitystreams"
SECURITY_CONTEXT = "https://w3id.org/security/v1"
CONTEXT = [
    AS_CONTEXT,
    SECURITY_CONTEXT,
    {
        "toot": "http://joinmastodon.org/ns#",
        "discoverable": "toot:discoverable",
        "indexable": "toot:indexable",
        "Hashtag": "as:Hashtag",
        "sensitive": "as:sensitive",
        "manuallyApprovesFollowers": "as:manuallyApprovesFollowers",
        "schema": "http://schema.org#",
        "PostalAddress": "schema:PostalAddress",
        "address": {"@id": "schema:address", "@type": "@id"},
        "addressLocality": "schema:addressLocality",
        "addressCountry": "schema:addressCountry",
        "streetAddress": "schema:streetAddress",
        "postalCode": "schema:postalCode",
        "mz": "https://joinmobilizon.org/ns#",
        "timezone": {"@id": "mz:timezone", "@type": "schema:Text"},
        "isOnline": {"@id": "mz:isOnline", "@type": "schema:Boolean"},
        # Participation, as Mobilizon reads it (EventData.participation).
        "ical": "http://www.w3.org/2002/12/cal/ical#",
        "joinMode": {"@id": "mz:joinMode", "@type": "mz:joinModeType"},
        "maximumAttendeeCapacity": "schema:maximumAttendeeCapacity",
        "remainingAttendeeCapacity": "schema:remainingAttendeeCapacity",
        "participantCount": "mz:participantCount",
        "externalParticipationUrl": {"@id": "mz:externalParticipationUrl", "@type": "schema:URL"},
        # Ours: the collection of a site's working groups that other sites may join.
        "rencontres": "https://rencontres.eu/ns#",
        "workingGroups": {"@id": "rencontres:workingGroups", "@type": "@id"},
    },
]

#: The participation fields an event may carry (`EventData.participation`).
PARTICIPATION_TERMS = (
    "joinMode",
    "maximumAttendeeCapacity",
    "remainingAttendeeCapacity",
    "participantCount",
    "ical:status",
    "status",
    "externalParticipationUrl",
)

ACTIVITY_TYPES = {
    "Accept",
    "Add",
    "Announce",
    "Block",
    "Create",
    "Delete",
    "Flag",
    "Follow",
    "Like",
    "Move",
    "Reject",
    "Remove",
    "Undo",
    "Update",
}


class JSONError(ValueError):
    """A body that is not JSON we accept (malformed, too deeply nested)."""


def _no_constant(name):
    # Python's json reads NaN and Infinity, which are not JSON: PostgreSQL's jsonb and SQLite's
    # JSON_VALID refuse them, so storing the activity would fail after it was accepted.
    raise JSONError(f"malformed JSON: {name} is not a JSON value")


def _check_text(value: str) -> None:
    if "\x00" in value:
        raise JSONError("text contains a NUL character")
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise JSONError("text contains an unpaired surrogate (\\ud800-\\udfff)") from None


def loads(body: bytes | str, max_depth: int = 32):
    """Parse JSON, refusing documents nested deeper than `max_depth` (no recursion bombs), NaN
    and Infinity, and text no database stores (NUL, unpaired surrogates such as "\\ud800")."""
    try:
        document = json.loads(body, parse_constant=_no_constant)
    except RecursionError as exc:
        raise JSONError("document is nested too deeply") from exc
    except JSONError:
        raise
    except (ValueError, UnicodeDecodeError) as exc:
        raise JSONError(f"malformed JSON: {exc}") from exc
    stack = [(document, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > max_depth:
            raise JSONError("document is nested too deeply")
        if isinstance(value, str):
            _check_text(value)
        elif isinstance(value, dict):
            for key, item in value.items():
                _check_text(key)
                stack.append((item, depth + 1))
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)
    return document


def iso(when: dt.datetime | None) -> str | None:
    if when is None:
        return None
    return when.astimezone(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def id_of(value) -> str | None:
    """The id of a value that may be a URI string or an embedded object."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and isinstance(value.get("id"), str):
        return value["id"]
    return None


def attributed_to(obj: dict) -> list[str]:
    """The ids an object is `attributedTo` (a string, an object or a list of either)."""
    value = obj.get("attributedTo") if isinstance(obj, dict) else None
    values = value if isinstance(value, list) else [value] if value is not None else []
    return [uri for uri in (id_of(v) for v in values) if uri]


def hashtag_slug(name: str) -> str:
    return re.sub(r"[^\w]+", "", name, flags=re.UNICODE)


@dataclass
class Translation:
    """One language's version of a page."""

    language: str
    name: str
    url: str
    summary: str = ""
    content: str = ""


@dataclass
class Image:
    url: str
    media_type: str = "image/jpeg"
    name: str = ""
    width: int | None = None
    height: int | None = None


@dataclass
class EventData:
    start: dt.datetime
    end: dt.datetime | None = None
    timezone: str | None = None
    location_name: str = ""
    street: str = ""
    postal_code: str = ""
    city: str = ""
    country: str = ""
    online_url: str | None = None
    #: joinMode, maximumAttendeeCapacity, ... (PARTICIPATION_TERMS), when people can register.
    participation: dict = field(default_factory=dict)


@dataclass
class ObjectValues:
    """Everything a translation group says about itself, the source language first."""

    id: str
    type: str
    actor: str
    followers: str
    translations: list[Translation]
    published: dt.datetime
    updated: dt.datetime | None = None
    image: Image | None = None
    tags: list[str] = field(default_factory=list)
    tag_url: str = ""
    event: EventData | None = None


def build_object(values: ObjectValues) -> dict:
    """One object for every language: content/name/summary in the source language, the maps
    with every published translation, `url` a list of per-language links (the source first)."""
    source = values.translations[0]
    obj: dict = {
        "id": values.id,
        "type": values.type,
        "attributedTo": values.actor,
        "name": source.name,
        "nameMap": {t.language: t.name for t in values.translations},
        "url": source.url,
        "published": iso(values.published),
        "to": [PUBLIC],
        "cc": [values.followers],
        "sensitive": False,
    }
    if any(t.content for t in values.translations):
        obj["content"] = source.content
        obj["contentMap"] = {t.language: t.content for t in values.translations if t.content}
        obj["mediaType"] = "text/html"
    if any(t.summary for t in values.translations):
        obj["summary"] = source.summary
        obj["summaryMap"] = {t.language: t.summary for t in values.translations if t.summary}
    if len(values.translations) > 1:
        # Mastodon reads `url` as a string or the first text/html Link; keep the source first.
        # `hreflang` is the ActivityStreams term; JSON-LD peers (Fedify) drop `hrefLang`.
        obj["url"] = [
            {"type": "Link", "mediaType": "text/html", "href": t.url, "hreflang": t.language}
            for t in values.translations
        ]
    if values.updated and values.updated != values.published:
        obj["updated"] = iso(values.updated)
    attachments = []
    if values.image:
        image = {"type": "Image", "mediaType": values.image.media_type, "url": values.image.url}
        if values.image.name:
            image["name"] = values.image.name
        if values.image.width and values.image.height:
            image["width"], image["height"] = values.image.width, values.image.height
        attachments.append(image)
        obj["image"] = dict(image)
    if values.tags:
        obj["tag"] = [
            {
                "type": "Hashtag",
                "name": "#" + hashtag_slug(tag),
                "href": f"{values.tag_url}{hashtag_slug(tag).lower()}" if values.tag_url else None,
            }
            for tag in values.tags
            if hashtag_slug(tag)
        ]
        for tag in obj["tag"]:
            if tag["href"] is None:
                del tag["href"]
    if values.event:
        event = values.event
        obj["startTime"] = iso(event.start)
        if event.end:
            obj["endTime"] = iso(event.end)
        if event.timezone:
            obj["timezone"] = event.timezone
        if event.location_name or event.city:
            place = {"type": "Place", "name": event.location_name or event.city}
            address = {
                "type": "PostalAddress",
                "streetAddress": event.street,
                "postalCode": event.postal_code,
                "addressLocality": event.city,
                "addressCountry": event.country,
            }
            address = {k: v for k, v in address.items() if v}
            if len(address) > 1:
                place["address"] = address
            obj["location"] = place
        obj["isOnline"] = bool(event.online_url) and not (event.location_name or event.city)
        for term in PARTICIPATION_TERMS:
            if event.participation.get(term) is not None:
                obj[term] = event.participation[term]
        if event.online_url:
            # Mobilizon reads the online link as a Link attachment named "Website".
            attachments.append(
                {
                    "type": "Link",
                    "name": "Website",
                    "mediaType": "text/html",
                    "href": event.online_url,
                }
            )
    if attachments:
        obj["attachment"] = attachments
    return obj


def tombstone(object_id: str, deleted: dt.datetime) -> dict:
    """What a deleted object became. No `formerType`, as Mastodon does: a short "Article" is not
    an IRI (JSON-LD peers drop it), the full IRI would be read by plain-JSON peers as an
    unknown type, and no implementation we federate with reads the field."""
    return {"id": object_id, "type": "Tombstone", "deleted": iso(deleted)}


def activity(
    kind: str,
    *,
    id: str,
    actor: str,
    object,
    to=None,
    cc=None,
    published: dt.datetime | None = None,
) -> dict:
    """Wrap an object (or a URI) in an activity, with the JSON-LD context."""
    doc = {"@context": CONTEXT, "id": id, "type": kind, "actor": actor, "object": object}
    if to is not None:
        doc["to"] = to
    if cc is not None:
        doc["cc"] = cc
    if published is not None:
        doc["published"] = iso(published)
    return doc


def follow_reference(activity_id: str, follower: str, followed: str) -> dict:
    """A Follow as the object of its Accept, Reject or Undo: enough for the other side to find
    it by id, or by who follows whom when the id is unknown there."""
    return {"id": activity_id, "type": "Follow", "actor": follower, "object": followed}


def with_context(document: dict) -> dict:
    return {"@context": CONTEXT, **document}


@dataclass
class ActorValues:
    id: str
    type: str
    username: str
    name: str
    public_key_pem: str
    inbox: str
    outbox: str
    followers: str
    following: str
    shared_inbox: str
    published: dt.datetime
    url: str | None = None
    summary: str = ""
    name_map: dict = field(default_factory=dict)
    summary_map: dict = field(default_factory=dict)
    icon: Image | None = None
    image: Image | None = None
    discoverable: bool = True


def build_actor(values: ActorValues) -> dict:
    doc = {
        "@context": CONTEXT,
        "id": values.id,
        "type": values.type,
        "preferredUsername": values.username,
        "name": values.name,
        "summary": values.summary,
        "inbox": values.inbox,
        "outbox": values.outbox,
        "followers": values.followers,
        "following": values.following,
        "endpoints": {"sharedInbox": values.shared_inbox},
        "publicKey": {
            "id": values.id + "#main-key",
            "owner": values.id,
            "publicKeyPem": values.public_key_pem,
        },
        "discoverable": values.discoverable,
        "indexable": values.discoverable,
        "manuallyApprovesFollowers": False,
        "published": iso(values.published),
    }
    if values.url:
        doc["url"] = values.url
    if len(values.name_map) > 1:
        doc["nameMap"] = values.name_map
    if len(values.summary_map) > 1:
        doc["summaryMap"] = values.summary_map
    for key, image in (("icon", values.icon), ("image", values.image)):
        if image:
            doc[key] = {"type": "Image", "mediaType": image.media_type, "url": image.url}
    return doc


def ordered_collection(collection_id: str, total: int, first: str | None) -> dict:
    doc = {
        "@context": CONTEXT,
        "id": collection_id,
        "type": "OrderedCollection",
        "totalItems": total,
    }
    if first:
        doc["first"] = first
    return doc


def collection_page(
    page_id: str, part_of: str, items: list, next_url: str | None, prev_url: str | None
) -> dict:
    doc = {
        "@context": CONTEXT,
        "id": page_id,
        "type": "OrderedCollectionPage",
        "partOf": part_of,
        "orderedItems": items,
    }
    if next_url:
        doc["next"] = next_url
    if prev_url:
        doc["prev"] = prev_url
    return doc
