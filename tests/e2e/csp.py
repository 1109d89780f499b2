"""Content-Security-Policy violations fail browser tests: every page a test opens is watched.

The `browser` fixture hands out a WatchedBrowser: each context and page it creates reports, as a
console error, every `securitypolicyviolation` event of its documents, and Chromium's own
"Refused to ... Content Security Policy" messages are collected too. The autouse fixture in
tests/e2e/conftest.py fails the test (at teardown) when any was seen.
"""

from __future__ import annotations

# Runs in every document before the page's own scripts (Playwright's init scripts are not
# subject to the page's policy).
REPORTER = """
document.addEventListener('securitypolicyviolation', (event) => {
  console.error('CSP violation: ' + JSON.stringify({
    directive: event.effectiveDirective, blocked: event.blockedURI,
    source: event.sourceFile, line: event.lineNumber, sample: event.sample,
  }));
});
"""


class ViolationLog(list):
    """What the watched pages reported, as "url: message" lines."""

    def watch_context(self, context):
        context.add_init_script(REPORTER)
        context.on("page", self.watch_page)
        for page in context.pages:
            self.watch_page(page)
        return context

    def watch_page(self, page):
        if getattr(page, "_csp_watched", False):
            return page
        page._csp_watched = True
        page.on("console", lambda message: self._console(page, message))
        return page

    def _console(self, page, message):
        text = message.text
        if message.type == "error" and (
            text.startswith("CSP violation:") or "Content Security Policy" in text
        ):
            self.append(f"{page.url}: {text}")


class WatchedBrowser:
    """A Playwright Browser whose new contexts and pages are watched for violations."""

    def __init__(self, browser):
        self._browser = browser
        self.csp_violations = ViolationLog()

    def new_context(self, **kwargs):
        return self.csp_violations.watch_context(self._browser.new_context(**kwargs))

    def new_page(self, **kwargs):
        page = self._browser.new_page(**kwargs)
        page.context.add_init_script(REPORTER)
        return self.csp_violations.watch_page(page)

    def __getattr__(self, name):
        return getattr(self._browser, name)
