"""The end-to-end harness itself: a real uvicorn server with its worker answers over HTTP."""

import httpx
import pytest

pytestmark = pytest.mark.e2e


def test_site_serves_over_uvicorn(tmp_path):
    """A freshly migrated site under uvicorn answers its health check and redirects / by language."""
    from tests.servers import start_site

    server = start_site(tmp_path, "harness")
    try:
        assert httpx.get(server.url + "/healthz").text == "ok"
        r = httpx.get(server.url + "/", headers={"Accept-Language": "de"})
        assert r.status_code == 302 and r.headers["location"] == "/de/"
    finally:
        server.stop()
