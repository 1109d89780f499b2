"""The data collection's e-mails, sent by a task from their `Notice` row: it re-reads the row,
sends once (a retry after success does nothing) and, on failure, records why and tries again
later with a growing delay."""

import datetime
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django_tasks import task

from cms.figures.models import Notice, Response
from cms.models.membership import MemberProfile

logger = logging.getLogger(__name__)

#: Attempts before a notice is left failed (its error stays on the row, in the admin).
MAX_ATTEMPTS = 5


def recipients(organisation):
    """The organisation's member accounts' addresses, else its contact address."""
    emails = sorted(
        set(
            MemberProfile.objects.filter(organisation=organisation)
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    )
    return emails or ([organisation.contact_email] if organisation.contact_email else [])


def _message(notice):
    year = notice.collection.year
    link = settings.SITE_URL + reverse("cms:cms_figures:questionnaire")
    if notice.kind == Notice.Kind.REMINDER:
        subject = _("LIKE: your figures for %(year)s") % {"year": year}
        body = _(
            "Dear member,\n\nthe network's data collection for %(year)s is open until "
            "%(closes)s and we have not yet received the figures of %(organisation)s. You can "
            "fill in the questionnaire, save it and come back to it here:\n%(link)s\n\n"
            "Thank you: the figures of every member make the network's case to ministries and "
            "to the European institutions.\n"
        )
    else:
        subject = _("LIKE: your figures for %(year)s need another look") % {"year": year}
        body = _(
            "Dear member,\n\nthe secretariat could not accept the figures of %(organisation)s "
            "for %(year)s:\n\n%(reason)s\n\nYou can correct them and submit them again "
            "here:\n%(link)s\n"
        )
    response = Response.objects.filter(
        collection=notice.collection, organisation=notice.organisation
    ).first()
    return subject, body % {
        "year": year,
        "closes": date_format(notice.collection.closes_on, "DATE_FORMAT"),
        "organisation": notice.organisation.title,
        "link": link,
        "reason": response.rejection_reason if response else "",
    }


@task()
def send_notice_task(notice_id):
    notice = (
        Notice.objects.filter(pk=notice_id, sent_at__isnull=True)
        .select_related("collection", "organisation")
        .first()
    )
    if notice is None or notice.attempts >= MAX_ATTEMPTS:
        return
    to = recipients(notice.organisation)
    if not to:
        Notice.objects.filter(pk=notice_id).update(error="no address to write to")
        return
    try:
        with translation.override(notice.language):
            subject, body = _message(notice)
            send_mail(subject, body, None, to)
    except Exception as exc:
        logger.exception("could not send figures notice %s", notice_id)
        attempts = notice.attempts + 1
        Notice.objects.filter(pk=notice_id).update(attempts=attempts, error=str(exc)[:2000])
        if attempts < MAX_ATTEMPTS:
            _retry_later(notice_id, attempts)
        return
    Notice.objects.filter(pk=notice_id).update(sent_at=timezone.now(), error="")


def _retry_later(notice_id, attempts):
    delay = datetime.timedelta(minutes=5 * 2**attempts)
    try:
        send_notice_task.using(run_after=timezone.now() + delay).enqueue(notice_id)
    except Exception:  # noqa: BLE001 - a backend without run_after (tests): the row says why
        logger.warning("figures notice %s not rescheduled: its backend cannot defer", notice_id)
