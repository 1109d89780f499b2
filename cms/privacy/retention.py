"""Storage limitation: contact messages and declined applications older than the period the
secretariat set (Settings → Privacy) are deleted by `manage.py apply_retention`."""

import calendar

from django.db.models import Q
from django.utils import timezone

from cms.models.membership import ContactMessage, MembershipApplication
from cms.models.privacy import PrivacySettings


def months_before(moment, months):
    """The same day and time `months` calendar months earlier (the 31st becomes the month's last
    day when the earlier month is shorter)."""
    index = moment.year * 12 + (moment.month - 1) - months
    year, month = divmod(index, 12)
    month += 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def expired(now=None):
    """The retention period, its cut-off, and the querysets of what is older than it."""
    months = PrivacySettings.load().retention_months
    cutoff = months_before(now or timezone.now(), months)
    declined = MembershipApplication.objects.filter(
        status=MembershipApplication.Status.DECLINED
    ).filter(Q(decided_at__lt=cutoff) | Q(decided_at__isnull=True, created_at__lt=cutoff))
    return {
        "months": months,
        "cutoff": cutoff,
        "contact_messages": ContactMessage.objects.filter(created_at__lt=cutoff),
        "declined_applications": declined,
    }


def apply_retention(now=None, *, dry_run=False):
    """Delete what is older than the retention period (or, dry run, only count it).

    Pending applications (not decided yet) and accepted ones (the membership record) are kept.
    Returns {"months", "cutoff", "contact_messages": n, "declined_applications": n}."""
    found = expired(now)
    result = {"months": found["months"], "cutoff": found["cutoff"]}
    for key in ("contact_messages", "declined_applications"):
        queryset = found[key]
        if dry_run:
            result[key] = queryset.count()
        else:
            # Only the rows themselves: the queryset's delete() counts cascades too.
            result[key] = queryset.delete()[1].get(queryset.model._meta.label, 0)
    return result
