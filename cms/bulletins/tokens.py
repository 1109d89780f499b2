"""The signed links of the e-bulletin's e-mails: confirm a sign-up, manage one's preferences,
unsubscribe. Each carries the subscriber's id and secret token, signed and timed; a subscriber
whose token was renewed no longer answers to older links."""

from django.core import signing

from .conf import setting

CONFIRM = "cms.bulletins.confirm"
PREFERENCES = "cms.bulletins.preferences"
#: Longest token accepted from a URL (a signed value is about 80 characters).
MAX_LENGTH = 300


class BadLink(Exception):
    """The link is malformed, forged, expired or no longer valid."""


def make(subscriber, purpose):
    return signing.dumps([subscriber.pk, subscriber.token], salt=purpose, compress=False)


def unsign(value, purpose):
    """The (subscriber id, secret token) a link carries, or BadLink; the caller checks the
    token against the subscriber's (`subscriptions.subscriber_from_link`)."""
    if not value or len(value) > MAX_LENGTH:
        raise BadLink
    days = setting("CONFIRM_DAYS") if purpose == CONFIRM else setting("PREFERENCES_DAYS")
    try:
        pk, token = signing.loads(value, salt=purpose, max_age=days * 86400)
        pk = int(pk)
    except (signing.BadSignature, ValueError, TypeError, OverflowError):
        raise BadLink from None
    return pk, str(token)
