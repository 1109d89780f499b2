"""The signed links of the e-bulletin's e-mails: confirm a sign-up, manage one's preferences,
unsubscribe. Each carries the subscriber's id and secret token, signed and timed; a subscriber
whose token was renewed no longer answers to older links."""

import hmac

from django.core import signing

from .conf import setting
from .models import Subscriber

CONFIRM = "cms.bulletins.confirm"
PREFERENCES = "cms.bulletins.preferences"
#: Longest token accepted from a URL (a signed value is about 80 characters).
MAX_LENGTH = 300


class BadLink(Exception):
    """The link is malformed, forged, expired or no longer valid."""


def make(subscriber, purpose):
    return signing.dumps([subscriber.pk, subscriber.token], salt=purpose, compress=False)


def read(value, purpose):
    """The subscriber a link stands for, or BadLink."""
    if not value or len(value) > MAX_LENGTH:
        raise BadLink
    days = setting("CONFIRM_DAYS") if purpose == CONFIRM else setting("PREFERENCES_DAYS")
    try:
        pk, token = signing.loads(value, salt=purpose, max_age=days * 86400)
        pk = int(pk)
    except (signing.BadSignature, ValueError, TypeError, OverflowError):
        raise BadLink from None
    subscriber = Subscriber.objects.filter(pk=pk).first()
    if subscriber is None or not hmac.compare_digest(str(token), subscriber.token):
        raise BadLink
    return subscriber
