"""The sections of personal data the network's site holds, and those of the plugins it composes.

Each export returns only rows that belong to the person (their account, what they wrote or
asked); each erasure runs inside `erase_person`'s transaction, before the account is deleted.
"""

from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Comment, CommentReply, ModelLogEntry, Page, PageLogEntry, Revision
from wagtail.users.models import UserProfile

from cms.models.membership import ContactMessage, MemberProfile, MembershipApplication
from cms.models.statements import CoSignRequest
from collaboration import services as collaboration

from .registry import Section, register_section


def _when(value):
    return value.isoformat() if value else None


# --- the account ---------------------------------------------------------------------------------


#: django-axes' records of sign-in attempts, kept by user name (not a foreign key).
_SIGN_IN_RECORDS = ("AccessAttempt", "AccessFailureLog", "AccessLog")


def _sign_in_records(user):
    if not apps.is_installed("axes"):
        return []
    return [
        apps.get_model("axes", name).objects.filter(username=user.get_username())
        for name in _SIGN_IN_RECORDS
    ]


def export_account(user):
    profile = UserProfile.objects.filter(user=user).first()
    attempts = [
        {
            "at": _when(row.attempt_time),
            "address": row.ip_address,
            "browser": row.user_agent,
            "kind": row._meta.model_name,
        }
        for rows in _sign_in_records(user)
        for row in rows.order_by("attempt_time")
    ]
    return {
        "username": user.get_username(),
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "joined_at": _when(user.date_joined),
        "last_signed_in_at": _when(user.last_login),
        "active": user.is_active,
        "staff": user.is_staff,
        "groups": sorted(user.groups.values_list("name", flat=True)),
        "interface_language": profile.preferred_language if profile else "",
        "time_zone": profile.current_time_zone if profile else "",
        "has_avatar": bool(profile and profile.avatar),
        "sign_in_records": attempts,
    }


def _user_sessions(user):
    """The person's open sessions in the database (signed in on other devices)."""
    key = str(user.pk)
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == key:
            yield session.pk


def erase_account(user):
    """What deleting the account would leave behind: the avatar file, sessions, the log
    entries that name the person (about their account) or point to them (what they did)."""
    profile = UserProfile.objects.filter(user=user).first()
    if profile is not None and profile.avatar:
        profile.avatar.delete(save=False)
    user_type = ContentType.objects.get_for_model(get_user_model())
    about = {"content_type": user_type, "object_id": str(user.pk)}
    counts = {
        "sessions": Session.objects.filter(pk__in=list(_user_sessions(user))).delete()[0],
        "sign_in_records": sum(rows.delete()[0] for rows in _sign_in_records(user)),
        "log_entries_about_the_account": ModelLogEntry.objects.filter(**about).delete()[0]
        + LogEntry.objects.filter(**about).delete()[0],
    }
    if apps.is_installed("django_tasks_db") and user.email:
        # Imported here: the database task backend is a deployment's choice, not a dependency
        # of this module. A failed e-mail's traceback may quote the address.
        from django_tasks_db.models import DBTaskResult

        counts["task_results"] = DBTaskResult.objects.filter(
            finished_at__isnull=False, traceback__icontains=user.email
        ).delete()[0]
    # The history of pages keeps what was done, by nobody in particular.
    ModelLogEntry.objects.filter(user=user).update(user=None)
    PageLogEntry.objects.filter(user=user).update(user=None)
    return counts


# --- the organisation ------------------------------------------------------------------------


def export_organisation(user):
    profile = MemberProfile.objects.filter(user=user).select_related("organisation").first()
    if profile is None:
        return {}
    return {
        "organisation": profile.organisation.title,
        "organisation_page": profile.organisation.full_url or "",
        "membership_status": profile.organisation.membership_status,
        "role": profile.role,
    }


def erase_organisation(user):
    return {"member_accounts": MemberProfile.objects.filter(user=user).delete()[0]}


# --- what the person asked or wrote through the site -----------------------------------------


def export_contact_messages(user):
    rows = ContactMessage.objects.filter(sender=user).select_related("recipient")
    return [
        {
            "to": m.recipient.title,
            "subject": m.subject,
            "text": m.body,
            "written_at": _when(m.created_at),
            "emailed_at": _when(m.sent_at),
        }
        for m in rows.order_by("pk")
    ]


def erase_contact_messages(user):
    return {"contact_messages": ContactMessage.objects.filter(sender=user).delete()[0]}


def _applications(user):
    if not user.email:
        return MembershipApplication.objects.none()
    return MembershipApplication.objects.filter(contact_email__iexact=user.email)


def export_applications(user):
    return [
        {
            "organisation": a.organisation_name,
            "kind": a.kind,
            "country": str(a.country),
            "city_or_region": a.city_region,
            "size_figure": a.size_figure,
            "website": a.website,
            "contact_name": a.contact_name,
            "contact_email": a.contact_email,
            "contact_phone": a.contact_phone,
            "motivation": a.motivation,
            "language": a.language,
            "fee_quoted": None if a.quoted_fee is None else str(a.quoted_fee),
            "status": a.status,
            "reason_for_declining": a.decline_reason,
            "sent_at": _when(a.created_at),
            "decided_at": _when(a.decided_at),
        }
        for a in _applications(user).order_by("pk")
    ]


