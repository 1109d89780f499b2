"""What the network's site tells other sites of a member: their organisation and its logo."""

import pytest

from cms.members.profiles import public_profile_fields
from collaboration.federation.profiles import public_profile
from tests.cms.members_helpers import directory, make_org, make_user  # noqa: F401

pytestmark = pytest.mark.django_db


def test_a_member_is_shown_with_role_organisation_and_logo(directory, image, settings):  # noqa: F811
    """Other sites see "role, organisation" and the organisation's logo (an absolute URL on
    this site); an account of no organisation shows its name only."""
    settings.SITE_URL = "https://like.example"
    org = make_org(directory, "Lille Métropole")
    org.logo = image
    org.save_revision().publish()
    user = make_user("maud", organisation=org)
    user.member_profile.role = "Cultural officer"
    user.member_profile.save()

    fields = public_profile_fields(user)
    assert fields["organisation"] == "Cultural officer, Lille Métropole"
    assert fields["icon_url"].startswith("https://like.example/") and fields["icon_url"].endswith(
        (".png", ".jpg", ".jpeg", ".webp", ".gif")
    )
    assert public_profile(user)["organisation"] == "Cultural officer, Lille Métropole"
    assert public_profile_fields(make_user("solo")) == {}
