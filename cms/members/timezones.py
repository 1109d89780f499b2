"""A signed-in person's time zone: chosen on their account page, used for every date the site
shows them.

It is Wagtail's own per-user setting (`UserProfile.current_time_zone`, which the admin already
uses; empty means the site's `TIME_ZONE`), so the admin, the site's pages and the chat agree,
and it is in the personal-data export with the rest of the account.
"""

from django.conf import settings
from django.utils import timezone
from wagtail.users.models import UserProfile

from cms.models.events import time_zone_or_none


def chosen_time_zone(user) -> str:
    """The zone `user` chose, "" when none (or one that is no longer an IANA zone): the site's
    applies. Read once per request: the profile is cached on the user object, where the admin
    reads it too."""
    if user is None or not user.is_authenticated:
        return ""
    try:
        profile = user.wagtail_userprofile
    except UserProfile.DoesNotExist:
        return ""
    name = profile.current_time_zone or ""
    return name if name and time_zone_or_none(name) is not None else ""


def effective_time_zone(user) -> str:
    """The zone the site shows `user` dates in: theirs, else the site's."""
    return chosen_time_zone(user) or settings.TIME_ZONE


def set_time_zone(user, name: str) -> None:
    """Remember `name` (a valid IANA zone; "" for the site's) as `user`'s time zone."""
    if name and time_zone_or_none(name) is None:
        raise ValueError(f"unknown time zone: {name!r}")
    profile = UserProfile.get_for_user(user)
    profile.current_time_zone = name
    profile.save(update_fields=["current_time_zone"])


class MemberTimeZoneMiddleware:
    """After the authentication middleware: the requests of a person who chose a time zone run
    in it (template dates, `localtime`, forms), everyone else's in the site's.

    `request.member_time_zone` is that zone's name, or "" when none was chosen: the base
    template then gives it to the chat (<html data-time-zone>), which otherwise shows times in
    the browser's own zone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        name = chosen_time_zone(user)
        request.member_time_zone = name
        if not name:
            return self.get_response(request)
        timezone.activate(time_zone_or_none(name))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


__all__ = [
    "MemberTimeZoneMiddleware",
    "chosen_time_zone",
    "effective_time_zone",
    "set_time_zone",
]
