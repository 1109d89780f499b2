"""Signals the verbs send inside their transaction, before they broadcast: what another app (the
federated working groups of `collaboration.federation`) hooks on to write its own outbox in the
same transaction. Receivers may change the message's `pending` flag; they must not reach the
network (queue a task instead)."""

from django.dispatch import Signal

#: A message was stored: `message`, `user` (its author).
message_posted = Signal()
#: A message's text changed: `message`, `user` (who edited it).
message_edited = Signal()
#: A message was deleted: `message` (its text already gone), `user` (who deleted it, or None
#: when the group's home site did).
message_deleted = Signal()
#: A reaction was added or removed: `message`, `user`, `emoji`, `added`.
reaction_changed = Signal()
#: Someone's place in a group changed: `group` (the discussion row), `user_id`, `membership`
#: (the row as it is now, or None when it was removed), `by` (who made the change, or None).
membership_changed = Signal()
#: A person is about to be erased (`services.erase_participant`), inside its transaction and
#: before anything of theirs is removed: `user`. What another app writes here commits or rolls
#: back with the erasure (the federated groups' `Delete` of the person's actor).
participant_erasing = Signal()
