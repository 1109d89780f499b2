"""The members' verbs: accounts, applications, direct contact, co-signing, practice submissions.

Views and the admin call these; tests call the same functions. Every write is stored before any
e-mail is attempted, and e-mail goes through a background task that records its own failure.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.cache import cache
from django.core.mail import EmailMessage, send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django_tasks import task
from wagtail.models import Locale

from cms.models.directory import (
    AUTHORITY_KINDS,
    CURRENT_MEMBERSHIP,
    MembershipStatus,
    OrganisationKind,
    OrganisationPage,
    SizeUnit,
)
from cms.models.membership import ContactMessage, MemberProfile, MembershipApplication
from cms.models.statements import CoSignRequest, StatementSignatory

logger = logging.getLogger(__name__)

MEMBERS_GROUP = "Members"
#: Messages a member may send to other organisations per hour.
CONTACT_RATE_LIMIT = 5
CONTACT_RATE_WINDOW = 3600


class RateLimited(Exception):
    pass


def secretariat_email():
    return getattr(settings, "MEMBERS_SECRETARIAT_EMAIL", settings.DEFAULT_FROM_EMAIL)


# --- accounts ---------------------------------------------------------------------------------


def members_group():
    group, _created = Group.objects.get_or_create(name=MEMBERS_GROUP)
    return group


def is_network_member(user) -> bool:
    """A signed-in member of the network (or the secretariat): may see contact details, members'
    pages and member prices. Computed once per request (cached on the user object).

    It reads the "Members" group, as Wagtail's page privacy does, so the two never disagree; the
    group follows the organisation's membership status (`sync_member_access`)."""
    if user is None or not user.is_authenticated:
        return False
    cached = getattr(user, "_is_network_member", None)
    if cached is None:
        cached = user.is_staff or user.groups.filter(name=MEMBERS_GROUP).exists()
        user._is_network_member = cached
    return cached


def member_organisation(user):
    """The organisation (source page) a signed-in user acts for, or None."""
    if user is None or not user.is_authenticated:
        return None
    profile = MemberProfile.objects.filter(user=user).select_related("organisation").first()
    return profile.organisation if profile else None


def link_member_account(user, organisation, role=""):
    """Make `user` act for `organisation` and give it access to members-only pages."""
    organisation = source_page(organisation)
    # Saving the profile gives the account the Members group if the organisation is a member
    # today (cms/receivers.py -> sync_member_access).
    profile, _created = MemberProfile.objects.update_or_create(
        user=user, defaults={"organisation": organisation, "role": role}
    )
    user.__dict__.pop("_is_network_member", None)
    return profile


def sync_member_access(user_ids):
    """Give the "Members" group to exactly those of these accounts whose organisation is a member
    today (member, associate, committee): the accounts of a former member, of an organisation that
    is not a member, or no longer linked to one lose it.

    The one place members' access is decided. The group is what members-only pages (Wagtail's page
    privacy) and `is_network_member` check; the receivers in cms/receivers.py call this whenever
    an organisation or a member account is saved or deleted."""
    user_ids = set(user_ids)
    if not user_ids:
        return
    current = set(
        MemberProfile.objects.filter(
            user_id__in=user_ids, organisation__membership_status__in=CURRENT_MEMBERSHIP
        ).values_list("user_id", flat=True)
    )
    group = members_group()
    if current:
        group.user_set.add(*current)
    if user_ids - current:
        group.user_set.remove(*(user_ids - current))


def source_page(page):
    """The source-language version of a translatable page (what foreign keys point to)."""
    if page.locale.language_code == settings.LANGUAGE_CODE:
        return page
    locale = Locale.objects.filter(language_code=settings.LANGUAGE_CODE).first()
    found = page.get_translation_or_none(locale) if locale else None
    return found.specific if found else page


