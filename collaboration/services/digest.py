"""The daily e-mail of unread mentions, and whether a person wants it."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from ..conf import setting
from ..models import Mention, NotificationPreference
from .reading import mentions_for


def _mentions_url():
    """The absolute address of the mentions page, for e-mails (sent outside any request)."""
    origin = setting("SITE_URL") or getattr(settings, "SITE_URL", "")
    with translation.override(settings.LANGUAGE_CODE):
        return origin.rstrip("/") + reverse("collaboration:mentions")


def send_mention_digest(user):
    """E-mail the person their unread mentions not yet sent; returns how many were sent.

    The mentions are claimed (stamped) before the e-mail goes: a second digest of the same
    person running at the same time (the command queued twice) finds none left to send.
    """
    pref = NotificationPreference.objects.filter(user=user, mention_digest=True).first()
    if pref is None or not user.email:
        return 0
    pending = mentions_for(user, unread_only=True).filter(emailed_at__isnull=True)
    ids = list(pending.values_list("pk", flat=True)[:100])
    if not ids:
        return 0
    stamp = timezone.now()
    Mention.objects.filter(pk__in=ids, emailed_at__isnull=True).update(emailed_at=stamp)
    mentions = list(mentions_for(user).filter(pk__in=ids, emailed_at=stamp))
    if not mentions:
        return 0
    context = {"user": user, "mentions": mentions, "mentions_url": _mentions_url()}
    try:
        send_mail(
            subject=str(_("Your unread mentions in working groups")),
            message=render_to_string("collaboration/email/mention_digest.txt", context),
            from_email=None,
            recipient_list=[user.email],
        )
    except Exception:
        # Not sent: the next digest tries these mentions again.
        Mention.objects.filter(pk__in=ids, emailed_at=stamp).update(emailed_at=None)
        raise
    return len(mentions)


def opted_in_user_ids():
    """The ids of everyone who asked for the daily digest."""
    return list(
        NotificationPreference.objects.filter(mention_digest=True).values_list("user_id", flat=True)
    )


def set_mention_digest(user, enabled):
    """Opt the person in to (or out of) the daily digest."""
    NotificationPreference.objects.update_or_create(
        user=user, defaults={"mention_digest": bool(enabled)}
    )
