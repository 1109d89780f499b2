"""The e-bulletin's background tasks: a batch of an issue's sending (bulk lane), and the sign-up
e-mail (default lane: a person waits for it). Each takes ids and re-reads its rows."""

import logging

from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from . import tokens
from .content import absolute
from .models import Subscriber

logger = logging.getLogger(__name__)


@task()
def send_bulletin_task(send_id):
    from .sending import run_send

    run_send(send_id)


@task()
def send_signup_email_task(subscriber_id):
    """The answer to a sign-up, in the language asked for: the confirmation link, or (for an
    address already confirmed) the link to its preferences. Blocked addresses get nothing."""
    from django.urls import reverse

    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None or subscriber.state in (
        Subscriber.State.BOUNCED,
        Subscriber.State.COMPLAINED,
    ):
        return
    with translation.override(subscriber.language or None):
        if subscriber.state == Subscriber.State.CONFIRMED:
            link = absolute(
                reverse(
                    "cms:cms_bulletins:preferences",
                    kwargs={"token": tokens.make(subscriber, tokens.PREFERENCES)},
                )
            )
            subject = _("You already receive the LIKE e-bulletin")
            body = _(
                "Someone, we hope you, asked to subscribe this address to the LIKE e-bulletin. "
                "It is already subscribed.\n\nTo choose your lists or your language, or to "
                "unsubscribe:\n%(link)s\n"
            ) % {"link": link}
        else:
            link = absolute(
                reverse(
                    "cms:cms_bulletins:confirm",
                    kwargs={"token": tokens.make(subscriber, tokens.CONFIRM)},
                )
            )
            subject = _("Confirm your subscription to the LIKE e-bulletin")
            body = _(
                "Someone, we hope you, asked to subscribe this address to the LIKE e-bulletin.\n\n"
                "To confirm, open this link:\n%(link)s\n\nIf it was not you, ignore this "
                "e-mail: nothing will be sent to you.\n"
            ) % {"link": link}
        send_mail(subject, body, None, [subscriber.email])
