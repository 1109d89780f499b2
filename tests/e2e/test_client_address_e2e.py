"""Behind the reverse proxy, sign-in throttling counts the real client: X-Forwarded-For is
believed from a trusted proxy (uvicorn's --forwarded-allow-ips) and ignored from anyone else.
Real uvicorn processes, real HTTP on 127.0.0.1."""

import httpx
import pytest

from tests.servers import free_port, start_site, wait_until_up

pytestmark = pytest.mark.e2e

USERS = """
from django.contrib.auth import get_user_model
User = get_user_model()
for name in ("alice", "bob"):
    User.objects.create_user(name, name + "@example.org", "right-password-123")
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    server = start_site(tmp_path_factory.mktemp("client-address"), "xff", worker=False)
    try:
        server.manage("shell", "-c", USERS)
        yield server
    finally:
        server.stop()


@pytest.fixture
def untrusting_url(site):
    """A second web process on the same database whose only trusted proxy is an address that
    never connects: every connection from 127.0.0.1 is then a client, not a proxy."""
    port = free_port()
    env, site.env = site.env, {**site.env, "FORWARDED_ALLOW_IPS": "192.0.2.1"}
    try:
        web = site.start_web(port, log_name="web-untrusting")
    finally:
        site.env = env
    url = f"http://127.0.0.1:{port}"
    wait_until_up(url + "/healthz", web)
    yield url
    web.terminate()
    web.wait(timeout=10)


def sign_in(base, username, password, forwarded_for):
    with httpx.Client(base_url=base, timeout=10) as client:
        client.get("/en/membership/login/")
        response = client.post(
            "/en/membership/login/",
            data={
                "csrfmiddlewaretoken": client.cookies["csrftoken"],
                "username": username,
                "password": password,
            },
            headers={"X-Forwarded-For": forwarded_for},
        )
        return response.status_code


def test_trusted_proxy_address_is_the_forwarded_client(site):
    """Through the proxy (127.0.0.1, trusted by default), guesses from one client lock that
    client's address; another client behind the same proxy signs in."""
    site.manage("axes_reset")
    for number in range(5):
        sign_in(site.url, f"nobody{number}", "guess", "203.0.113.9")
    assert sign_in(site.url, "alice", "right-password-123", "203.0.113.9") == 429
    assert sign_in(site.url, "alice", "right-password-123", "203.0.113.10") == 302


def test_a_client_cannot_dodge_by_writing_the_header(site, untrusting_url):
    """Connecting straight to uvicorn, a client that writes a new X-Forwarded-For for each guess
    is still counted under its real address, and locked."""
    site.manage("axes_reset")
    for number in range(5):
        sign_in(untrusting_url, f"nobody{number}", "guess", f"198.51.100.{number + 1}")
    assert sign_in(untrusting_url, "bob", "right-password-123", "198.51.100.77") == 429
    site.manage("axes_reset")
