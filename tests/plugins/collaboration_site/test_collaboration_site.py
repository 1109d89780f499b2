"""`collaboration` installed alone into a bare Wagtail site: what the site's integrator sees."""

import sys

import pytest
from channels.db import database_sync_to_async
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client

from collaboration import services
from collaboration.models import Message, WorkingGroup
from tests.collaboration.communicator import WebsocketCommunicator
from tests.plugins.helpers import import_all

ORIGIN = (b"origin", b"http://testserver")


def test_the_site_runs_without_federation_or_the_network_site():
    """Every module of the plugin (but its optional federated part) loads without `federation`
    or `cms` installed."""
    import_all("collaboration", skip=("collaboration.federation",))
    from .asgi import application  # noqa: F401

    assert not apps.is_installed("federation") and not apps.is_installed("cms")
    assert "federation" not in sys.modules
    assert "cms" not in sys.modules


def test_migrations_apply_and_none_are_missing(db):
    """`migrate` leaves nothing unapplied, and the models need no migration of the site's."""
    executor = MigrationExecutor(connection)
    assert executor.migration_plan(executor.loader.graph.leaf_nodes()) == []
    assert any(app == "collaboration" for app, _name in executor.loader.applied_migrations)
    call_command("makemigrations", "collaboration", check=True, dry_run=True)


def test_member_posts_and_the_group_page_shows_it(client, steering):
    """A message a member posts appears on the group's page for members, which outsiders and
    visitors cannot open."""
    message, created = services.post_message(
        steering.member, steering.group, "Agenda", "Budget **first**"
    )
    assert created and message.html == "<p>Budget <strong>first</strong></p>"
    assert WorkingGroup.objects.get(slug="steering").messages.get() == message

    client.force_login(steering.convenor)
    page = client.get("/groups/steering/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Steering committee" in html and "Budget <strong>first</strong>" in html
    assert "<main>" in html  # the site's own base template

    for user in (steering.outsider, None):
        client.logout()
        if user is not None:
            client.force_login(user)
        assert client.get("/groups/steering/").status_code == 404


def session_cookie(user):
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


async def open_socket(user):
    from .asgi import application

    cookie = await database_sync_to_async(session_cookie)(user)
    headers = [ORIGIN, (b"cookie", f"sessionid={cookie}".encode())]
    comm = WebsocketCommunicator(application, "/ws/groups/steering/", headers=headers)
    connected, code = await comm.connect(timeout=5)
    return comm, connected, code


@pytest.mark.django_db(transaction=True)
async def test_socket_accepts_a_member_refuses_an_outsider_and_delivers_live(tsteering):
    """A member's page connects and receives a message posted through the verb at once; an
    outsider's connection is closed with 4403."""
    outsider, connected, code = await open_socket(tsteering.outsider)
    assert not connected and code == 4403
    await outsider.disconnect()

    member, connected, _code = await open_socket(tsteering.member)
    assert connected
    hello = await member.receive_json_from(timeout=5)
    assert hello["type"] == "hello" and hello["can_post"] is True

    await database_sync_to_async(services.post_message)(
        tsteering.convenor, tsteering.group, "Agenda", "Welcome aboard"
    )
    while (frame := await member.receive_json_from(timeout=5))["type"] != "message":
        pass
    assert frame["message"]["body"] == "Welcome aboard"
    assert frame["message"]["author"]["username"] == "ines"
    assert await database_sync_to_async(Message.objects.count)() == 1
    await member.disconnect()
