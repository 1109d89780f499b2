"""The members' area: accounts, applications to join, direct contact, co-signing statements and
practice submissions.

The verbs are re-exported here (`from cms.members import invite_member`): views, the admin, the
demo and tests call them. Views, forms, URLs and admin hooks live in their own modules and are
not imported here, so that importing a verb loads no view.
"""

from cms.members.services import (
    APPLICATION_RATE_LIMIT,
    APPLICATION_RATE_WINDOW,
    CONTACT_RATE_LIMIT,
    CONTACT_RATE_WINDOW,
    RateLimited,
    approve_application,
    confirm_cosign,
    decline_application,
    decline_cosign,
    default_size_unit,
    free_name,
    invite_member,
    link_member_account,
    request_cosign,
    send_contact_message,
    submit_application,
    submit_practice,
)
from cms.members.tasks import invitation_link

__all__ = [
    "APPLICATION_RATE_LIMIT",
    "APPLICATION_RATE_WINDOW",
    "CONTACT_RATE_LIMIT",
    "CONTACT_RATE_WINDOW",
    "RateLimited",
    "approve_application",
    "confirm_cosign",
    "decline_application",
    "decline_cosign",
    "default_size_unit",
    "free_name",
    "invitation_link",
    "invite_member",
    "link_member_account",
    "request_cosign",
    "send_contact_message",
    "submit_application",
    "submit_practice",
]
