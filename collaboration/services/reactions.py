"""Emoji reactions on messages."""

import unicodedata

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import permissions, signals
from ..models import Message, Reaction
from .errors import ChatError, forbidden
from .layer import broadcast
from .messages import load_message
from .serialise import message_queryset, serialize_message


def _clean_emoji(emoji):
    ok = (
        isinstance(emoji, str)
        and 0 < len(emoji) <= 8
        and all(ord(c) > 0x2000 and unicodedata.category(c)[0] in {"S", "M", "C"} for c in emoji)
    )
    if not ok:
        raise ChatError("invalid_emoji", _("A reaction is a single emoji."))
    return emoji


def react(user, message_id, emoji, group=None, add=True):
    """Add (or with add=False remove) the person's emoji on a message."""
    message = load_message(message_id, group)
    if message.is_deleted or not permissions.can_post(user, message.group):
        raise forbidden()
    emoji = _clean_emoji(emoji)
    with transaction.atomic():
        if add:
            changed = Reaction.objects.get_or_create(message=message, user=user, emoji=emoji)[1]
        else:
            changed = Reaction.objects.filter(message=message, user=user, emoji=emoji).delete()[0]
        if changed:
            # A removal leaves no row behind: the stamp is how a reconnecting client learns of it.
            Message.objects.filter(pk=message.pk).update(changed_at=timezone.now())
        message = message_queryset().get(pk=message.pk)
        if changed:
            signals.reaction_changed.send(
                sender=Message, message=message, user=user, emoji=emoji, added=add
            )
        broadcast(message.group_id, {"type": "update", "message": serialize_message(message)})
    return message


def unreact(user, message_id, emoji, group=None):
    """Remove the person's emoji from a message."""
    return react(user, message_id, emoji, group=group, add=False)
