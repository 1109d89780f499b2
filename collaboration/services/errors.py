"""The refusal every verb raises: a stable code for programs, a message a person can act on."""

from django.utils.translation import gettext_lazy as _


class ChatError(Exception):
    """A refusal a person can act on: a stable `code` for programs, a translated `message`."""

    def __init__(self, code, message):
        super().__init__(str(message))
        self.code = code
        self.message = message


def forbidden():
    """The refusal of an action the person's role or membership does not allow."""
    return ChatError("forbidden", _("You are not allowed to do that in this group."))
