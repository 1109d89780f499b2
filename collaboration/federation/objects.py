"""Messages, topics and their activities as ActivityStreams documents, and reading them back.

A topic is a thread: its first message is the root, the topic is the `context` (FEP-7888) of
every message, and each message carries `audience` (the group, FEP-1b12), `context` and
`inReplyTo` (the root). The text travels as HTML `content` and as its Markdown `source`, which
sites of ours render again with their own formatter.
"""

from __future__ import annotations

import hashlib
import html
import re
from urllib.parse import urlsplit

import nh3

from federation import activitystreams as as2
from federation.activitystreams import id_of
from federation.conf import site_url

PUBLIC = "https://www.w3.org/ns/activitystreams#Public"
PUBLIC_FORMS = {PUBLIC, "as:Public", "Public"}
# What other software posts into a group: Lemmy's posts are Pages, Mastodon's Notes.
MESSAGE_TYPES = {"Note", "Page", "Article", "Question"}
MAX_TITLE = 120


def message_uri(message) -> str:
    return f"{site_url()}/ap/messages/{message.pk}"


def topic_uri(topic) -> str:
    return f"{site_url()}/ap/topics/{topic.pk}"


def local_id(uri, kind: str) -> int | None:
    """The pk in one of our own `/ap/<kind>/<pk>` URIs, or None."""
    prefix = f"{site_url()}/ap/{kind}/"
    if not isinstance(uri, str) or not uri.startswith(prefix):
        return None
    tail = uri[len(prefix) :].strip("/")
    return int(tail) if tail.isdigit() and len(tail) < 19 else None


def client_id_for(uri: str) -> str:
    """The message's `client_id` for an object id: the same object is stored once per author."""
    return hashlib.sha256(uri.encode()).hexdigest()


def host_of(uri: str) -> str:
    return urlsplit(uri).netloc.lower()


def types_of(obj) -> set[str]:
    kind = obj.get("type") if isinstance(obj, dict) else None
    if isinstance(kind, str):
        return {kind}
    if isinstance(kind, list):
        return {k for k in kind if isinstance(k, str)}
    return set()


def is_message(obj) -> bool:
    return bool(types_of(obj) & MESSAGE_TYPES)


def recipients(document: dict) -> set[str]:
    found = set()
    for name in ("to", "cc", "audience", "bto", "bcc"):
        value = document.get(name)
        for item in value if isinstance(value, list) else [value]:
            uri = id_of(item)
            if uri:
                found.add(uri)
    return found


def note(
    message,
    *,
    author_uri: str,
    group_uri: str,
    public: bool,
    context_uri: str | None,
    root_uri: str | None,
    followers_uri: str | None = None,
) -> dict:
    """The Note of a message written here."""
    to = [group_uri] + ([PUBLIC] if public else [])
    doc = {
        "id": message_uri(message),
        "type": "Note",
        "attributedTo": author_uri,
        "name": message.topic.title,
        "content": message.html,
        "source": {"content": message.body, "mediaType": "text/markdown"},
        "published": as2.iso(message.created_at),
        "to": to,
        "cc": [followers_uri] if followers_uri else [],
        "audience": group_uri,
    }
    if context_uri:
        doc["context"] = context_uri
    if root_uri and root_uri != doc["id"]:
        doc["inReplyTo"] = root_uri
    if message.edited_at:
        doc["updated"] = as2.iso(message.edited_at)
    return doc


def activity(kind: str, actor_uri: str, obj, *, to: list[str], audience: str, **extra) -> dict:
    doc = {
        "@context": as2.AS_CONTEXT,
        "id": "",
        "type": kind,
        "actor": actor_uri,
        "object": obj,
        "to": to,
        "audience": audience,
    }
    if isinstance(obj, dict) and obj.get("cc"):
        # As Mastodon does: the activity is addressed as its object (the people it mentions).
        doc["cc"] = list(obj["cc"])
    doc.update(extra)
    return doc


def text_of(obj: dict, limit: int) -> str:
    """The message text: its Markdown or plain `source` when given, else the HTML's text."""
    source = obj.get("source")
    if (
        isinstance(source, dict)
        and isinstance(source.get("content"), str)
        and source.get("mediaType") in (None, "text/markdown", "text/plain")
    ):
        return source["content"][:limit]
    content = obj.get("content")
    if not isinstance(content, str):
        content_map = obj.get("contentMap")
        content = (
            next((v for v in content_map.values() if isinstance(v, str)), "")
            if isinstance(content_map, dict)
            else ""
        )
    text = content[: limit * 4]
    # Paragraphs and line breaks become new lines; every other tag goes, entities are decoded.
    text = re.sub(r"(?i)<br\s*/?>", "\n", text)
    text = re.sub(r"(?i)</p\s*>", "\n\n", text)
    text = html.unescape(nh3.clean(text, tags=set(), strip_comments=True)).replace("\xa0", " ")
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    if not text and isinstance(obj.get("name"), str):
        text = obj["name"]
    return text[:limit]


def title_of(obj: dict, body: str) -> str:
    """A topic title for a message that starts one: its name, else its first words."""
    name = obj.get("name")
    if isinstance(name, str) and name.strip():
        return " ".join(name.split())[:MAX_TITLE]
    words = " ".join(body.split())
    return (words[: MAX_TITLE - 1] + "…") if len(words) > MAX_TITLE else (words or "…")


def emoji_of(document: dict) -> str | None:
    """The emoji of a Like or EmojiReact (Misskey, Pleroma), or None for a plain Like."""
    content = document.get("content") or document.get("_misskey_reaction")
    if isinstance(content, str) and 0 < len(content) <= 8 and not content.startswith(":"):
        return content
    return None
