"""Fixtures of the end-to-end tests: the demo site served as `make run` serves it. The browser
fixtures are the whole suite's (tests/browser.py, through tests/conftest.py)."""

import pytest


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory):
    """The demo site served by uvicorn with its worker, as `make run` serves it.

    Session-scoped: loading the demo in six languages is the slowest step of the browser suite,
    and the tests using it only read or add their own rows."""
    from tests.servers import start_site

    server = start_site(tmp_path_factory.mktemp("demo"), "demo", demo=True)
    yield server
    server.stop()
