"""Mentions across sites: the `Mention` tags of the notes we send, and the mentions of our own
people that the tags of the notes we receive record (as Mastodon and Lemmy tag them).

A note names a person by their actor's id in a `Mention` tag (`{"type": "Mention", "href":
<actor>, "name": "@name@host"}`), and has them in `cc`. What arrives is read without a network
call: only a tag whose `href` is one of our `Person` actors counts, and only for an active member
of the group; everything else (other sites' people, unknown ids, malformed tags) is ignored.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from federation.conf import site_url
from federation.models import Actor

from .. import formatting, services
from ..models import Membership
from . import objects
from .actors import person_actor
from .models import PERSON_KIND, Participant

#: Tags read from one note: a note naming more people than this is not a conversation.
MAX_TAGS = 100
MAX_HREF = 2048


def _host() -> str:
    return urlsplit(site_url()).netloc


def _active_members(group, user_ids) -> set[int]:
    return set(
        Membership.objects.filter(
            group=group,
            state=Membership.State.ACTIVE,
            user_id__in=user_ids,
            user__is_active=True,
        ).values_list("user_id", flat=True)
    )


def tags_for(message) -> list[dict]:
    """The `Mention` tags of a message written here: the members it names by @name (people of
    this site) or by @name@host (people of other sites, as their accounts here are named)."""
    names = formatting.mentioned_names(message.body) - {"all"}
    if not names:
        return []
    members = (
        Membership.objects.filter(
            group=message.group, state=Membership.State.ACTIVE, user__username__in=names
        )
        .exclude(user_id=message.author_id)
        .select_related("user")
        .order_by("user__username")
    )
    users = [m.user for m in members[:MAX_TAGS]]
    remote = {
        p.user_id: p.actor
        for p in Participant.objects.filter(user__in=users).select_related("actor")
    }
    tags = []
    for user in users:
        actor = remote.get(user.pk)
        if actor is not None:
            handle = f"@{actor.username}@{actor.domain}" if actor.username else f"@{user.username}"
            tags.append({"type": "Mention", "href": actor.uri, "name": handle})
        else:
            local = person_actor(user)
            tags.append(
                {"type": "Mention", "href": local.uri, "name": f"@{local.username}@{_host()}"}
            )
    return tags


def tag_note(note: dict, message) -> dict:
    """Add the message's `Mention` tags to its Note, and the people it names to its `cc`."""
    tags = tags_for(message)
    if tags:
        note["tag"] = tags
        cc = list(note.get("cc") or [])
        note["cc"] = cc + [t["href"] for t in tags if t["href"] not in cc]
    return note


def _mention_hrefs(obj) -> set[str]:
    """The `href`s of the first MAX_TAGS `Mention` tags of a received object, ours only."""
    tags = obj.get("tag") if isinstance(obj, dict) else None
    if isinstance(tags, dict):
        tags = [tags]
    if not isinstance(tags, list):
        return set()
    prefix = f"{site_url()}/ap/actors/"
    found = set()
    for tag in tags[:MAX_TAGS]:
        if not isinstance(tag, dict) or "Mention" not in objects.types_of(tag):
            continue
        href = tag.get("href")
        if isinstance(href, str) and len(href) <= MAX_HREF and href.startswith(prefix):
            found.add(href)
    return found


def mentioned_here(obj) -> set[int]:
    """The ids of the people of this site a received object's `Mention` tags name."""
    prefix = f"{site_url()}/ap/actors/"
    usernames = set()
    for href in _mention_hrefs(obj):
        username = href[len(prefix) :].split("#")[0].split("?")[0].rstrip("/")
        if 0 < len(username) <= 100:
            usernames.add(username)
    if not usernames:
        return set()
    keys = Actor.objects.filter(kind=PERSON_KIND, username__in=usernames).values_list(
        "object_key", flat=True
    )
    ids = {int(key) for key in keys if key.isdigit() and len(key) < 19}
    # Accounts standing for other sites' people are told on their own site, not here.
    return ids - set(Participant.objects.filter(user_id__in=ids).values_list("user_id", flat=True))


def notify_mentioned(message, obj) -> set[int]:
    """Record the mentions of our people that a received note's tags make (members of the
    message's group only, never its author); returns who was newly mentioned. Idempotent: the
    same note received twice (the author's Create and the group's Announce) mentions once."""
    if message is None or message.is_deleted:
        return set()
    ids = mentioned_here(obj)
    ids.discard(message.author_id)
    ids = _active_members(message.group, ids) if ids else set()
    if not ids:
        return set()
    return services.add_mentions(message, ids)
