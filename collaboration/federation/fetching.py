"""Reading a group of another site: its log, a topic's name, an activity, each with a signed
GET (a private group answers only its member servers) through the federation app's safe fetcher."""

from __future__ import annotations

from federation import fetch
from federation.actors import network_actor
from federation.delivery import signer_for

from .models import RemoteGroup


def _signer():
    return signer_for(network_actor())


def get_signed(remote: RemoteGroup, url: str) -> dict:
    if not fetch.same_origin(url, remote.actor.uri):
        raise fetch.FetchError("the group's log is not on the group's server")
    return fetch.fetch_json(url, signer=_signer()).document


def log_url(remote: RemoteGroup) -> str | None:
    url = remote.actor.document.get("activityLog") if remote.actor.document else None
    return url if isinstance(url, str) else None


def fetch_context_name(remote: RemoteGroup, context_uri: str) -> str | None:
    try:
        document = get_signed(remote, context_uri)
    except fetch.FetchError:
        return None
    name = document.get("name")
    return name if isinstance(name, str) else None


def fetch_activity(remote: RemoteGroup, uri: str) -> dict | None:
    try:
        return get_signed(remote, uri)
    except fetch.FetchError:
        return None
