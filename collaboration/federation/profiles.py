"""What other sites see of a member (their `Person` actor), and the member's say over it."""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils.html import escape
from django.utils.module_loading import import_string

from federation import activitystreams as as2
from federation.actors import actor_values
from federation.delivery import follower_inboxes, send
from federation.models import Actor

from ..conf import setting
from ..models import Membership
from ..services import display_name
from .models import PERSON_KIND, HostedGroup, PublicProfile, RemoteGroup

logger = logging.getLogger(__name__)

ABOUT_LENGTH = PublicProfile._meta.get_field("about").max_length


def _site_fields(user) -> dict:
    """What the site knows of the person (COLLABORATION_PUBLIC_PROFILE): organisation, icon."""
    path = setting("PUBLIC_PROFILE")
    if not path:
        return {}
    try:
        return dict(import_string(path)(user) or {})
    except ImportError:
        raise
    except Exception:  # noqa: BLE001 - a profile must never keep a message from its author
        logger.exception("COLLABORATION_PUBLIC_PROFILE failed for user %s", user.pk)
        return {}


def public_profile(user) -> dict:
    """Exactly what the person's actor document shows: name, organisation (unless they hide
    it), a few words, an icon. Never the e-mail address."""
    choice = PublicProfile.objects.filter(user_id=user.pk).first()
    site = _site_fields(user)
    show_organisation = choice is None or choice.show_organisation
    return {
        "name": display_name(user),
        "organisation": str(site.get("organisation") or "") if show_organisation else "",
        "organisation_known": bool(site.get("organisation")),
        "show_organisation": show_organisation,
        "about": choice.about if choice else "",
        "icon_url": site.get("icon_url") or None,
    }


def summary_html(profile: dict) -> str:
    parts = [profile["organisation"], profile["about"]]
    return "".join(f"<p>{escape(part)}</p>" for part in parts if part)


def icon_of(profile: dict) -> as2.Image | None:
    url = profile.get("icon_url")
    if not url:
        return None
    kind = "image/png" if url.lower().endswith(".png") else "image/jpeg"
    return as2.Image(url=url, media_type=kind)


def person_document(actor: Actor, user) -> dict:
    """The member's `Person` actor: their public profile; found through their groups, not by
    search engines or directories (not discoverable)."""
    profile = public_profile(user) if user is not None else None
    return as2.build_actor(
        actor_values(
            actor,
            type="Person",
            name=profile["name"] if profile else "",
            summary=summary_html(profile) if profile else "",
            icon=icon_of(profile) if profile else None,
            discoverable=False,
        )
    )


def _inboxes_that_know(user, actor: Actor) -> list[str]:
    """The servers that show this person: the groups of other sites they are in, and the
    member servers of our groups they are in."""
    active = Membership.objects.filter(user=user, state=Membership.State.ACTIVE)
    group_ids = active.values_list("group_id", flat=True)
    inboxes = []
    for remote in RemoteGroup.objects.filter(group_id__in=group_ids).select_related("actor"):
        inbox = remote.actor.shared_inbox or remote.actor.inbox
        if inbox:
            inboxes.append(inbox)
    for hosted in HostedGroup.objects.filter(group_id__in=group_ids).select_related("actor"):
        inboxes.extend(follower_inboxes(hosted.actor))
    return list(dict.fromkeys(inboxes))


def update_public_profile(user, *, show_organisation: bool, about: str) -> PublicProfile:
    """The member changes what other sites see; the sites of their groups get an `Update` of
    their actor (queued in the same transaction). Someone who never took part across sites
    has no actor yet: nothing is sent."""
    with transaction.atomic():
        choice, _created = PublicProfile.objects.update_or_create(
            user=user,
            defaults={"show_organisation": bool(show_organisation), "about": about[:ABOUT_LENGTH]},
        )
        actor = Actor.objects.filter(kind=PERSON_KIND, object_key=str(user.pk)).first()
        if actor is not None:
            inboxes = _inboxes_that_know(user, actor)
            if inboxes:
                document = person_document(actor, user)
                document.pop("@context", None)
                update = as2.activity(
                    "Update", id="", actor=actor.uri, object=document, to=[as2.PUBLIC]
                )
                send(actor, update, public=False, inboxes=inboxes)
    return choice
