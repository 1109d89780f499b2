"""The Federation admin screens cost the same number of queries whatever the number of rows."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from federation.models import (
    Actor,
    Delivery,
    DomainBlock,
    Follow,
    OutboxActivity,
    RemoteActor,
    RemotePost,
)
from tests.federation.conftest import keypair


def make_rows(network, start: int, count: int) -> None:
    """`count` of everything the admin lists, each with its own related rows."""
    for i in range(start, start + count):
        private, public = keypair(0)  # an actor without keys would make new ones: slow
        local = Actor.objects.create(
            username=f"org{i}",
            actor_type="Organization",
            name=f"O{i}",
            private_key_pem=private,
            public_key_pem=public,
        )
        remote = RemoteActor.objects.create(
            uri=f"https://peer{i}.example/users/a", domain=f"peer{i}.example", username="a"
        )
        Follow.objects.create(
            local_actor=local, remote_actor=remote, direction=Follow.INCOMING, state="accepted"
        )
        Follow.objects.create(
            local_actor=network,
            remote_actor=remote,
            direction=Follow.OUTGOING,
            activity_id=f"http://testserver/ap/activities/{uuid.uuid4()}",
        )
        activity = OutboxActivity.objects.create(actor=local, activity_type="Create", document={})
        Delivery.objects.create(
            activity=activity,
            inbox_url=f"https://peer{i}.example/inbox",
            host=f"peer{i}.example",
            last_error="HTTP 502",
        )
        RemotePost.objects.create(
            object_id=f"https://peer{i}.example/p/1", actor=remote, kind="note", name=f"P{i}"
        )
        DomainBlock.objects.create(domain=f"spam{i}.example")


SCREENS = [
    "federation_following:index",
    "federation_posts:index",
    "federation_follows:index",
    "federation_deliveries:index",
    "federation_actors:index",
    "federation_domain_blocks:index",
]


@pytest.mark.parametrize("screen", SCREENS)
def test_admin_lists_cost_constant_queries(admin_client, network, screen):
    """Listing 9 rows costs no more queries than listing 3."""
    url = reverse(screen)
    admin_client.get(url)  # warm per-process caches (permissions, site settings)
    make_rows(network, 0, 3)
    with CaptureQueriesContext(connection) as three:
        assert admin_client.get(url).status_code == 200
    make_rows(network, 3, 6)
    with CaptureQueriesContext(connection) as nine:
        response = admin_client.get(url)
    assert response.status_code == 200
    assert len(nine) == len(three), "\n".join(q["sql"] for q in nine.captured_queries)
