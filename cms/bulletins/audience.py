"""Who receives an issue, and in which language: public subscribers of the chosen lists, member
accounts and the contacts of member organisations, filtered by membership (members, associate
members, committee members), country, kind, theme or working group. One address is one recipient, whatever the ways it was reached by."""

from django.conf import settings
from django.contrib.auth import get_user_model

from cms.models.choices import CURRENT_MEMBERSHIP
from cms.models.directory import OrganisationPage

from .conf import setting
from .models import Subscriber
from .subscriptions import normalise_email


def _codes():
    return {code for code, _name in settings.LANGUAGES}


def country_language(country):
    """The language of an organisation's country, when configured and offered by the site."""
    language = setting("COUNTRY_LANGUAGES").get(str(country or "").upper(), "")
    return language if language in _codes() else ""


def _organisations(send):
    rows = OrganisationPage.objects.filter(
        membership_status__in=CURRENT_MEMBERSHIP, locale__language_code=settings.LANGUAGE_CODE
    )
    if send.country:
        rows = rows.filter(country=send.country)
    if send.kind:
        rows = rows.filter(kind=send.kind)
    if send.membership:
        rows = rows.filter(membership_status=send.membership)
    if send.theme_id:
        rows = rows.filter(themes=send.theme_id)
    return rows


def recipients(send):
    """{address: (language wished, origin)} for `send`'s audience; a language is "" when the
    recipient has none of their own (the subscriber's choice still wins when they made one)."""
    found = {}
    if send.pk and send.lists.exists():
        rows = Subscriber.objects.filter(
            state=Subscriber.State.CONFIRMED, lists__in=send.lists.all()
        ).values_list("email", "language")
        for email, language in rows.distinct().iterator():
            found.setdefault(email, (language, Subscriber.Origin.SIGNUP))
    organisations = _organisations(send)
    if send.member_accounts:
        users = (
            get_user_model()
            .objects.filter(is_active=True, member_profile__organisation__in=organisations)
            .exclude(email="")
        )
        if send.working_group_id:
            users = users.filter(
                group_memberships__group_id=send.working_group_id,
                group_memberships__state="active",
            )
        for email, language in users.values_list(
            "email", "wagtail_userprofile__preferred_language"
        ).iterator():
            language = language if language in _codes() else ""
            found.setdefault(normalise_email(email), (language, Subscriber.Origin.MEMBER))
    if send.member_contacts and not send.working_group_id:
        for email, country in (
            organisations.exclude(contact_email="")
            .values_list("contact_email", "country")
            .iterator()
        ):
            found.setdefault(
                normalise_email(email), (country_language(country), Subscriber.Origin.CONTACT)
            )
    return found
