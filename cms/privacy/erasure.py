"""The right to erasure: a person's account and everything of theirs, at their request or the
secretariat's; their messages stay in the discussions, by "Former member"."""

import logging

from django.db import transaction

from cms.access import member_organisation
from cms.models.directory import OrganisationPage
from cms.models.practices import PracticePage
from cms.models.privacy import ErasureRecord

from .registry import sections

logger = logging.getLogger(__name__)


def _count(data):
    """How many items a section's export holds (for the confirmation page)."""
    if isinstance(data, list):
        return len(data)
    if isinstance(data, dict):
        lists = [v for v in data.values() if isinstance(v, list)]
        if lists:
            return sum(len(v) for v in lists)
        return 1 if any(v not in ("", None, False, {}) for v in data.values()) else 0
    return 0


def pages_naming(user):
    """Published content that gives the person's e-mail as a contact: erasure does not edit
    pages (their revisions would keep it); the secretariat edits them, then purges revisions."""
    if not user.email:
        return []
    pages = []
    for model in (OrganisationPage, PracticePage):
        rows = model.objects.filter(contact_email__iexact=user.email).order_by("pk")
        # One entry per translation group: the translations repeat the source's contact.
        seen = set()
        for page in rows:
            if page.translation_key not in seen:
                seen.add(page.translation_key)
                pages.append({"id": page.pk, "title": page.title})
    return pages


def erasure_preview(user):
    """What erasing the person would do: each section with how many items it holds now, and
    what is left for the secretariat (pages naming them, groups left without a convenor)."""
    rows = []
    for section in sections():
        rows.append(
            {
                "title": section.title,
                "on_erasure": section.on_erasure,
                "count": _count(section.export(user)),
            }
        )
    return {"sections": rows, "pages_naming": pages_naming(user)}


def erase_person(user, *, by=None):
    """Erase the person: every section's data, then the account. Returns the ErasureRecord.

    `by` is the secretary who did it, or None when the person asked from their account page.
    Everything happens in one transaction: a failure leaves the account as it was.
    """
    if by is not None and by.pk == user.pk:
        by = None
    organisation = member_organisation(user)
    to_edit = pages_naming(user)
    with transaction.atomic():
        summary = {section.key: section.erase(user) for section in sections()}
        user.delete()
        summary["pages_to_edit"] = to_edit
        record = ErasureRecord.objects.create(
            initiated_by=(
                ErasureRecord.Initiator.PERSON
                if by is None
                else ErasureRecord.Initiator.SECRETARIAT
            ),
            erased_by=by,
            organisation=organisation,
            summary=summary,
        )
    # Nothing that identifies the person: the record's number links to what went.
    logger.info("an account was erased (erasure record %s)", record.pk)
    return record
