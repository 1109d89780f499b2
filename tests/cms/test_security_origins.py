"""The chat socket opens only from the site's own pages: the whole origin (scheme, host and port)
is compared, through the real ASGI application (cms.asgi) with a member's session cookie."""

import pytest
from channels.db import database_sync_to_async
from django.conf import settings
from django.test import Client
from django.test.utils import override_settings

from cms.security.origins import normalize_origin
from tests.collaboration.communicator import WebsocketCommunicator
from tests.collaboration.conftest import clean_layer, open_socket, tworld  # noqa: F401

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("clean_layer")]


@pytest.mark.parametrize(
    "origin",
    [
        pytest.param(b"http://testserver:9999", id="same host, other port"),
        pytest.param(b"https://testserver", id="same host, other scheme"),
        pytest.param(b"http://127.0.0.1:9999", id="site host, other port"),
        pytest.param(b"https://127.0.0.1:8000", id="site host and port, other scheme"),
        pytest.param(b"https://localhost", id="loopback name"),
        pytest.param(b"http://evil.example", id="foreign host"),
        pytest.param(b"http://testserver.evil.example", id="look-alike host"),
        pytest.param(b"http://testserver:abc", id="malformed port"),
        pytest.param(b"http://testserver/chat", id="not an origin"),
        pytest.param(b"http://user@testserver", id="user info"),
        pytest.param(b"null", id="null"),
        pytest.param(b"", id="empty"),
        pytest.param("http://tëstserver".encode(), id="not ascii"),
        pytest.param(None, id="missing"),
    ],
)
async def test_socket_refused_from_any_other_origin(tworld, origin):  # noqa: F811
    """A page served elsewhere (another port or scheme of the same host, another host) cannot
    open the chat socket with a member's cookie; nor can a request without an Origin."""
    with override_settings(SITE_URL="http://127.0.0.1:8000"):
        comm, connected = await open_socket(tworld.bob, "board", origin=origin, expect=False)
    assert not connected
    await comm.disconnect()


@pytest.mark.parametrize(
    "site_url,origin",
    [
        ("http://127.0.0.1:8000", b"http://127.0.0.1:8000"),
        ("https://like.example", b"https://like.example"),
        ("https://like.example", b"https://LIKE.example:443"),
    ],
)
async def test_socket_opens_from_the_sites_own_origin(tworld, site_url, origin):  # noqa: F811
    """The site's own pages (SITE_URL's origin, however the browser spells the default port)
    open the socket and get the hello frame."""
    with override_settings(SITE_URL=site_url):
        comm, hello = await open_socket(tworld.bob, "board", origin=origin)
    assert hello["type"] == "hello"
    await comm.disconnect()


async def test_two_origins_in_one_handshake_are_refused(tworld):  # noqa: F811
    """A handshake carrying two Origin headers is not the browser's: refused."""
    from cms.asgi import application

    comm = WebsocketCommunicator(
        application,
        "/ws/groups/open-forum/",
        headers=[(b"origin", b"http://testserver"), (b"origin", b"http://evil.example")],
    )
    connected, _code = await comm.connect(timeout=5)
    assert not connected
    await comm.disconnect()


async def test_editor_who_owes_the_code_cannot_open_the_socket(tworld):  # noqa: F811
    """An editor with an authenticator who gave only the password cannot use the chat as
    themselves; with the code given (same session), they can."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from cms.asgi import application

    def cookies():
        bob = tworld.bob
        bob.is_staff = True
        bob.save()
        device = TOTPDevice.objects.create(user=bob, name="phone", confirmed=True)
        half, full = Client(), Client()
        half.force_login(bob)
        full.force_login(bob)
        session = full.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
        return half.cookies["sessionid"].value, full.cookies["sessionid"].value

    half, full = await database_sync_to_async(cookies)()
    for cookie, expected in ((half, False), (full, True)):
        comm = WebsocketCommunicator(
            application,
            "/ws/groups/board/",
            headers=[
                (b"origin", b"http://testserver"),
                (b"cookie", f"sessionid={cookie}".encode()),
            ],
        )
        connected, _code = await comm.connect(timeout=5)
        assert connected is expected
        await comm.disconnect()


def test_origins_are_compared_whole():
    """The comparison key: scheme, host and port, lower case, default ports written out."""
    assert normalize_origin("HTTPS://Like.Example") == "https://like.example:443"
    assert normalize_origin("http://[::1]:8000") == "http://[::1]:8000"
    assert normalize_origin("ws://like.example") == ""
    assert normalize_origin("http://like.example:99999") == ""
    assert normalize_origin(settings.SITE_URL)