def free_name(base, taken, separator="-"):
    """`base`, or `base` followed by the first free number ("lille", "lille-2", "lille-3" ...):
    `taken(name)` says whether a name is in use."""
    name, number = base, 1
    while taken(name):
        number += 1
        name = f"{base}{separator}{number}"
    return name


def invite_member(organisation, email, name=""):
    """Create (or reuse) an account for `email` with no usable password, link it to the
    organisation and e-mail a link to choose a password (sent by a task)."""
    User = get_user_model()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        username = free_name(
            slugify(email.split("@")[0])[:120] or "member",
            lambda name: User.objects.filter(username=name).exists(),
            separator="",
        )
        first, _sep, last = name.partition(" ")
        user = User(username=username, email=email, first_name=first[:150], last_name=last[:150])
        user.set_unusable_password()
        user.save()
    link_member_account(user, organisation)
    send_invitation_task.enqueue(user.pk, translation.get_language() or settings.LANGUAGE_CODE)
    return user


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


# --- applications ------------------------------------------------------------------------------


def default_size_unit(kind):
    if kind in AUTHORITY_KINDS:
        return SizeUnit.INHABITANTS
    if kind in (OrganisationKind.INDIVIDUAL, OrganisationKind.ALLIED_NETWORK):
        return SizeUnit.NONE
    return SizeUnit.BUDGET_EUR


def submit_application(data, language=None):
    """Store an application (with the fee that applies), then queue the acknowledgement to the
    applicant and the notice to the secretariat. Returns the stored application."""
    from cms.models.fees import find_fee

    _band, fee = find_fee(data["kind"], data.get("size_figure"), data.get("associate", False))
    application = MembershipApplication.objects.create(
        organisation_name=data["organisation_name"],
        kind=data["kind"],
        country=data["country"],
        city_region=data.get("city_region", ""),
        size_figure=data.get("size_figure"),
        size_unit=default_size_unit(data["kind"]),
        associate=data.get("associate", False),
        website=data.get("website", ""),
        contact_name=data["contact_name"],
        contact_email=data["contact_email"],
        contact_phone=data.get("contact_phone", ""),
        motivation=data["motivation"],
        language=language or translation.get_language() or settings.LANGUAGE_CODE,
        quoted_fee=fee,
    )
    send_application_emails_task.enqueue(application.pk)
    return application


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


def approve_application(application, directory):
    """The organisation appears in the directory as a member (a published page under
    `directory`), and its contact receives an account invitation."""
    if application.status == MembershipApplication.Status.APPROVED and application.organisation:
        return application.organisation
    with transaction.atomic():
        slug = free_name(
            slugify(application.organisation_name, allow_unicode=False) or "organisation",
            lambda name: directory.get_children().filter(slug=name).exists(),
        )
        page = OrganisationPage(
            title=application.organisation_name,
            slug=slug,
            locale=directory.locale,
            kind=application.kind,
            membership_status=(
                MembershipStatus.ASSOCIATE if application.associate else MembershipStatus.MEMBER
            ),
            country=application.country,
            city_region=application.city_region,
            size_figure=application.size_figure,
            size_unit=application.size_unit,
            website=application.website,
            contact_name=application.contact_name,
            contact_email=application.contact_email,
            contact_phone=application.contact_phone,
            member_since=timezone.now().year,
        )
        directory.add_child(instance=page)
        page.save_revision().publish()
        application.status = MembershipApplication.Status.APPROVED
        application.organisation = page
        application.decided_at = timezone.now()
        application.save()
        with translation.override(application.language):
            invite_member(page, application.contact_email, application.contact_name)
    return page


def decline_application(application, reason):
    """Decline with a reason, which is e-mailed to the applicant (by a task)."""
    application.status = MembershipApplication.Status.DECLINED
    application.decline_reason = reason
    application.decided_at = timezone.now()
    application.save()
    send_decline_task.enqueue(application.pk)
    return application


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


# --- direct contact ----------------------------------------------------------------------------