def erase_applications(user):
    """Pending and declined applications go; an accepted one is the organisation's membership
    record and stays, without the person's name, e-mail and telephone."""
    approved = _applications(user).filter(status=MembershipApplication.Status.APPROVED)
    anonymised = approved.update(
        contact_name="", contact_email="", contact_phone="", email_error=""
    )
    deleted = _applications(user).exclude(status=MembershipApplication.Status.APPROVED).delete()[0]
    return {"applications_deleted": deleted, "applications_anonymised": anonymised}


def export_cosign_requests(user):
    rows = CoSignRequest.objects.filter(requested_by=user).select_related(
        "statement", "organisation"
    )
    return [
        {
            "statement": c.statement.title,
            "for_organisation": c.organisation.title,
            "message": c.message,
            "status": c.status,
            "asked_at": _when(c.created_at),
        }
        for c in rows.order_by("pk")
    ]


def erase_cosign_requests(user):
    """The request is the organisation's (it may be confirmed still): only who asked goes."""
    rows = CoSignRequest.objects.filter(requested_by=user)
    return {"cosign_requests_anonymised": rows.update(requested_by=None)}


def export_pages(user):
    """What an editor or a member submitting practices did in the CMS."""
    return {
        "pages_owned": [
            {"title": p.title, "address": p.full_url or "", "published": p.live}
            for p in Page.objects.filter(owner=user).order_by("pk")
        ],
        "page_comments": [
            {"page": c.page.title, "text": c.text, "written_at": _when(c.created_at)}
            for c in Comment.objects.filter(user=user).select_related("page").order_by("pk")
        ],
        "comment_replies": [
            {"text": r.text, "written_at": _when(r.created_at)}
            for r in CommentReply.objects.filter(user=user).order_by("pk")
        ],
    }


def erase_pages(user):
    """Pages stay (they are the network's); who owned, revised or commented on them goes."""
    return {
        "pages_owned": Page.objects.filter(owner=user).update(owner=None),
        "page_locks": Page.objects.filter(locked_by=user).update(locked_by=None, locked=False),
        "revisions": Revision.objects.filter(user=user).update(user=None),
        "page_comments": Comment.objects.filter(user=user).delete()[0]
        + CommentReply.objects.filter(user=user).delete()[0],
    }


# The working groups' section is the collaboration plugin's own verbs: the site calls them.
register_section(
    Section(
        key="account",
        title=_("Your account"),
        explanation=_(
            "Your user name, name and e-mail address, when you joined and last signed in, the "
            "groups of permissions your account is in, and recent failed sign-ins (time, "
            "address, browser)."
        ),
        on_erasure=_("The account is deleted; you are signed out everywhere."),
        export=export_account,
        erase=erase_account,
        order=10,
    )
)
register_section(
    Section(
        key="organisation",
        title=_("Your organisation"),
        explanation=_("The member organisation your account acts for, and your role in it."),
        on_erasure=_(
            "The link to the organisation is deleted; the organisation stays in the directory."
        ),
        export=export_organisation,
        erase=erase_organisation,
        order=20,
    )
)
register_section(
    Section(
        key="working_groups",
        title=_("Working groups"),
        explanation=_(
            "The groups you belong to or asked to join, the messages you wrote (with their "
            "earlier versions), your reactions, the messages that mention you, how far you have "
            "read each topic, and your e-mail preferences."
        ),
        on_erasure=_(
            'Your messages stay in the discussions, written by "Former member" (no name, no '
            "user name); your memberships, reactions, mentions and read markers are deleted."
        ),
        export=collaboration.export_participant,
        erase=collaboration.erase_participant,
        order=30,
    )
)
register_section(
    Section(
        key="contact_messages",
        title=_("Messages to organisations"),
        explanation=_("The messages you sent to other members through their page."),
        on_erasure=_("Deleted."),
        export=export_contact_messages,
        erase=erase_contact_messages,
        order=40,
    )
)
register_section(
    Section(
        key="membership_applications",
        title=_("Applications to join"),
        explanation=_("Applications to join the network sent with your e-mail address."),
        on_erasure=_(
            "Pending and declined applications are deleted; an accepted one is the record of "
            "your organisation's membership and is kept without your name, e-mail and telephone."
        ),
        export=export_applications,
        erase=erase_applications,
        order=50,
    )
)
register_section(
    Section(
        key="cosign_requests",
        title=_("Requests to co-sign statements"),
        explanation=_("The requests you made for your organisation to co-sign a statement."),
        on_erasure=_("They stay as your organisation's requests, without your name."),
        export=export_cosign_requests,
        erase=erase_cosign_requests,
        order=60,
    )
)
register_section(
    Section(
        key="pages",
        title=_("Pages and comments"),
        explanation=_(
            "The pages you own (a practice you submitted, pages you created as an editor) and "
            "your comments in the page editor."
        ),
        on_erasure=_("Pages stay, owned by nobody; your comments are deleted."),
        export=export_pages,
        erase=erase_pages,
        order=70,
    )
)
