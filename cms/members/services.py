"""The members' verbs: accounts, applications, direct contact, co-signing, practice submissions.

Views and the admin call these; tests call the same functions. Every write is stored before any
e-mail is attempted, and e-mail goes through a background task (cms/members/tasks.py) that
records its own failure.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify

from cms.access import can_cosign, forget_network_member, member_organisation
from cms.i18n import source_page
from cms.members.tasks import (
    send_application_emails_task,
    send_contact_message_task,
    send_decline_task,
    send_invitation_task,
)
from cms.models.choices import AUTHORITY_KINDS, MembershipStatus, OrganisationKind, SizeUnit
from cms.models.directory import OrganisationPage
from cms.models.fees import find_fee
from cms.models.membership import ContactMessage, MemberProfile, MembershipApplication
from cms.models.practices import PracticeOrganisation, PracticePage
from cms.models.statements import CoSignRequest, StatementSignatory

logger = logging.getLogger(__name__)

#: Messages a member may send to other organisations per hour.
CONTACT_RATE_LIMIT = 5
CONTACT_RATE_WINDOW = 3600


#: Applications to join from one client address per hour (the form is public).
APPLICATION_RATE_LIMIT = 5
APPLICATION_RATE_WINDOW = 3600


class RateLimited(Exception):
    pass


def count_towards_limit(key, limit, window):
    """Count one more action under `key` (in the shared cache); raise RateLimited once there
    have been more than `limit` in the current window of `window` seconds."""
    cache.add(key, 0, window)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, window)
        count = 1
    if count > limit:
        raise RateLimited


# --- accounts ---------------------------------------------------------------------------------


def link_member_account(user, organisation, role=""):
    """Make `user` act for `organisation` and give it access to members-only pages."""
    organisation = source_page(organisation)
    # Saving the profile gives the account the Members group if the organisation is a member
    # today (cms/members/receivers.py -> cms.access.sync_member_access).
    profile, _created = MemberProfile.objects.update_or_create(
        user=user, defaults={"organisation": organisation, "role": role}
    )
    forget_network_member(user)
    return profile


def free_name(base, taken, separator="-"):
    """`base`, or `base` followed by the first free number ("lille", "lille-2", "lille-3" ...):
    `taken(name)` says whether a name is in use."""
    name, number = base, 1
    while taken(name):
        number += 1
        name = f"{base}{separator}{number}"
    return name


# Atomic here and below: a row and its e-mail task commit together, or neither does (with the
# database backend the task row is written in the same transaction).
@transaction.atomic
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


# --- applications ------------------------------------------------------------------------------


def default_size_unit(kind):
    if kind in AUTHORITY_KINDS:
        return SizeUnit.INHABITANTS
    if kind in (OrganisationKind.INDIVIDUAL, OrganisationKind.ALLIED_NETWORK):
        return SizeUnit.NONE
    return SizeUnit.BUDGET_EUR


@transaction.atomic
def submit_application(data, language=None, client=None):
    """Store an application (with the fee that applies), then queue the acknowledgement to the
    applicant and the notice to the secretariat. Returns the stored application.

    Raises RateLimited past APPLICATION_RATE_LIMIT applications per hour from the `client`
    address (cms.security.client.client_ip of the request)."""
    if client is not None:
        count_towards_limit(
            f"members:apply:{client}", APPLICATION_RATE_LIMIT, APPLICATION_RATE_WINDOW
        )
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


@transaction.atomic
def decline_application(application, reason):
    """Decline with a reason, which is e-mailed to the applicant (by a task)."""
    application.status = MembershipApplication.Status.DECLINED
    application.decline_reason = reason
    application.decided_at = timezone.now()
    application.save()
    send_decline_task.enqueue(application.pk)
    return application


# --- direct contact ----------------------------------------------------------------------------


@transaction.atomic
def send_contact_message(sender, recipient, subject, body):
    """Store a member's message to another organisation and queue its delivery by e-mail.

    Raises RateLimited past CONTACT_RATE_LIMIT messages per hour and per sender."""
    count_towards_limit(f"members:contact:{sender.pk}", CONTACT_RATE_LIMIT, CONTACT_RATE_WINDOW)
    message = ContactMessage.objects.create(
        sender=sender,
        sender_organisation=member_organisation(sender),
        recipient=source_page(recipient),
        subject=subject,
        body=body,
    )
    send_contact_message_task.enqueue(message.pk)
    return message


# --- joint statements -------------------------------------------------------------------------


def request_cosign(user, statement, message=""):
    """Ask, for the user's organisation, to co-sign a statement; one pending request at a time."""
    organisation = member_organisation(user)
    if not can_cosign(organisation):
        raise PermissionError("not a member or allied network")
    statement = source_page(statement)
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
