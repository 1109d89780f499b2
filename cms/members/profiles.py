"""What the network's site tells other sites of a member beyond their name (their organisation,
their organisation's logo): `COLLABORATION_PUBLIC_PROFILE` points here."""

from django.conf import settings

from cms.models import MemberProfile


def public_profile_fields(user) -> dict:
    """The organisation the account acts for (with the person's role) and its logo, or nothing
    for an account that acts for none."""
    profile = MemberProfile.objects.filter(user_id=user.pk).select_related("organisation").first()
    if profile is None:
        return {}
    organisation = profile.organisation
    name = organisation.title
    fields = {"organisation": f"{profile.role}, {name}" if profile.role else name}
    if organisation.logo_id:
        rendition = organisation.logo.get_rendition("fill-120x120")
        fields["icon_url"] = settings.SITE_URL + rendition.url
    return fields