def send_contact_message(sender, recipient, subject, body):
    """Store a member's message to another organisation and queue its delivery by e-mail.

    Raises RateLimited past CONTACT_RATE_LIMIT messages per hour and per sender."""
    key = f"members:contact:{sender.pk}"
    cache.add(key, 0, CONTACT_RATE_WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, CONTACT_RATE_WINDOW)
        count = 1
    if count > CONTACT_RATE_LIMIT:
        raise RateLimited
    message = ContactMessage.objects.create(
        sender=sender,
        sender_organisation=member_organisation(sender),
        recipient=source_page(recipient),
        subject=subject,
        body=body,
    )
    send_contact_message_task.enqueue(message.pk)
    return message


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


# --- joint statements -------------------------------------------------------------------------


def can_cosign(organisation):
    return organisation is not None and (
        organisation.membership_status in CURRENT_MEMBERSHIP
        or organisation.kind == OrganisationKind.ALLIED_NETWORK
    )


def request_cosign(user, statement, message=""):
    """Ask, for the user's organisation, to co-sign a statement; one pending request at a time."""
    organisation = member_organisation(user)
    if not can_cosign(organisation):
        raise PermissionError("not a member or allied network")
    statement = statement.source_page()
    existing = CoSignRequest.objects.filter(
        statement=statement, organisation=organisation, status=CoSignRequest.Status.PENDING
    ).first()
    if existing:
        return existing
    return CoSignRequest.objects.create(
        statement=statement, organisation=organisation, requested_by=user, message=message
    )


def confirm_cosign(cosign):
    """The secretariat confirms: the organisation is added to the statement's signatories and the
    statement is republished."""
    with transaction.atomic():
        statement = cosign.statement.specific
        if not statement.signatories.filter(organisation=cosign.organisation).exists():
            last = statement.signatories.order_by("-sort_order").first()
            StatementSignatory.objects.create(
                page=statement,
                organisation=cosign.organisation,
                sort_order=(last.sort_order or 0) + 1 if last else 0,
            )
            statement.refresh_from_db()
            if statement.live:
                statement.save_revision().publish()
        cosign.status = CoSignRequest.Status.CONFIRMED
        cosign.decided_at = timezone.now()
        cosign.save()
    return cosign


def decline_cosign(cosign):
    cosign.status = CoSignRequest.Status.DECLINED
    cosign.decided_at = timezone.now()
    cosign.save()
    return cosign


# --- practice submissions ----------------------------------------------------------------------


def submit_practice(user, index_page, data):
    """Save a member's practice as a draft page under the database (in the index page's locale)
    and submit it to the moderation workflow; an editor publishes it."""
    from cms.models.practices import PracticeOrganisation, PracticePage

    slug = free_name(
        slugify(data["title"]) or "practice",
        lambda name: index_page.get_children().filter(slug=name).exists(),
    )
    page = PracticePage(
        title=data["title"],
        slug=slug,
        locale=index_page.locale,
        live=False,
        owner=user,
        summary=data["summary"],
        description=data.get("description", ""),
        city_region=data.get("city_region", ""),
        country=data["country"],
        level=data["level"],
        start_year=data.get("start_year"),
        end_year=data.get("end_year"),
        budget_band=data.get("budget_band", ""),
        partners=data.get("partners", ""),
        results=data.get("results", ""),
        contact_name=data.get("contact_name", ""),
        contact_email=data.get("contact_email", ""),
    )
    with transaction.atomic():
        index_page.add_child(instance=page)
        page.themes.set(data.get("themes") or [])
        organisation = member_organisation(user)
        if organisation is not None:
            page.organisations.add(PracticeOrganisation(organisation=organisation))
        revision = page.save_revision(user=user)
        workflow = page.get_workflow()
        if workflow is not None:
            workflow.start(page, user)
        else:
            logger.warning("no moderation workflow for %s: left as a draft", page)
    return page, revision
