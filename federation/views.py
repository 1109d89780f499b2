"""The protocol edge: WebFinger, NodeInfo, host-meta, actors, inboxes, collections, objects.

Views read and delegate; every id they print is built from SITE_URL, never the request's Host.
"""

from __future__ import annotations

import functools
import json
import logging

from django.db import OperationalError
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from . import activitystreams as as2
from . import inbox, registry
from .actors import actor_document, profile_url
from .conf import setting, site_host, site_url
from .fetch import split_handle
from .models import Actor, FederatedObject, Follow, OutboxActivity

logger = logging.getLogger(__name__)

AP_CONTENT_TYPE = "application/activity+json"


def wants_activitypub(request) -> bool:
    accept = request.headers.get("Accept", "").lower()
    return "application/activity+json" in accept or "application/ld+json" in accept


def ap_response(document: dict, status: int = 200) -> HttpResponse:
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False), status=status, content_type=AP_CONTENT_TYPE
    )
    response["Vary"] = "Accept"
    response["Access-Control-Allow-Origin"] = "*"
    return response


def error(status: int, reason: str) -> JsonResponse:
    return JsonResponse({"error": reason}, status=status)


class NotFound(Exception):
    """Answered as a JSON 404 here: an Http404 would be turned into a language redirect by
    LocaleMiddleware, which a fediverse server cannot follow meaningfully."""


def _get(model, **lookup):
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        raise NotFound(f"no such {model._meta.model_name}")
    return obj


def json_404(view):
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            response = view(request, *args, **kwargs)
        except NotFound as exc:
            response = error(404, str(exc))
        if response.status_code == 404:
            # LocaleMiddleware redirects any 404 to a /<lang>/ URL when the site's urlconf uses
            # i18n_patterns; protocol URLs are language-neutral, so answer from ours.
            request.urlconf = "federation.urls"
        return response

    return wrapped


# -- discovery ----------------------------------------------------------------------------------


@require_GET
@json_404
def webfinger(request):
    resource = request.GET.get("resource", "").strip()
    if not resource:
        return error(400, "resource parameter missing")
    actor = None
    if resource.startswith("acct:") or ("@" in resource and "://" not in resource):
        name, host = split_handle(resource)
        if host.lower() != site_host().lower():
            return error(404, "not a handle on this server")
        actor = inbox.find_local_actor(name.lower())
    elif resource.startswith(f"{site_url()}/ap/actors/"):
        actor = inbox.local_actor_from_uri(resource)
    if actor is None or actor.gone_at is not None:
        return error(404, "no such actor")
    links = [
        {"rel": "self", "type": AP_CONTENT_TYPE, "href": actor.uri},
    ]
    profile = profile_url(actor)
    aliases = [actor.uri]
    if profile:
        links.insert(
            0,
            {"rel": "http://webfinger.net/rel/profile-page", "type": "text/html", "href": profile},
        )
        aliases.append(profile)
    document = {
        "subject": f"acct:{actor.username}@{site_host()}",
        "aliases": aliases,
        "links": links,
    }
    response = JsonResponse(document, content_type="application/jrd+json")
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def host_meta(request):
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<XRD xmlns="http://docs.oasis-open.org/ns/xri/xrd-1.0">\n'
        f'  <Link rel="lrdd" template="{site_url()}/.well-known/webfinger?resource={{uri}}"/>\n'
        "</XRD>\n"
    )
    return HttpResponse(xml, content_type="application/xrd+xml")


@require_GET
def nodeinfo_links(request):
    return JsonResponse(
        {
            "links": [
                {
                    "rel": "http://nodeinfo.diaspora.software/ns/schema/2.1",
                    "href": f"{site_url()}/nodeinfo/2.1",
                }
            ]
        }
    )


@require_GET
def nodeinfo(request):
    actors = Actor.objects.count()
    document = {
        "version": "2.1",
        "software": {
            "name": setting("SOFTWARE_NAME"),
            "version": setting("SOFTWARE_VERSION"),
            "homepage": "https://github.com/rencontres/rencontres",
        },
        "protocols": ["activitypub"],
        "services": {"inbound": [], "outbound": ["atom1.0", "rss2.0"]},
        "openRegistrations": False,
        "usage": {
            "users": {"total": actors, "activeMonth": actors, "activeHalfyear": actors},
            "localPosts": FederatedObject.objects.filter(state=FederatedObject.PUBLISHED).count(),
        },
        "metadata": {"nodeName": setting("NETWORK_ACTOR_NAME") or site_host()},
    }
    return JsonResponse(
        document,
        content_type='application/json; profile="http://nodeinfo.diaspora.software/ns/schema/2.1#"',
    )


# -- actors and collections ---------------------------------------------------------------------


@require_GET
@json_404
def actor(request, username):
    local = inbox.find_local_actor(username)
    if local is None:
        raise NotFound("no such actor")
    if local.gone_at is not None:
        # An erased person: only that they are gone, as Mastodon answers for a deleted account.
        return ap_response(as2.with_context(as2.tombstone(local.uri, local.gone_at)), status=410)
    if not wants_activitypub(request):
        return HttpResponseRedirect(profile_url(local) or site_url() + "/")
    return ap_response(actor_document(local))


