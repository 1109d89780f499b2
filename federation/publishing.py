"""Publishing pages: a translation group becomes one object; Create, Update, Delete and the
network's Announce are recorded and delivered. Called from tasks, never from a request."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django_tasks import task
from wagtail.models import Page, Site

from . import activitystreams as as2
from .actors import actor_for_page, image_value, network_actor, page_url
from .conf import site_url
from .delivery import send
from .i18n import source_first
from .mixins import FederatedMixin
from .models import FederatedObject


def _group(translation_key):
    return Page.objects.filter(translation_key=translation_key)


def _live_translations(translation_key) -> list:
    """The live pages of a group, the site's source language first."""
    pages = source_first(list(_group(translation_key).live().specific().select_related("locale")))
    return [p for p in pages if isinstance(p, FederatedMixin)]


def _event_values(data: dict | None) -> as2.EventData | None:
    if not data or not data.get("start"):
        return None
    location = data.get("location") or {}
    return as2.EventData(
        start=data["start"],
        end=data.get("end"),
        timezone=data.get("timezone"),
        location_name=str(location.get("name") or ""),
        street=str(location.get("street") or ""),
        postal_code=str(location.get("postal_code") or ""),
        city=str(location.get("city") or ""),
        country=str(location.get("country") or ""),
        online_url=data.get("online_url"),
        participation=dict(data.get("participation") or {}),
    )


def object_values(fobj: FederatedObject, pages: list) -> as2.ObjectValues:
    source = pages[0]
    translations = [
        as2.Translation(
            language=page.locale.language_code,
            name=page.title,
            url=page_url(page) or site_url() + "/",
            summary=page.federation_summary() or "",
            content=page.federation_content_html() or "",
        )
        for page in pages
    ]
    first_published = min(
        (p.first_published_at for p in pages if p.first_published_at), default=fobj.published_at
    )
    last = max((p.last_published_at for p in pages if p.last_published_at), default=None)
    return as2.ObjectValues(
        id=fobj.uri,
        type=source.federation_object_type,
        actor=fobj.actor.uri,
        followers=fobj.actor.followers_url,
        translations=translations,
        published=first_published,
        updated=last,
        image=image_value(source.federation_image(), "max-1200x1200"),
        tags=list(source.federation_tags()),
        tag_url=f"{site_url()}/tags/",
        event=_event_values(source.federation_event_data()),
    )


def publish_group(page_id: int) -> FederatedObject | None:
    """(Re)publish the group of a page: Create the first time, Update afterwards."""
    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        return None
    # A worker lives long: a site root translated since it started must count for page URLs.
    Site.clear_site_root_paths_cache()
    pages = _live_translations(page.translation_key)
    if not pages:
        return None
    with transaction.atomic():
        actor = actor_for_page(pages[0])
        fobj = (
            FederatedObject.objects.select_for_update()
            .filter(translation_key=page.translation_key)
            .first()
        )
        now = timezone.now()
        created = fobj is None or fobj.state == FederatedObject.DELETED
        if fobj is None:
            fobj = FederatedObject(translation_key=page.translation_key, actor=actor)
        fobj.actor = actor
        fobj.page = pages[0]
        fobj.object_type = pages[0].federation_object_type
        fobj.state = FederatedObject.PUBLISHED
        fobj.deleted_at = None
        if created:
            fobj.published_at = now
        fobj.updated_at = now
        fobj.save()
        document = as2.build_object(object_values(fobj, pages))
        if document == fobj.document and not created:
            return fobj  # nothing a follower would see has changed
        fobj.document = document
        fobj.save(update_fields=["document"])
        kind = "Create" if created else "Update"
        wrapper = as2.activity(
            kind,
            id="",
            actor=actor.uri,
            object=document,
            to=[as2.PUBLIC],
            cc=[actor.followers_url],
            published=now,
        )
        send(actor, wrapper, obj=fobj)
        if created and not actor.is_network:
            announce(fobj, activity_published=now)
    return fobj


def announce(fobj: FederatedObject, activity_published: dt.datetime | None = None):
    """The network shares what a member published, so following the network is enough."""
    network = network_actor()
    if fobj.actor_id == network.pk:
        return None
    wrapper = as2.activity(
        "Announce",
        id="",
        actor=network.uri,
        object=fobj.uri,
        to=[as2.PUBLIC],
        cc=[network.followers_url, fobj.actor.uri],
        published=activity_published or timezone.now(),
    )
    fobj.announced = True
    fobj.save(update_fields=["announced"])
    return send(network, wrapper, obj=fobj)


def retract_group(translation_key) -> FederatedObject | None:
    """The group has no live page left: Delete with a Tombstone; the object URL answers 410."""
    if _group(translation_key).live().exists():
        return None
    with transaction.atomic():
        fobj = (
            FederatedObject.objects.select_for_update()
            .filter(translation_key=translation_key, state=FederatedObject.PUBLISHED)
            .select_related("actor")
            .first()
        )
        if fobj is None:
            return None
        now = timezone.now()
        fobj.state = FederatedObject.DELETED
        fobj.deleted_at = now
        fobj.save(update_fields=["state", "deleted_at"])
        actor = fobj.actor
        wrapper = as2.activity(
            "Delete",
            id="",
            actor=actor.uri,
            object=as2.tombstone(fobj.uri, now),
            to=[as2.PUBLIC],
            cc=[actor.followers_url],
            published=now,
        )
        send(actor, wrapper, obj=fobj)
        if fobj.announced:
            network = network_actor()
            announced = fobj.activities.filter(actor=network, activity_type="Announce").first()
            undone = {"type": "Announce", "actor": network.uri, "object": fobj.uri}
            if announced is not None:
                undone["id"] = announced.uri
            undo = as2.activity(
                "Undo",
                id="",
                actor=network.uri,
                object=undone,
                to=[as2.PUBLIC],
                cc=[network.followers_url],
            )
            send(network, undo, obj=fobj)
    return fobj


def republish_group(translation_key) -> FederatedObject | None:
    """Refresh a published object after one of its translations was unpublished or deleted."""
    if not FederatedObject.objects.filter(
        translation_key=translation_key, state=FederatedObject.PUBLISHED
    ).exists():
        return None
    page = _group(translation_key).live().first()
    return publish_group(page.pk) if page else None


# -- tasks: what the page signal receivers queue ------------------------------------------------


@task()
def publish_page(page_id: int) -> str | None:
    fobj = publish_group(page_id)
    return str(fobj.uuid) if fobj else None


@task()
def retract_page(translation_key: str) -> str | None:
    fobj = retract_group(translation_key)
    return str(fobj.uuid) if fobj else None


@task()
def publish_page_of_group(translation_key: str) -> str | None:
    """After one translation went away: Update the object if other languages are still live."""
    fobj = republish_group(translation_key)
    return str(fobj.uuid) if fobj else None
