"""Remote posts in: what the worker does with each Create, Update, Delete, Announce and Undo the
inbox accepted from a followed actor, every field sanitised before it is stored."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.html import escape
from django_tasks import task

from .. import fetch
from ..activitystreams import attributed_to, id_of
from ..conf import setting
from ..models import DomainBlock, Follow, InboxItem, RemoteActor, RemotePost
from ..sanitize import (
    MAX_NAME,
    clean_html,
    clean_media_type,
    clean_text,
    is_language_tag,
    language_map,
    safe_url,
)

KIND_OF_TYPE = {
    "Article": RemotePost.ARTICLE,
    "Page": RemotePost.ARTICLE,
    "Event": RemotePost.EVENT,
    "Note": RemotePost.NOTE,
    "Question": RemotePost.NOTE,
    # Pixelfed (photos), PeerTube (videos), Funkwhale (sounds); a `Document` is a file.
    "Image": RemotePost.MEDIA,
    "Video": RemotePost.MEDIA,
    "Audio": RemotePost.MEDIA,
    "Document": RemotePost.MEDIA,
}
MEDIA_TYPES = {"Image", "Video", "Audio", "Document"}
ATTACHMENT_TYPES = {"Image", "Document", "Video", "Audio", "Link"}
MAX_ATTACHMENTS = 8
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif")
# PeerTube lists each resolution: the one nearest this height is kept.
PREFERRED_VIDEO_HEIGHT = 720


class Unusable(Exception):
    """The object cannot be shown (wrong type, missing id); the worker's result says why."""


def object_type(obj: dict) -> str | None:
    """The first type of `obj` the feed knows: `type` may be a string or a list of them
    (`["Note", "Article"]`, or an extension type before a known one)."""
    value = obj.get("type") if isinstance(obj, dict) else None
    values = value if isinstance(value, list) else [value]
    for item in values[:8]:
        if isinstance(item, str) and item in KIND_OF_TYPE:
            return item
    return None


def followed(remote: RemoteActor) -> bool:
    """Someone here follows this actor and they accepted."""
    return (
        not remote.blocked
        and Follow.objects.filter(
            remote_actor=remote, direction=Follow.OUTGOING, state=Follow.ACCEPTED
        ).exists()
    )


def followed_group(obj, sender_uri: str) -> RemoteActor | None:
    """The followed group a post sent by someone other than its author belongs to, or None.

    Mobilizon sends a group's event as a `Create` by the member who organises it, with
    `attributedTo` the group (and addressed to the group's followers); a group may also send a
    post attributed to one of its members. Either is taken when the group is followed (and
    accepted), and the sender, the object and its authors are all on the group's server. The
    embedded copy is only a claim: the worker stores the copy fetched from that server
    (`store_group_post`).
    """
    owners = attributed_to(obj)
    object_id = id_of(obj)
    if not owners or sender_uri in owners or not isinstance(object_id, str):
        return None
    if not all(fetch.same_origin(uri, sender_uri) for uri in [object_id, *owners]):
        return None
    return (
        RemoteActor.objects.filter(
            uri__in=[sender_uri, *owners],
            actor_type="Group",
            blocked=False,
            follows__direction=Follow.OUTGOING,
            follows__state=Follow.ACCEPTED,
        )
        .distinct()
        .first()
    )


def store_group_post(obj: dict, group: RemoteActor) -> str:
    """Store a followed group's post sent by someone else, as its own server has it: the object
    is fetched by its id, and must be attributed there to whom the activity said."""
    object_id = id_of(obj)
    try:
        fetched = fetch.fetch_json(object_id).document
    except fetch.FetchError as exc:
        return f"ignored: cannot confirm the group's post ({exc})"
    if fetched.get("id") != object_id:
        return "ignored: the group's post has another id on its server"
    if set(attributed_to(fetched)) != set(attributed_to(obj)):
        return "ignored: the group's server attributes the post to someone else"
    if RemoteActor.objects.filter(uri__in=attributed_to(fetched), blocked=True).exists():
        return "ignored: blocked author"
    upsert(fetched, group)
    return "stored from the group"


