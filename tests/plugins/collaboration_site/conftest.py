"""The collaboration site's fixtures: a private group with its convenor, a member and an outsider."""

from dataclasses import dataclass

import pytest


@dataclass
class Group:
    group: object
    convenor: object
    member: object
    outsider: object


def make_group():
    """A private, invitation-only group made through the plugin's own verb."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from wagtail.models import Locale

    from collaboration import services
    from collaboration.models import Membership, WorkingGroup

    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    users = {
        name: get_user_model().objects.create_user(name, f"{name}@example.org", name)
        for name in ("ines", "omar", "zoe")
    }
    group = services.create_group(
        "Steering committee",
        slug="steering",
        visibility=WorkingGroup.Visibility.PRIVATE,
        join_policy=WorkingGroup.JoinPolicy.INVITATION,
        convenor=users["ines"],
    )
    Membership.objects.create(group=group, user=users["omar"])
    return Group(group=group, convenor=users["ines"], member=users["omar"], outsider=users["zoe"])


@pytest.fixture
def steering(db):
    return make_group()


@pytest.fixture
def tsteering(transactional_db):
    return make_group()
