"""Who is here now: one row per open connection, shared by every web process."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from ..conf import setting
from ..models import Presence
from .serialise import display_name


def _fresh():
    return timezone.now() - timedelta(seconds=setting("PRESENCE_TTL"))


def present_users(group_id):
    """The signed-in people with an open connection to the group, by user name."""
    User = get_user_model()
    ids = (
        Presence.objects.filter(group_id=group_id, seen_at__gte=_fresh())
        .values_list("user_id", flat=True)
        .distinct()
    )
    return [
        {"id": u.pk, "username": u.get_username(), "name": display_name(u)}
        for u in User.objects.filter(pk__in=list(ids)).order_by("username")
    ]


def presence_join(group_id, user, channel_name):
    """Record an open connection; returns everyone present, and whether this user is new here."""
    already = Presence.objects.filter(group_id=group_id, user=user, seen_at__gte=_fresh()).exists()
    Presence.objects.update_or_create(
        channel_name=channel_name,
        defaults={"group_id": group_id, "user": user, "seen_at": timezone.now()},
    )
    return present_users(group_id), not already


def presence_leave(group_id, user_id, channel_name):
    """Forget a connection; True when the person has no other connection to the group."""
    Presence.objects.filter(channel_name=channel_name).delete()
    return not Presence.objects.filter(
        group_id=group_id, user_id=user_id, seen_at__gte=_fresh()
    ).exists()


def presence_heartbeat(channel_names):
    """Keep these open connections present (one process's connections to one group)."""
    Presence.objects.filter(channel_name__in=list(channel_names)).update(seen_at=timezone.now())
    # Rows of crashed processes, long expired, are cleared by whoever beats.
    Presence.objects.filter(
        seen_at__lt=timezone.now() - timedelta(seconds=setting("PRESENCE_TTL") * 10)
    ).delete()
