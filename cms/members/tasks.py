"""The members' background tasks: the e-mails of invitations, applications, declines and contact
messages. Each re-reads its row, and records a failure on the row instead of losing it."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage, send_mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django_tasks import task

from cms.models.membership import ContactMessage, MembershipApplication

logger = logging.getLogger(__name__)


def secretariat_email():
    return getattr(settings, "MEMBERS_SECRETARIAT_EMAIL", settings.DEFAULT_FROM_EMAIL)


def invitation_link(user, language):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    with translation.override(language):
        path = reverse("cms:members:password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    return settings.SITE_URL + path


@task()
def send_invitation_task(user_id, language):
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None or not user.email:
        return
    with translation.override(language):
        body = _(
            "Welcome to the LIKE network. An account has been opened for you (user name: %(username)s).\n\n"
            "Choose your password here:\n%(link)s\n"
        ) % {"username": user.username, "link": invitation_link(user, language)}
        try:
            send_mail(_("Your LIKE member account"), body, None, [user.email])
        except Exception:
            logger.exception("could not send the invitation to user %s", user_id)


@task()
def send_application_emails_task(application_id):
    application = MembershipApplication.objects.filter(pk=application_id).first()
    if application is None or application.emails_sent_at:
        return
    try:
        with translation.override(application.language):
            fee = (
                _("The yearly fee that applies is %(fee)s €.") % {"fee": application.quoted_fee}
                if application.quoted_fee is not None
                else _("The secretariat will tell you the fee that applies.")
            )
            send_mail(
                _("We have received your application to join LIKE"),
                _(
                    "Dear %(name)s,\n\nthank you for the application of %(organisation)s to join "
                    "the LIKE network. %(fee)s The secretariat will answer you soon.\n"
                )
                % {
                    "name": application.contact_name,
                    "organisation": application.organisation_name,
                    "fee": fee,
                },
                None,
                [application.contact_email],
            )
        with translation.override(settings.LANGUAGE_CODE):
            send_mail(
                f"New membership application: {application.organisation_name}",
                f"{application.organisation_name} ({application.get_kind_display()}, "
                f"{application.country.name}) applied to join.\n\n{application.motivation}\n\n"
                f"{settings.SITE_URL}/admin/snippets/cms/membershipapplication/edit/{application.pk}/",
                None,
                [secretariat_email()],
            )
    except Exception as exc:
        logger.exception("could not send the e-mails of application %s", application_id)
        MembershipApplication.objects.filter(pk=application_id).update(email_error=str(exc)[:2000])
        return
    MembershipApplication.objects.filter(pk=application_id).update(
        emails_sent_at=timezone.now(), email_error=""
    )


@task()
def send_decline_task(application_id):
    application = MembershipApplication.objects.filter(pk=application_id).first()
    if application is None:
        return
    with translation.override(application.language):
        try:
            send_mail(
                _("Your application to join LIKE"),
                _(
                    "Dear %(name)s,\n\nwe are sorry: the application of %(organisation)s was not "
                    "accepted.\n\n%(reason)s\n"
                )
                % {
                    "name": application.contact_name,
                    "organisation": application.organisation_name,
                    "reason": application.decline_reason,
                },
                None,
                [application.contact_email],
            )
        except Exception:
            logger.exception("could not send the decline of application %s", application_id)


@task()
def send_contact_message_task(message_id):
    message = (
        ContactMessage.objects.filter(pk=message_id, sent_at__isnull=True)
        .select_related("sender", "sender_organisation", "recipient")
        .first()
    )
    if message is None or not message.recipient.contact_email:
        return
    sender_name = (
        message.sender.get_full_name() or message.sender.username if message.sender else "?"
    )
    organisation = message.sender_organisation.title if message.sender_organisation else ""
    text = (
        f"{message.body}\n\n-- \n{sender_name} {('(' + organisation + ')') if organisation else ''}\n"
        "Sent through the LIKE members' directory."
    )
    try:
        EmailMessage(
            subject=f"[LIKE] {message.subject}",
            body=text,
            to=[message.recipient.contact_email],
            reply_to=[message.sender.email] if message.sender and message.sender.email else None,
        ).send()
    except Exception as exc:
        logger.exception("could not send contact message %s", message_id)
        ContactMessage.objects.filter(pk=message_id).update(error=str(exc)[:2000])
        return
    ContactMessage.objects.filter(pk=message_id).update(sent_at=timezone.now(), error="")


@task()
def send_password_reset_task(user_id, language):
    """The "forgotten password" e-mail: the same one-time link as an invitation."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        return
    with translation.override(language):
        body = _(
            "Someone, we hope you, asked to choose a new password for your LIKE account "
            "(user name: %(username)s).\n\nChoose it here:\n%(link)s\n\n"
            "If it was not you, ignore this e-mail: your password stays as it is.\n"
        ) % {"username": user.username, "link": invitation_link(user, language)}
        try:
            send_mail(_("Choose a new password for your LIKE account"), body, None, [user.email])
        except Exception:
            logger.exception("could not send the password reset e-mail to user %s", user_id)
