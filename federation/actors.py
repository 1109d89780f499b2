"""Local actors: the network's own actor and one per page that is an actor (organisation, project)."""

from __future__ import annotations

import re

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django_tasks import task
from wagtail.models import Page

from . import activitystreams as as2
from . import registry
from .conf import setting, site_url
from .i18n import source_page
from .mixins import FederatedActorMixin, FederatedMixin
from .models import Actor

USERNAME_MAX = 60


def clean_username(wish: str) -> str:
    base = slugify(wish or "").replace("-", "_")
    base = re.sub(r"[^a-z0-9_]", "", base)[:USERNAME_MAX].strip("_")
    return base or "actor"


def unique_username(wish: str, exclude_pk=None) -> str:
    base = clean_username(wish)
    reserved = {setting("NETWORK_ACTOR")}
    candidate, n = base, 1
    qs = Actor.objects.all()
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    while candidate in reserved or qs.filter(username=candidate).exists():
        n += 1
        suffix = f"_{n}"
        candidate = base[: USERNAME_MAX - len(suffix)] + suffix
    return candidate


def ensure_network_actor(name: str | None = None, summary: str | None = None) -> Actor:
    """The site's own actor (@like@host in the demo), made once with its keys; idempotent."""
    username = setting("NETWORK_ACTOR")
    defaults = {
        "actor_type": setting("NETWORK_ACTOR_TYPE"),
        "name": name
        or setting("NETWORK_ACTOR_NAME")
        or getattr(settings, "WAGTAIL_SITE_NAME", "")
        or username,
        "summary": summary if summary is not None else setting("NETWORK_ACTOR_SUMMARY"),
        "is_network": True,
    }
    try:
        with transaction.atomic():
            actor, created = Actor.objects.get_or_create(username=username, defaults=defaults)
    except IntegrityError:
        actor, created = Actor.objects.get(username=username), False
    if not created:
        changed = False
        for field, value in (("name", name), ("summary", summary)):
            if value is not None and getattr(actor, field) != value:
                setattr(actor, field, value)
                changed = True
        if not actor.is_network:
            actor.is_network, changed = True, True
        if changed:
            actor.save()
    return actor


def network_actor() -> Actor:
    actor = Actor.objects.filter(is_network=True).first()
    return actor or ensure_network_actor()


def ensure_page_actor(page) -> Actor:
    """The actor of a page that is an actor, one per translation group; made on first publish."""
    source = source_page(page)
    actor = Actor.objects.filter(translation_key=page.translation_key).first()
    specific = source.specific
    if actor is None:
        wish = specific.federation_actor_preferred_username()
        for _attempt in range(3):
            try:
                with transaction.atomic():
                    actor = Actor.objects.create(
                        username=unique_username(wish),
                        actor_type=specific.federation_actor_type,
                        name=specific.title,
                        page=source,
                        translation_key=page.translation_key,
                    )
                break
            except IntegrityError:
                actor = Actor.objects.filter(translation_key=page.translation_key).first()
                if actor:
                    break
    changed = False
    if actor.page_id != source.pk:
        actor.page, changed = source, True
    if actor.name != specific.title:
        actor.name, changed = specific.title, True
    if changed:
        actor.save(update_fields=["page", "name"])
    return actor


@task()
def ensure_actor_for_page(page_id: int) -> str | None:
    """After an actor page is published: its actor exists, named after its source page."""
    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        return None
    return ensure_page_actor(page).username


def actor_for_page(page) -> Actor:
    """Who publishes a page: the owner named by the page (an organisation, a project), else the
    network."""
    specific = page.specific
    owner = specific.federation_actor_owner() if isinstance(specific, FederatedMixin) else None
    if owner is not None and isinstance(owner, FederatedActorMixin) and owner.live:
        return ensure_page_actor(owner)
    return network_actor()


def profile_url(actor: Actor) -> str | None:
    """The HTML page of an actor: its page, its app's profile page, or the site for the network."""
    kind = registry.actor_kind(actor.kind)
    if kind is not None:
        return kind.profile_url(actor)
    if actor.page_id and actor.page.live:
        return page_url(actor.page)
    return site_url() + "/" if actor.is_network else None


def new_actor(kind: str, object_key: str, wish: str, actor_type: str, name: str = "") -> Actor:
    """The actor an app's kind provides for one thing (a group, a person), made once; idempotent
    under concurrent callers."""
    existing = Actor.objects.filter(kind=kind, object_key=object_key).first()
    if existing is not None:
        return existing
    for _attempt in range(3):
        try:
            with transaction.atomic():
                return Actor.objects.create(
                    username=unique_username(wish),
                    actor_type=actor_type,
                    name=name,
                    kind=kind,
                    object_key=object_key,
                )
        except IntegrityError:
            existing = Actor.objects.filter(kind=kind, object_key=object_key).first()
            if existing is not None:
                return existing
    raise IntegrityError(f"could not make an actor for {kind} {object_key}")


def page_url(page) -> str | None:
    parts = page.get_url_parts()
    if not parts:
        return None
    return site_url() + parts[2]


def image_value(image, spec: str = "fill-400x400") -> as2.Image | None:
    if image is None:
        return None
    try:
        rendition = image.get_rendition(spec)
    except Exception:  # a missing file must not stop federation
        return None
    url = rendition.url
    if url.startswith("/"):
        url = site_url() + url
    name = getattr(rendition, "file", None)
    media_type = "image/png" if str(name).lower().endswith(".png") else "image/jpeg"
    return as2.Image(url=url, media_type=media_type, name=getattr(image, "title", ""))


def actor_document(actor: Actor) -> dict:
    kind = registry.actor_kind(actor.kind)
    if kind is not None:
        return kind.document(actor)
    name, summary, url, icon = actor.name or actor.username, actor.summary, None, None
    name_map, summary_map = {}, {}
    page = actor.page
    if page is not None:
        for translation in page.get_translations(inclusive=True).live().specific():
            lang = translation.locale.language_code
            name_map[lang] = translation.title
            if isinstance(translation, FederatedActorMixin):
                text = translation.federation_actor_summary()
                if text:
                    summary_map[lang] = text
        specific = page.specific
        name = specific.title
        if isinstance(specific, FederatedActorMixin):
            summary = specific.federation_actor_summary() or summary
            icon = image_value(specific.federation_actor_icon())
        url = page_url(page) if page.live else None
    elif actor.is_network:
        url = site_url() + "/"
    document = as2.build_actor(
        actor_values(
            actor,
            name=name,
            summary=summary,
            name_map=name_map,
            summary_map=summary_map,
            url=url,
            icon=icon,
            image=icon,
        )
    )
    # What other apps link from the site's actors (a working groups app: its groups).
    extra = registry.actor_properties(actor)
    return {**document, **{k: v for k, v in extra.items() if k not in document}}


def actor_values(actor: Actor, **fields) -> as2.ActorValues:
    """The values of one of our actors' documents: its ids, endpoints and key, and `fields`
    (name, summary, url ...) as the caller describes it."""
    fields.setdefault("type", actor.actor_type)
    fields.setdefault("name", actor.name or actor.username)
    return as2.ActorValues(
        id=actor.uri,
        username=actor.username,
        public_key_pem=actor.public_key_pem,
        inbox=actor.inbox_url,
        outbox=actor.outbox_url,
        followers=actor.followers_url,
        following=actor.following_url,
        shared_inbox=f"{site_url()}/ap/inbox",
        published=actor.created_at,
        **fields,
    )
