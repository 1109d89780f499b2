"""Remote actors: fetched through the safe fetcher, cached, refreshed when their key rotates."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from django.db import IntegrityError, transaction
from django.utils import timezone

from . import fetch
from .activitystreams import id_of
from .conf import setting
from .models import DomainBlock, RemoteActor

ACTOR_TYPES = {"Person", "Service", "Application", "Group", "Organization"}


class RemoteActorError(Exception):
    pass


def _str(value, limit=1000) -> str:
    return value[:limit] if isinstance(value, str) else ""


def update_from_document(uri: str, document: dict) -> RemoteActor:
    """Store what we need of an actor document (its id must be `uri`)."""
    if document.get("id") != uri:
        raise RemoteActorError("actor document id does not match")
    if document.get("type") not in ACTOR_TYPES:
        raise RemoteActorError(f"{document.get('type')!r} is not an actor type")
    key = document.get("publicKey")
    if isinstance(key, list):
        key = key[0] if key else None
    key = key if isinstance(key, dict) else {}
    key_id = _str(key.get("id"))
    if key_id and (key.get("owner") not in (None, uri) or not fetch.same_origin(key_id, uri)):
        raise RemoteActorError("the actor's key belongs to someone else")
    endpoints = document.get("endpoints") if isinstance(document.get("endpoints"), dict) else {}
    inbox = _str(document.get("inbox"))
    shared = _str(endpoints.get("sharedInbox"))
    for url in (inbox, shared):
        if url and not fetch.same_origin(url, uri):
            raise RemoteActorError("the actor's inbox is on another server")
    icon = document.get("icon")
    if isinstance(icon, list):
        icon = icon[0] if icon else None
    icon_url = icon.get("url") if isinstance(icon, dict) else None
    url = document.get("url")
    if isinstance(url, list):
        url = url[0] if url else None
    url = id_of(url) if isinstance(url, dict) else url
    values = {
        "domain": urlsplit(uri).netloc.lower(),
        "username": _str(document.get("preferredUsername"), 255),
        "name": _str(document.get("name"), 255),
        "summary": _str(document.get("summary"), 5000),
        "actor_type": document["type"],
        "icon_url": _str(icon_url),
        "url": _str(url),
        "inbox": inbox,
        "shared_inbox": shared,
        "outbox": _str(document.get("outbox")),
        "followers_url": _str(document.get("followers")),
        "public_key_id": key_id,
        "public_key_pem": _str(key.get("publicKeyPem"), 10000),
        "document": document,
        "fetched_at": timezone.now(),
    }
    try:
        with transaction.atomic():
            actor, _created = RemoteActor.objects.update_or_create(uri=uri, defaults=values)
    except IntegrityError:
        actor, _created = RemoteActor.objects.update_or_create(uri=uri, defaults=values)
    return actor


def fetch_actor(uri: str, signer=None) -> RemoteActor:
    if DomainBlock.is_blocked(urlsplit(uri).hostname or ""):
        raise RemoteActorError("this server is blocked")
    try:
        fetched = fetch.fetch_json(uri, signer=signer)
    except fetch.FetchError as exc:
        raise RemoteActorError(str(exc)) from exc
    if fetched.document.get("id") != uri:
        # An actor fetched by its key id ("...#main-key") or a redirect: trust only its own id on
        # the same host, and fetch that exact id once more.
        real = fetched.document.get("id")
        if not isinstance(real, str) or not fetch.same_origin(real, uri):
            raise RemoteActorError("actor document id does not match")
        return (
            fetch_actor(real, signer)
            if real.split("#")[0] != uri.split("#")[0]
            else (update_from_document(real, fetched.document))
        )
    return update_from_document(uri, fetched.document)


def get_actor(uri: str, *, max_age: int | None = None, signer=None) -> RemoteActor:
    """The cached actor, fetched when unknown or older than `max_age` seconds."""
    max_age = setting("KEY_CACHE_SECONDS") if max_age is None else max_age
    actor = RemoteActor.objects.filter(uri=uri).first()
    fresh = (
        actor
        and actor.fetched_at
        and actor.fetched_at > timezone.now() - dt.timedelta(seconds=max_age)
    )
    if fresh and actor.public_key_pem:
        return actor
    return fetch_actor(uri, signer=signer)


def actor_for_key(key_id: str, *, refresh: bool = False, signer=None) -> RemoteActor:
    """The actor owning a key id: cached by key id, fetched (`refresh`) on rotation."""
    if not refresh:
        actor = RemoteActor.objects.filter(public_key_id=key_id).exclude(public_key_pem="").first()
        if actor is not None:
            return actor
    owner_uri = key_id.split("#")[0]
    actor = fetch_actor(owner_uri, signer=signer)
    if actor.public_key_id != key_id:
        raise RemoteActorError("the key is not the actor's current key")
    return actor


def lookup(handle_or_url: str, *, cached: bool = False) -> RemoteActor:
    """`@name@host`, `acct:name@host` or an actor URL -> the remote actor (WebFinger, fetch).
    `cached`: an actor URL fetched recently is not fetched again (the admin's confirm step)."""
    value = handle_or_url.strip()
    is_url = value.startswith(("http://", "https://"))
    host = (urlsplit(value).hostname or "") if is_url else fetch.split_handle(value)[1]
    if host and DomainBlock.is_blocked(host.split(":")[0].lower()):
        raise RemoteActorError("this server is blocked")
    if is_url:
        return get_actor(value) if cached else fetch_actor(value)
    try:
        jrd = fetch.webfinger(value)
        uri = fetch.actor_url_from_webfinger(jrd)
    except fetch.FetchError as exc:
        if "answered 404" in str(exc):
            raise RemoteActorError("unknown handle: the server does not know it") from exc
        raise RemoteActorError(str(exc)) from exc
    return fetch_actor(uri)
