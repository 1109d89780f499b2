"""The secretariat links a fediverse account to the member organisation it speaks for: from then
on that account's Joins get the member price (and the registration at hand moves to the member
ticket), never before, and only while the organisation is a member."""

import pytest

from cms.events import services
from cms.events.models import MemberActor, Registration
from tests.cms.members_helpers import make_org
from tests.federation.conftest import signed_post

from .conftest import make_event
from .test_federation import INBOX, mobilizon, published


@pytest.fixture
def admin(remote_server):
    """A Mobilizon user on the loopback server, with its key."""
    return remote_server.add_actor("admin")


def _join(client, event, admin, suffix=""):
    fobj = published(event)
    join = mobilizon("join.json", fobj, admin)
    join["id"] += suffix
    response, _h, _b = signed_post(client, INBOX, join, admin)
    assert response.status_code == 202, response.content
    return Registration.objects.get(event=event, remote_actor__uri=admin.uri)


def _link(client, event, registration, organisation):
    return client.post(
        f"/admin/registrations/{event.pk}/{registration.pk}/",
        {"action": "link", "organisation": organisation.pk},
        follow=True,
    )


def test_linked_account_gets_the_member_price_now_and_on_its_next_join(
    client,
    network,
    event_index,
    admin,
    directory,
    secretariat,
):
    """A remote Join pays the public price; once the secretariat links the account to a member
    organisation, this registration moves to the member ticket and the next Join of another
    event gets the member price at once."""
    oulu = make_org(directory, "Oulu Cultural Centre", country="FI")
    first = _join(client, make_event(event_index, capacity=10), admin)
    assert (first.ticket_name, first.price) == ("Non-member", 180)
    client.force_login(secretariat)
    listing = client.get(f"/admin/registrations/{first.event_id}/").content.decode()
    assert "Link to member" in listing and "Oulu Cultural Centre" in listing
    response = _link(client, first.event, first, oulu)
    assert "now has the member ticket" in response.content.decode()
    assert "speaks for Oulu Cultural Centre" in response.content.decode()
    first.refresh_from_db()
    assert (first.ticket_name, first.price) == ("Member", 120)
    second_event = make_event(event_index, capacity=10, title="Autumn meeting", slug="autumn")
    second = _join(client, second_event, admin, suffix="-autumn")
    assert (second.ticket_name, second.price) == ("Member", 120)


def test_no_member_price_for_a_former_member_or_after_unlinking(
    client,
    network,
    event_index,
    admin,
    directory,
    secretariat,
):
    """Linking to an organisation that is not a member is refused with a reason; a link stops
    giving the member price when the organisation leaves the network, or when it is undone."""
    former = make_org(directory, "Former Hall", membership="former")
    oulu = make_org(directory, "Oulu Cultural Centre", country="FI")
    registration = _join(client, make_event(event_index, capacity=10), admin)
    client.force_login(secretariat)
    listing = client.get(f"/admin/registrations/{registration.event_id}/").content.decode()
    assert "Former Hall" not in listing  # only members are offered
    response = _link(client, registration.event, registration, former)
    assert "This organisation is not a member." in response.content.decode()
    assert not MemberActor.objects.exists()
    _link(client, registration.event, registration, oulu)
    oulu.membership_status = "former"
    oulu.save()
    later = _join(client, make_event(event_index, title="Later", slug="later"), admin, "-later")
    assert later.price == 180
    oulu.membership_status = "member"
    oulu.save()
    client.post(
        f"/admin/registrations/{registration.event_id}/{registration.pk}/", {"action": "unlink"}
    )
    assert not MemberActor.objects.exists()
    last = _join(client, make_event(event_index, title="Last", slug="last"), admin, "-last")
    assert last.price == 180


def test_a_full_member_ticket_keeps_the_link_and_the_ticket(
    client,
    network,
    event_index,
    admin,
    directory,
    secretariat,
):
    """When the member ticket has no place left, the link is still made, the registration keeps
    its public ticket, and the secretariat is told why."""
    oulu = make_org(directory, "Oulu Cultural Centre", country="FI")
    event = make_event(
        event_index,
        capacity=10,
        tickets=[
            ("Member", "120.00", "members", 1),
            ("Non-member", "180.00", "everyone", None),
        ],
    )
    member = services.register_by_hand(event, name="Marta", ticket=event.ticket_kinds.first())
    assert member.registration.ticket_name == "Member"
    registration = _join(client, event, admin)
    client.force_login(secretariat)
    response = _link(client, event, registration, oulu)
    assert "the member ticket has no place left" in response.content.decode()
    registration.refresh_from_db()
    assert registration.price == 180
    assert MemberActor.objects.filter(organisation=oulu).exists()


def test_only_the_secretariat_links_accounts(
    client,
    network,
    event_index,
    admin,
    directory,
    member,
):
    """A member cannot link a fediverse account to an organisation (nor unlink one)."""
    oulu = make_org(directory, "Oulu Cultural Centre", country="FI")
    registration = _join(client, make_event(event_index, capacity=10), admin)
    client.force_login(member)
    response = client.post(
        f"/admin/registrations/{registration.event_id}/{registration.pk}/",
        {"action": "link", "organisation": oulu.pk},
    )
    assert response.status_code in (302, 403)
    assert not MemberActor.objects.exists()
    registration.refresh_from_db()
    assert registration.price == 180


@pytest.mark.parametrize("value", ["", "abc", "99999999999999999999", "-1"])
def test_a_hostile_organisation_choice_gets_a_clear_message(
    client, network, event_index, admin, secretariat, value
):
    """A missing, malformed or out-of-range organisation is answered with a message asking to
    choose one, never a 500, and links nothing; so is an out-of-range ticket filter."""
    registration = _join(client, make_event(event_index, capacity=10), admin)
    client.force_login(secretariat)
    url = f"/admin/registrations/{registration.event_id}/"
    response = client.post(
        f"{url}{registration.pk}/", {"action": "link", "organisation": value}, follow=True
    )
    assert response.status_code == 200
    assert "Choose the member organisation" in response.content.decode()
    assert not MemberActor.objects.exists()
    assert client.get(url, {"ticket": value}).status_code == 200
