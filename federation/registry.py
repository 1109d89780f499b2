"""Extension points for other apps: kinds of local actors, and inbox handlers that see an
activity before the federation app's own handlers.

The federation app never imports the apps that register here (a working group app, an events
app): they register in their `AppConfig.ready()`.

- An **actor kind** (`ActorKind`) describes local actors that are not pages: how to build the
  actor's document, its profile page, who may read it, and how to find one by its username the
  first time someone asks (WebFinger) before its row exists.
- An **actor properties** provider adds properties to the documents of the federation app's
  own actors (the network and the page actors), e.g. a link to a collection the app serves;
  its terms must be in `activitystreams.CONTEXT`.
- An **inbox handler** is called with `(document, remote, inbox_actor)` for the activity types it
  registered, after the signature and origin checks and the deduplication, inside the same
  transaction. It returns what it did (a short text the sender sees), or None when the activity
  is not its business, and the next handler (finally the federation app's own) is asked.
"""

from __future__ import annotations

from collections.abc import Callable

_ACTOR_KINDS: dict[str, ActorKind] = {}
_INBOX_HANDLERS: dict[str, list[Callable]] = {}
_ACTOR_PROPERTIES: list[Callable] = []


class ActorKind:
    """What an app provides for one kind of local actor. Subclass and register an instance."""

    #: The value stored in `Actor.kind`, e.g. "collaboration.group".
    kind: str = ""

    def document(self, actor) -> dict:
        """The actor's ActivityStreams document (with its @context)."""
        raise NotImplementedError

    def profile_url(self, actor) -> str | None:
        """The HTML page a browser asking for the actor is sent to, or None."""
        return None

    def find(self, username: str):
        """The `Actor` named `username` of this kind, made now if the thing exists but its actor
        does not yet; None otherwise. Called only for usernames that have no actor row."""
        return None

    def readable_by(self, actor, signer) -> bool:
        """Whether the actor's collections may be read by `signer` (a RemoteActor who signed the
        request, or None for an unsigned request)."""
        return True


def register_actor_kind(provider: ActorKind) -> None:
    if not provider.kind:
        raise ValueError("an actor kind needs a name")
    _ACTOR_KINDS[provider.kind] = provider


def actor_kind(kind: str) -> ActorKind | None:
    return _ACTOR_KINDS.get(kind) if kind else None


def actor_kinds() -> list[ActorKind]:
    return list(_ACTOR_KINDS.values())


def register_actor_properties(provider: Callable) -> None:
    """Add `provider(actor) -> dict` to the documents of the network and page actors."""
    if provider not in _ACTOR_PROPERTIES:
        _ACTOR_PROPERTIES.append(provider)


def actor_properties(actor) -> dict:
    """What the registered providers add to the document of one of the app's own actors."""
    extra = {}
    for provider in _ACTOR_PROPERTIES:
        extra.update(provider(actor) or {})
    return extra


def register_inbox_handler(activity_types, handler: Callable) -> None:
    """Call `handler(document, remote, inbox_actor)` for activities of these types first."""
    if isinstance(activity_types, str):
        activity_types = [activity_types]
    for activity_type in activity_types:
        handlers = _INBOX_HANDLERS.setdefault(activity_type, [])
        if handler not in handlers:
            handlers.append(handler)


def inbox_handlers(activity_type: str) -> list[Callable]:
    return list(_INBOX_HANDLERS.get(activity_type, ()))