def _date(value) -> dt.datetime | None:
    if not isinstance(value, str) or len(value) > 64:
        return None
    try:
        when = parse_datetime(value)
    except ValueError:
        return None
    if when is None:
        return None
    if timezone.is_naive(when):
        when = timezone.make_aware(when, dt.UTC)
    return when


def _link_media_type(item) -> str:
    """A Link's media type: `mediaType`, or `mimeType` (Funkwhale, older PeerTube)."""
    if not isinstance(item, dict):
        return ""
    return clean_media_type(item.get("mediaType") or item.get("mimeType"))


def _urls(value) -> tuple[str, dict]:
    """`url` as a string, a Link or a list of Links: (first, {lang: href}); only HTML pages.

    The language is the ActivityStreams term `hreflang`; `hrefLang` (which older Rencontres
    sites sent) is read too."""
    items = value if isinstance(value, list) else [value]
    first, by_lang = "", {}
    for item in items[: MAX_ATTACHMENTS * 4]:
        href = (
            item if isinstance(item, str) else item.get("href") if isinstance(item, dict) else None
        )
        href = safe_url(href)
        if not href:
            continue
        if isinstance(item, dict) and (_link_media_type(item) or "text/html") != "text/html":
            continue
        first = first or href
        lang = (item.get("hreflang") or item.get("hrefLang")) if isinstance(item, dict) else None
        if is_language_tag(lang) and len(by_lang) < setting("MAX_LANGUAGES"):
            by_lang[lang.lower()] = href
    return first, by_lang


def _kind_of_media(declared: str, media_type: str, url: str = "") -> str:
    """image, video, audio or document, from the media type first, then the declared type."""
    for kind in ("image", "video", "audio"):
        if media_type.startswith(f"{kind}/"):
            return kind
    if media_type:
        return "document"
    if declared in {"Image", "Video", "Audio"}:
        return declared.lower()
    if url.lower().split("?")[0].endswith(IMAGE_SUFFIXES):
        return "image"
    return "document"


def _attachments(value) -> list[dict]:
    """Referenced, never embedded: http(s) links to images, videos, sounds and documents with
    their type."""
    items = value if isinstance(value, list) else [value] if isinstance(value, dict) else []
    result = []
    for item in items:
        if len(result) >= MAX_ATTACHMENTS:
            break
        if not isinstance(item, dict) or item.get("type") not in ATTACHMENT_TYPES:
            continue
        url = item.get("url") if item.get("type") != "Link" else item.get("href")
        if isinstance(url, list):
            url = url[0] if url else None
        if isinstance(url, dict):
            url = url.get("href")
        url = safe_url(url)
        media_type = clean_media_type(item.get("mediaType"))
        if not url or "script" in media_type or "html" in media_type and item["type"] != "Link":
            continue
        is_link = item["type"] == "Link"
        kind = "link" if is_link else _kind_of_media(item["type"], media_type, url)
        result.append(
            {
                "kind": kind,
                "url": url,
                "media_type": media_type,
                "name": clean_text(item.get("name"), 300),
            }
        )
    return result


def _own_media(obj: dict, declared: str) -> list[dict]:
    """The file an Image, Video, Audio or Document object *is*: the non-HTML links of its `url`
    (PeerTube lists every resolution, torrents and playlists: one playable file is kept; a
    Funkwhale track names it with `mimeType`), or its `url` itself when it is a bare address."""
    value = obj.get("url")
    items = value if isinstance(value, list) else [value]
    wanted = {"Image": "image", "Video": "video", "Audio": "audio"}.get(declared)
    best, best_score = None, None
    for item in items[: MAX_ATTACHMENTS * 8]:
        href = (
            item if isinstance(item, str) else item.get("href") if isinstance(item, dict) else None
        )
        href = safe_url(href)
        media_type = _link_media_type(item)
        if not href or media_type == "text/html" or "script" in media_type:
            continue
        if isinstance(item, str) and not (wanted or href.lower().endswith(IMAGE_SUFFIXES)):
            continue
        kind = _kind_of_media(declared, media_type, href)
        if wanted and kind != wanted and not (wanted == "audio" and kind == "video"):
            continue
        if not wanted and kind == "document" and media_type.startswith("application/"):
            continue
        height = item.get("height") if isinstance(item, dict) else None
        score = abs(height - PREFERRED_VIDEO_HEIGHT) if isinstance(height, int) else 10_000
        if best_score is None or score < best_score:
            best = {"kind": kind, "url": href, "media_type": media_type, "name": ""}
            best_score = score
    return [best] if best else []


