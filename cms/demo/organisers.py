"""Who organises the demo's events, and the demo accounts' time zones.

The events are built before the directory, so their organisers are set once both exist: on the
English page (a new revision, published) and on its translations (wagtail-localize keeps a link
to a page as it is in the source, so they point to the same organisation). An event that
already has an organiser is left alone (a later edit is the editors'); running it twice changes
nothing.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from wagtail.users.models import UserProfile

from cms.models import EventPage, OrganisationPage

#: Event slug (events.toml) -> the organisation (members.toml) that hosts it.
EVENT_ORGANISERS = {
    "ga-oulu": "finnish-centres",
    "ga-evora": "porto",
    "national-warsaw": "polish-centres",
    "national-copenhagen": "kulturhusene",
    "national-vilnius": "kaunas",
    "thematic-books-lille": "lille",
    "thematic-cinema-krakow": "polish-centres",
    "thematic-visual-arts-esch": "esch",
    "online-reading": "lille",
}

#: Demo member account -> the time zone it chose (the "member" acts for Lille).
ACCOUNT_TIME_ZONES = {"member": "Europe/Paris"}


def set_event_organisers(home):
    """Give the demo's events their organisers; return how many events got one now."""
    events = {
        event.slug: event
        for event in EventPage.objects.descendant_of(home).filter(
            slug__in=list(EVENT_ORGANISERS),
            locale__language_code=settings.LANGUAGE_CODE,
            organiser__isnull=True,
        )
    }
    if not events:
        return 0
    orgs = {
        org.slug: org
        for org in OrganisationPage.objects.filter(
            slug__in=set(EVENT_ORGANISERS.values()),
            locale__language_code=settings.LANGUAGE_CODE,
        )
    }
    count = 0
    for slug, event in events.items():
        organiser = orgs.get(EVENT_ORGANISERS[slug])
        if organiser is None:
            continue
        event.organiser = organiser
        event.save_revision().publish()
        EventPage.objects.filter(translation_key=event.translation_key).exclude(pk=event.pk).filter(
            organiser__isnull=True
        ).update(organiser=organiser)
        count += 1
    return count


def set_account_time_zones():
    """The demo accounts' time zones, unless they chose one already."""
    users = get_user_model().objects.filter(username__in=list(ACCOUNT_TIME_ZONES))
    for user in users:
        profile = UserProfile.get_for_user(user)
        if not profile.current_time_zone:
            profile.current_time_zone = ACCOUNT_TIME_ZONES[user.username]
            profile.save(update_fields=["current_time_zone"])
