"""The admin's Federation menu: followers, deliveries and blocked domains are there to read."""

from django.urls import reverse

from federation.models import Delivery, DomainBlock, Follow, OutboxActivity, RemoteActor


def test_admin_lists_followers_and_deliveries(admin_client, network):
    """Editors see followers, deliveries with their last error, and local actors in the admin."""
    remote = RemoteActor.objects.create(
        uri="https://peer.example/users/a", domain="peer.example", username="a"
    )
    Follow.objects.create(
        local_actor=network, remote_actor=remote, direction=Follow.INCOMING, state=Follow.ACCEPTED
    )
    activity = OutboxActivity.objects.create(actor=network, activity_type="Create", document={})
    Delivery.objects.create(
        activity=activity,
        inbox_url="https://peer.example/inbox",
        host="peer.example",
        state=Delivery.RETRYING,
        attempts=2,
        last_error="HTTP 502: bad gateway",
    )
    response = admin_client.get(reverse("federation_follows:index"))
    assert response.status_code == 200
    assert "@a@peer.example" in response.content.decode()
    response = admin_client.get(reverse("federation_deliveries:index"))
    assert response.status_code == 200
    assert "HTTP 502: bad gateway" in response.content.decode()
    assert admin_client.get(reverse("federation_actors:index")).status_code == 200


def test_deliveries_cannot_be_edited(admin_client, network):
    """Deliveries are written by the machinery only: even a superuser may not add, edit or delete
    one, and the list offers no "Add" button."""
    from federation.models import Delivery
    from federation.wagtail_hooks import ReadOnlyPolicy

    admin = admin_client.get(reverse("federation_deliveries:index")).wsgi_request.user
    policy = ReadOnlyPolicy(Delivery)
    assert not any(policy.user_has_permission(admin, a) for a in ("add", "change", "delete"))
    assert policy.user_has_permission(admin, "view")
    listing = admin_client.get(reverse("federation_deliveries:index")).content.decode()
    assert "federation_deliveries/new/" not in listing


def test_admin_blocks_a_domain(admin_client, network):
    """An editor blocks a domain from the admin; it is stored lower-case and covers its
    subdomains."""
    response = admin_client.post(
        reverse("federation_domain_blocks:add"), {"domain": "Spam.Example", "reason": "spam"}
    )
    assert response.status_code == 302
    assert DomainBlock.objects.get().domain == "spam.example"
    assert DomainBlock.is_blocked("mail.spam.example")
