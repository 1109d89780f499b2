"""What other sites see of a member (their Person actor), and the page where they choose it."""

import pytest

from collaboration.federation.actors import person_actor
from collaboration.federation.models import PublicProfile
from tests.collaboration.federation.conftest import sent
from tests.collaboration.federation.test_hosting import follow

AP = {"Accept": "application/activity+json"}
PAGE = "/en/groups/elsewhere/profile/"


def organisation_of(user):
    """The site's answer in these tests (COLLABORATION_PUBLIC_PROFILE)."""
    return {"organisation": "Director, Arts Centre Tallinn"} if user.username == "bob" else {}


@pytest.fixture
def site_profiles(settings):
    settings.COLLABORATION_PUBLIC_PROFILE = f"{__name__}.organisation_of"


def test_the_person_actor_shows_the_organisation_and_the_members_words(
    client, world, site_profiles
):
    """Other sites see the member's organisation and the few words they wrote, escaped, and
    still no e-mail address."""
    PublicProfile.objects.create(user=world.bob, about="Theatre & <b>dance</b> programmer")
    actor = person_actor(world.bob)
    doc = client.get(f"/ap/actors/{actor.username}", headers=AP).json()
    assert doc["summary"] == (
        "<p>Director, Arts Centre Tallinn</p><p>Theatre &amp; &lt;b&gt;dance&lt;/b&gt; programmer</p>"
    )
    assert "bob@example.org" not in str(doc)


def test_a_member_hides_the_organisation_and_their_groups_sites_are_told(
    client, world, site_profiles, peer, deliver, django_capture_on_commit_callbacks
):
    """On their profile page Bob sees what other sites show and unticks his organisation: his
    actor no longer shows it, and the server of the group he is in across sites receives an
    Update of his actor."""
    from collaboration.models import Membership, WorkingGroup

    WorkingGroup.objects.filter(pk=world.public.pk).update(join_policy="open")
    alice = peer.add_actor("alice")
    assert deliver(follow(peer, alice), alice).status_code == 202
    assert Membership.objects.filter(group=world.public, user__username__startswith="alice@")
    actor = person_actor(world.bob)

    client.force_login(world.bob)
    page = client.get(PAGE).content.decode()
    assert "Director, Arts Centre Tallinn" in page and "@bob@testserver" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(PAGE, {"about": "Programmer"}, follow=True)
    assert "Saved" in response.content.decode()

    doc = client.get(f"/ap/actors/{actor.username}", headers=AP).json()
    assert doc["summary"] == "<p>Programmer</p>"
    updates = sent(peer, "Update")
    assert len(updates) == 1
    assert (
        updates[0]["actor"] == actor.uri and updates[0]["object"]["summary"] == "<p>Programmer</p>"
    )


def test_the_profile_page_refuses_too_many_words_and_strips_markup(client, world):
    """Too long a text is refused with the limit, keeping what was typed; markup is removed;
    signed out, the page asks to sign in."""
    assert client.get(PAGE).status_code == 302
    client.force_login(world.carol)
    response = client.post(PAGE, {"about": "x" * 301})
    assert response.status_code == 400
    assert "At most 300 characters" in response.content.decode()
    assert not PublicProfile.objects.filter(user=world.carol).exists()
    client.post(PAGE, {"about": "<script>alert(1)</script>Hello"})
    assert PublicProfile.objects.get(user=world.carol).about == "Hello"


def test_a_member_never_seen_elsewhere_gets_no_actor_from_the_page(client, world):
    """Opening and saving the profile page does not make an actor for someone who has not
    taken part across sites (nothing to tell, nobody to tell)."""
    from federation.models import Actor

    client.force_login(world.carol)
    client.get(PAGE)
    client.post(PAGE, {"about": "Hi"})
    assert not Actor.objects.filter(object_key=str(world.carol.pk)).exists()
