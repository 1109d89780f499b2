"""Browser fixtures: Debian's Chromium driven by Playwright (never a downloaded browser).

Defined once, for the whole suite (tests/conftest.py imports them): a test module that imported
them itself would get a second session-wide Playwright, which cannot start while the first runs
("Sync API inside the asyncio loop"), and every browser test after it would fail.
"""

import os
import shutil

import pytest

from tests.e2e.csp import WatchedBrowser

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    """A headless Chromium for the session; skipped, saying why, where Chromium is absent."""
    if not os.path.exists(CHROMIUM):
        pytest.skip(
            f"Chromium not found at {CHROMIUM}: install Debian's 'chromium' to run browser tests"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield WatchedBrowser(browser)
        browser.close()


@pytest.fixture(autouse=True)
def _no_csp_violation(request):
    """Every browser test fails if a page it opened broke the Content-Security-Policy."""
    yield
    if "browser" not in request.fixturenames:
        return
    violations = request.getfixturevalue("browser").csp_violations
    seen, violations[:] = list(violations), []
    assert not seen, "Content-Security-Policy violations:\n" + "\n".join(seen)
