"""The subscribers' verbs: sign up (double opt-in), confirm, change preferences, unsubscribe, and
what a bounce or a complaint does to an address. Views and commands call these; tests too."""

import hmac
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from federation.queueing import enqueue_durably

from . import tokens
from .content import absolute
from .models import BLOCKED_STATES, MailingList, Subscriber

logger = logging.getLogger(__name__)


def subscriber_from_link(value, purpose):
    """The subscriber a signed link stands for, or tokens.BadLink (forged, expired, or made
    before the subscriber's token was renewed)."""
    pk, token = tokens.unsign(value, purpose)
    subscriber = Subscriber.objects.filter(pk=pk).first()
    if subscriber is None or not hmac.compare_digest(token, subscriber.token):
        raise tokens.BadLink
    return subscriber


def normalise_email(email):
    return (email or "").strip().lower()


def site_language(language):
    codes = {code for code, _name in settings.LANGUAGES}
    return language if language in codes else settings.LANGUAGE_CODE


@transaction.atomic
def subscribe(email, language, lists):
    """Someone asks to receive `lists` in `language`. Whatever the address's state, the answer
    (and so the page) is the same: an e-mail goes to the address, with a confirmation link if it
    is not confirmed yet, else with its preferences link. Nothing a confirmed subscriber chose
    changes without a click from their mailbox."""
    email = normalise_email(email)
    language = site_language(language)
    lists = [item for item in lists if isinstance(item, MailingList)]
    subscriber = Subscriber.objects.select_for_update().filter(email=email).first()
    if subscriber is None:
        subscriber = Subscriber.objects.create(email=email, language=language)
        subscriber.lists.set(lists)
    elif subscriber.state != Subscriber.State.CONFIRMED:
        subscriber.language = language
        fields = ["language"]
        if subscriber.state == Subscriber.State.UNSUBSCRIBED:
            # Asking again starts a new opt-in; links of the old one stay void until then.
            subscriber.state = Subscriber.State.PENDING
            fields.append("state")
        subscriber.save(update_fields=fields)
        subscriber.lists.set(lists)
    enqueue_durably(send_signup_email_task, subscriber.pk)
    return subscriber


@transaction.atomic
def confirm(subscriber):
    """The address owner followed the confirmation link: they receive the lists from now on.
    Only a pending sign-up is confirmed: a second click changes nothing, and an old link does
    not bring back an address that unsubscribed since. Returns True when this click confirmed."""
    updated = Subscriber.objects.filter(pk=subscriber.pk, state=Subscriber.State.PENDING).update(
        state=Subscriber.State.CONFIRMED, confirmed_at=timezone.now()
    )
    subscriber.refresh_from_db()
    return bool(updated)


@transaction.atomic
def update_preferences(subscriber, *, language, lists):
    """Which lists, which language; from the link of an e-mail, so the address is proven and an
    unsubscribed reader who picks lists again is subscribed again."""
    subscriber.language = site_language(language) if language else ""
    fields = ["language"]
    if lists and subscriber.state in (Subscriber.State.UNSUBSCRIBED, Subscriber.State.PENDING):
        subscriber.state = Subscriber.State.CONFIRMED
        subscriber.confirmed_at = timezone.now()
        fields += ["state", "confirmed_at"]
    subscriber.save(update_fields=fields)
    subscriber.lists.set(lists)
    return subscriber


@transaction.atomic
def unsubscribe(subscriber):
    """Never send this address the bulletin again (until it subscribes anew). Idempotent."""
    Subscriber.objects.filter(pk=subscriber.pk).exclude(state__in=BLOCKED_STATES).update(
        state=Subscriber.State.UNSUBSCRIBED, unsubscribed_at=timezone.now()
    )
    subscriber.refresh_from_db()
    return subscriber


BOUNCE_KINDS = ("hard", "soft", "complaint")


@transaction.atomic
def record_bounce(email, kind="hard"):
    """What the mail system told us about an address: a "hard" bounce (the mailbox does not
    exist) or a "complaint" (marked as spam) stops every future e-mail to it, members' addresses
    included; a "soft" bounce (mailbox full) is only logged. The hook for bounce handling: the
    `bulletin_bounces` command calls it for a mailbox, a provider's webhook (django-anymail's
    `tracking` signal) would call it with the event's recipient. Returns the subscriber, or None
    when nothing changed."""
    email = normalise_email(email)
    if kind not in BOUNCE_KINDS:
        raise ValueError(f"unknown bounce kind {kind!r}")
    if not email or kind == "soft":
        logger.info("soft bounce for a bulletin recipient")
        return None
    state = Subscriber.State.COMPLAINED if kind == "complaint" else Subscriber.State.BOUNCED
    subscriber, _created = Subscriber.objects.get_or_create(
        email=email, defaults={"state": state, "origin": Subscriber.Origin.ADMIN}
    )
    Subscriber.objects.filter(pk=subscriber.pk).update(state=state, bounced_at=timezone.now())
    subscriber.refresh_from_db()
    return subscriber


@task()
def send_signup_email_task(subscriber_id):
    """The answer to a sign-up, in the language asked for: the confirmation link, or (for an
    address already confirmed) the link to its preferences. Blocked addresses get nothing."""
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
