"""People of other sites as accounts here: made from what their activities say, without a
network call, and completed later from their actor documents."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

from federation.models import RemoteActor
from federation.sanitize import clean_text

from .models import Participant


def _handle(actor: RemoteActor) -> str:
    name = actor.username or urlsplit(actor.uri).path.rstrip("/").rsplit("/", 1)[-1] or "someone"
    return f"{name}@{actor.domain}"[:150]


def remote_actor_for(uri: str) -> RemoteActor:
    """The remote actor with this id: as already known, or a placeholder (host and name from the
    URI) that the periodic refresh completes from its document."""
    actor = RemoteActor.objects.filter(uri=uri).first()
    if actor is not None:
        return actor
    parts = urlsplit(uri)
    try:
        with transaction.atomic():
            return RemoteActor.objects.create(
                uri=uri,
                domain=(parts.hostname or "").lower() + (f":{parts.port}" if parts.port else ""),
                username=parts.path.rstrip("/").rsplit("/", 1)[-1][:255],
            )
    except IntegrityError:
        return RemoteActor.objects.get(uri=uri)


def participant_user(actor: RemoteActor):
    """The account standing for a remote person here (made once; it cannot sign in)."""
    existing = Participant.objects.filter(actor=actor).select_related("user").first()
    if existing is not None:
        _refresh_name(existing.user, actor)
        return existing.user
    User = get_user_model()
    base = _handle(actor)
    candidate, n = base, 1
    while User.objects.filter(username=candidate).exists():
        n += 1
        candidate = f"{base[:140]}~{n}"
    with transaction.atomic():
        user = User(username=candidate, first_name=clean_text(actor.name or "", 150))
        user.set_unusable_password()
        user.save()
        Participant.objects.create(user=user, actor=actor)
    return user


def _refresh_name(user, actor: RemoteActor) -> None:
    name = clean_text(actor.name or "", 150)
    if name and user.first_name != name:
        user.first_name = name
        user.save(update_fields=["first_name"])


def participant_of(user) -> Participant | None:
    """The remote person an account stands for, or None for people of this site."""
    if user is None or not getattr(user, "pk", None):
        return None
    return Participant.objects.filter(user_id=user.pk).select_related("actor").first()