def _page_number(request) -> int | None:
    value = request.GET.get("page")
    if value is None:
        return None
    if not value.isdigit() or int(value) < 1 or int(value) > 100000:
        raise NotFound("no such page")
    return int(value)


def _collection(request, collection_id: str, queryset, render, *, public_items=True):
    total = queryset.count()
    number = _page_number(request)
    size = setting("COLLECTION_PAGE_SIZE")
    if number is None or not public_items:
        first = f"{collection_id}?page=1" if public_items else None
        return ap_response(as2.ordered_collection(collection_id, total, first))
    start = (number - 1) * size
    items = [render(row) for row in queryset[start : start + size]]
    next_url = f"{collection_id}?page={number + 1}" if start + size < total else None
    prev_url = f"{collection_id}?page={number - 1}" if number > 1 else None
    return ap_response(
        as2.collection_page(
            f"{collection_id}?page={number}", collection_id, items, next_url, prev_url
        )
    )


def _collections_readable(request, local: Actor) -> None:
    """An app's actor may keep its collections to some readers (a private group: the servers
    of its members, by signed fetch); to anyone else they do not exist."""
    kind = registry.actor_kind(local.kind)
    if kind is None:
        return
    try:
        signer = inbox.authenticate_fetch(
            "GET", site_url() + request.get_full_path(), request.headers
        )
    except inbox.Refused as exc:
        raise NotFound(exc.reason) from exc
    if not kind.readable_by(local, signer):
        raise NotFound(f"no such {local._meta.model_name}")


@require_GET
@json_404
def outbox(request, username):
    local = _get(Actor, username=username)
    _collections_readable(request, local)
    activities = OutboxActivity.objects.filter(actor=local, public=True).order_by(
        "-created_at", "-id"
    )
    return _collection(
        request,
        local.outbox_url,
        activities,
        lambda a: {k: v for k, v in a.document.items() if k != "@context"},
    )


def _accepted_follows(request, username, direction, collection_url, **options):
    """A local actor's accepted follows in one direction, as a collection of actor URIs."""
    local = _get(Actor, username=username)
    _collections_readable(request, local)
    follows = (
        Follow.objects.filter(local_actor=local, direction=direction, state=Follow.ACCEPTED)
        .select_related("remote_actor")
        .order_by("-created_at", "-id")
    )
    return _collection(
        request, collection_url(local), follows, lambda f: f.remote_actor.uri, **options
    )


@require_GET
@json_404
def followers(request, username):
    return _accepted_follows(
        request,
        username,
        Follow.INCOMING,
        lambda local: local.followers_url,
        public_items=setting("FOLLOWERS_COLLECTION_PUBLIC"),
    )


@require_GET
@json_404
def following(request, username):
    return _accepted_follows(request, username, Follow.OUTGOING, lambda local: local.following_url)


@require_GET
@json_404
def federated_object(request, uuid):
    fobj = _get(FederatedObject, uuid=uuid)
    if fobj.state == FederatedObject.DELETED:
        document = as2.with_context(as2.tombstone(fobj.uri, fobj.deleted_at or fobj.updated_at))
        return ap_response(document, status=410)
    if not wants_activitypub(request):
        url = fobj.document.get("url")
        if isinstance(url, list):
            url = url[0].get("href") if url and isinstance(url[0], dict) else None
        return HttpResponseRedirect(url or site_url() + "/")
    return ap_response(as2.with_context(fobj.document))


@require_GET
@json_404
def activity_view(request, uuid):
    activity = OutboxActivity.objects.filter(uuid=uuid, public=True).first()
    if activity is None:
        # A private activity (a Follow, an Accept) answers exactly like an unknown one.
        raise NotFound("no such activity")
    return ap_response(activity.document)


# -- inboxes ------------------------------------------------------------------------------------


def _receive(request, local: Actor | None):
    declared = request.META.get("CONTENT_LENGTH") or "0"
    limit = setting("MAX_INBOX_BYTES")
    if declared.isdigit() and int(declared) > limit:
        return error(413, f"body larger than {limit} bytes")
    body = request.read(limit + 1)
    url = site_url() + request.get_full_path()
    try:
        outcome = inbox.receive(request.method, url, request.headers, body, inbox_actor=local)
    except inbox.Refused as exc:
        logger.info("inbox refused: %s (%s)", exc.reason, exc.status)
        return error(exc.status, exc.reason)
    except OperationalError:
        logger.exception("inbox: database busy")
        return error(503, "try again later")
    return JsonResponse({"status": outcome}, status=202)


@csrf_exempt
@require_POST
@json_404
def actor_inbox(request, username):
    local = Actor.objects.filter(username=username).first()
    if local is None:
        return error(404, "no such actor")
    return _receive(request, local)


@csrf_exempt
@require_POST
def shared_inbox(request):
    return _receive(request, None)