def _page_link(obj: dict, object_id: str) -> list[dict]:
    """A Lemmy `Page`'s `url` is what the post links to (an article, an image), not the post:
    it becomes an attachment and the post's own address is its id."""
    value = obj.get("url")
    if isinstance(value, list):
        value = value[0] if value else None
    href = safe_url(value.get("href") if isinstance(value, dict) else value)
    if not href or href == object_id:
        return []
    media_type = _link_media_type(value)
    if media_type == "text/html" or not media_type and not href.lower().endswith(IMAGE_SUFFIXES):
        return [{"kind": "link", "url": href, "media_type": "", "name": ""}]
    return [
        {
            "kind": _kind_of_media("", media_type, href),
            "url": href,
            "media_type": media_type,
            "name": "",
        }
    ]


def _preview_image(value) -> list[dict]:
    """`image` (Lemmy's and WordPress' thumbnail) as an image attachment."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, str):
        value = {"url": value}
    if not isinstance(value, dict):
        return []
    url = value.get("url")
    if isinstance(url, dict):
        url = url.get("href")
    url = safe_url(url)
    media_type = clean_media_type(value.get("mediaType"))
    if not url or media_type and not media_type.startswith("image/"):
        return []
    return [
        {
            "kind": "image",
            "url": url,
            "media_type": media_type,
            "name": clean_text(value.get("name"), 300),
        }
    ]


def _markdown_paragraphs(value) -> str:
    """PeerTube sends its description as Markdown: kept as escaped paragraphs, not rendered."""
    if not isinstance(value, str):
        return ""
    value = value[: setting("MAX_POST_CHARS")].replace("\r\n", "\n")
    paragraphs = [p.strip() for p in value.split("\n\n") if p.strip()]
    return clean_html("".join(f"<p>{escape(p)}</p>" for p in paragraphs))


def _declared_language(value) -> str:
    """PeerTube's and Lemmy's `language`: {"identifier": "fr", "name": "Français"}."""
    if isinstance(value, list):
        value = value[0] if value else None
    code = value.get("identifier") if isinstance(value, dict) else value
    return code.lower() if is_language_tag(code) else ""


def _location(value) -> str:
    if isinstance(value, list):
        value = value[0] if value else None
    if not isinstance(value, dict):
        return ""
    parts = [clean_text(value.get("name"), 200)]
    address = value.get("address")
    if isinstance(address, dict):
        for key in ("streetAddress", "postalCode", "addressLocality", "addressCountry"):
            parts.append(clean_text(address.get(key), 100))
    elif isinstance(address, str):
        parts.append(clean_text(address, 200))
    return ", ".join(dict.fromkeys(p for p in parts if p))[:500]


def _source_language(obj: dict, maps: list[dict]) -> str:
    """The language of `content`/`name`: the map key whose value is the plain field, else the
    only key, else the first."""
    for key, plain in (("contentMap", "content"), ("nameMap", "name")):
        value = obj.get(plain)
        mapping = obj.get(key)
        if isinstance(mapping, dict) and isinstance(value, str):
            for lang, text in mapping.items():
                if text == value and is_language_tag(lang):
                    return lang.lower()
    for mapping in maps:
        if mapping:
            return next(iter(mapping))
    return ""


def post_values(obj: dict) -> dict:
    """A remote object -> RemotePost fields, everything sanitised. Raises Unusable."""
    if not isinstance(obj, dict):
        raise Unusable("the object is not embedded")
    object_id = obj.get("id")
    if not isinstance(object_id, str) or not safe_url(object_id):
        raise Unusable("the object has no usable id")
    declared = object_type(obj)
    if declared is None:
        raise Unusable(f"{str(obj.get('type'))[:40]!r} is not shown in the feed")
    kind = KIND_OF_TYPE[declared]
    content_map = language_map(obj.get("contentMap"), clean_html)
    name_map = language_map(obj.get("nameMap"), lambda t: clean_text(t, MAX_NAME))
    summary_map = language_map(obj.get("summaryMap"), clean_text)
    if obj.get("mediaType") == "text/markdown" and not content_map:
        content = _markdown_paragraphs(obj.get("content"))
    else:
        content = clean_html(obj.get("content"))
    name = clean_text(obj.get("name"), MAX_NAME)
    summary = clean_text(obj.get("summary"))
    if declared == "Event" and summary and summary == clean_text(obj.get("content")):
        summary = ""  # Gancio and Mobilizon repeat the content as summary
    attachments = _attachments(obj.get("attachment"))
    if declared in MEDIA_TYPES:
        attachments = _own_media(obj, declared) + attachments
    elif declared == "Page":
        attachments = _page_link(obj, object_id) + attachments
    if declared != "Event":
        known = {a["url"] for a in attachments}
        attachments += [a for a in _preview_image(obj.get("image")) if a["url"] not in known]
    attachments = attachments[:MAX_ATTACHMENTS]
    if not (content or name or summary or content_map or name_map or attachments):
        raise Unusable("the object has nothing to show")
    url, url_map = ("", {}) if declared == "Page" else _urls(obj.get("url"))
    published = _date(obj.get("published")) or timezone.now()
    start = _date(obj.get("startTime")) if kind == RemotePost.EVENT else None
    if kind == RemotePost.EVENT and start is None:
        kind = RemotePost.NOTE  # an event without a date cannot be listed as one
    author = next(iter(attributed_to(obj)), None)
    return {
        "object_id": object_id,
        "kind": kind,
        "object_type": declared,
        "language": _source_language(obj, [content_map, name_map])
        or _declared_language(obj.get("language")),
        "name": name,
        "summary": summary,
        "content": content,
        "name_map": name_map,
        "summary_map": summary_map,
        "content_map": content_map,
        "url": url or safe_url(object_id),
        "url_map": url_map,
        "attachments": attachments,
        "start_time": start,
        "end_time": _date(obj.get("endTime")) if start else None,
        "location": _location(obj.get("location")) if kind == RemotePost.EVENT else "",
        "participation_url": safe_url(obj.get("externalParticipationUrl"))
        if kind == RemotePost.EVENT
        else "",
        "published": published,
        "updated": _date(obj.get("updated")),
        "author_uri": safe_url(author) if author else "",
    }


def upsert(obj: dict, source: RemoteActor, *, shared: bool = False) -> RemotePost:
    """Store or replace a post; an older copy never overwrites a newer one."""
    values = post_values(obj)
    with transaction.atomic():
        post = RemotePost.objects.select_for_update().filter(object_id=values["object_id"]).first()
        if post is None:
            return RemotePost.objects.create(actor=source, shared=shared, **values)
        incoming = values["updated"] or values["published"]
        if post.updated and incoming and incoming < post.updated:
            return post
        for key, value in values.items():
            setattr(post, key, value)
        post.save()
        return post


# -- what the worker does with an accepted activity --------------------------------------------


def store_activity(activity_id: str) -> str:
    """Apply a received Create/Update/Delete/Announce/Undo to the feed; idempotent."""
    item = InboxItem.objects.filter(activity_id=activity_id).first()
    if item is None:
        return "missing"
    document = item.payload
    remote = RemoteActor.objects.filter(uri=item.actor_uri).first()
    if remote is None or remote.blocked:
        return "ignored: blocked or unknown actor"
    kind = document.get("type")
    obj = document.get("object")
    try:
        if kind in {"Create", "Update"} and isinstance(obj, dict):
            group = followed_group(obj, remote.uri)
            if group is not None:
                return store_group_post(obj, group)
        if kind == "Create":
            if not followed(remote):
                return "ignored: nobody here follows this actor"
            upsert(obj, remote)
            return "stored"
        if kind == "Update":
            existing = RemotePost.objects.filter(object_id=id_of(obj) or "").first()
            if existing is None and not followed(remote):
                return "ignored: nobody here follows this actor"
            if existing is not None and existing.author_uri not in ("", remote.uri):
                return "ignored: only its author can update a post"
            upsert(
                obj,
                existing.actor if existing else remote,
                shared=bool(existing and existing.shared),
            )
            return "updated"
        if kind == "Delete":
            object_id = id_of(obj)
            deleted, _rows = (
                RemotePost.objects.filter(object_id=object_id or "")
                .filter(_owned_by(remote))
                .delete()
            )
            if not deleted:
                deleted = _delete_group_post_if_gone(object_id, remote)
            return "deleted" if deleted else "ignored: nothing to delete"
        if kind == "Announce":
            return store_announced(document, remote)
        if kind == "Undo":
            inner = obj if isinstance(obj, dict) else {}
            target = id_of(inner.get("object"))
            if inner.get("type") == "Announce" and target:
                deleted, _rows = RemotePost.objects.filter(
                    object_id=target, actor=remote, shared=True
                ).delete()
                return "unshared" if deleted else "ignored: nothing to undo"
    except Unusable as exc:
        return f"ignored: {exc}"
    return "ignored"


@task()
def store_remote_activity(activity_id: str) -> str:
    """Store, replace or remove a network feed post from an activity the inbox accepted."""
    return store_activity(activity_id)


def _delete_group_post_if_gone(object_id: str | None, remote: RemoteActor) -> int:
    """A group's post deleted by one of its moderators (not its organiser): removed when its own
    server confirms it is gone (404 or 410), the deleter being on that server."""
    post = RemotePost.objects.filter(
        object_id=object_id or "", actor__actor_type="Group", shared=False
    ).first()
    if post is None or not fetch.same_origin(post.object_id, remote.uri):
        return 0
    if not fetch.same_origin(post.actor.uri, remote.uri):
        return 0
    try:
        fetch.fetch_json(post.object_id)
    except fetch.FetchError as exc:
        if str(exc) in {"gone (410)", "remote server answered 404"}:
            return post.delete()[0]
    return 0


def _owned_by(remote: RemoteActor):
    origin = f"{urlsplit(remote.uri).scheme}://{urlsplit(remote.uri).netloc}/"
    # Its author (or, for a post that names none, its source on the same server) may delete it;
    # another account on the same server may not.
    return (
        Q(author_uri=remote.uri)
        | Q(actor=remote, shared=False, author_uri="")
        | Q(author_uri="", shared=True, object_id__startswith=origin, actor=remote)
    )


def store_announced(document: dict, announcer: RemoteActor) -> str:
    """A followed actor shares a post: fetch it from its own server (once), store it as shared.

    Lemmy announces the activity (`Create` of a `Page`), others the object or its id. An
    embedded copy is not trusted (it is not signed by its author): only its id is used, and the
    fetched document's id must be on the host it came from.
    """
    if not followed(announcer):
        return "ignored: nobody here follows this actor"
    obj = document.get("object")
    if isinstance(obj, dict) and obj.get("type") in {"Create", "Update"}:
        obj = obj.get("object")
    return store_shared(id_of(obj), announcer)


def store_shared(object_id: str | None, announcer: RemoteActor) -> str:
    """A post `announcer` shares, fetched by its id from its own server and stored as shared
    (the announce of a followed actor, or one read from its outbox)."""
    if not object_id or not safe_url(object_id):
        return "ignored: nothing to fetch"
    if RemotePost.objects.filter(object_id=object_id).exists():
        return "ignored: already stored"
    host = urlsplit(object_id).hostname or ""
    if DomainBlock.is_blocked(host):
        return "ignored: blocked domain"
    try:
        fetched = fetch.fetch_json(object_id)
    except fetch.FetchError as exc:
        return f"ignored: cannot fetch the shared post ({exc})"
    doc = fetched.document
    if doc.get("id") != object_id and not fetch.same_origin(str(doc.get("id")), object_id):
        return "ignored: the shared post's id does not match"
    author = next(iter(attributed_to(doc)), None)
    if author and not fetch.same_origin(author, str(doc.get("id"))):
        return "ignored: the shared post is attributed to another server"
    if author and RemoteActor.objects.filter(uri=author, blocked=True).exists():
        return "ignored: blocked author"
    if DomainBlock.is_blocked((urlsplit(str(doc.get("id"))).hostname or "").lower()):
        return "ignored: blocked domain"
    upsert(doc, announcer, shared=True)
    return "shared post stored"
