"""The Content-Security-Policy holds on every kind of page, the admin's scoped exception included."""

import base64
import hashlib
import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings

from collaboration import services as collaboration
from collaboration.models import WorkingGroup
from federation.models import NetworkFeedPage
from tests.cms.members_helpers import directory, make_org  # noqa: F401

pytestmark = pytest.mark.django_db

#: What holds everywhere, the admin included.
EVERYWHERE = {
    "object-src": "'none'",
    "frame-ancestors": "'self'",
    "base-uri": "'self'",
    "form-action": "'self'",
}


def policy(response):
    header = response.headers.get("Content-Security-Policy")
    assert header, f"no Content-Security-Policy on {response.request['PATH_INFO']}"
    directives = {}
    for part in header.split(";"):
        name, _sep, value = part.strip().partition(" ")
        directives[name] = value
    return directives


def assert_strict(directives):
    """Scripts only from the site's files (or a nonce), never inline or evaluated."""
    script = directives["script-src"].split()
    assert "'self'" in script
    assert "'unsafe-inline'" not in script and "'unsafe-eval'" not in script
    assert "data:" not in script and "*" not in script
    assert "'unsafe-inline'" not in directives["style-src"].split()
    for name, value in EVERYWHERE.items():
        assert directives[name] == value, name


@pytest.fixture
def site_pages(
    home,
    standard_page,
    make_news,
    make_events,
    make_publications,
    news_index,
    event_index,
    publication_index,
    directory,  # noqa: F811
):
    organisation = make_org(directory, "City of Lille")
    feed = NetworkFeedPage(title="From allied networks", slug="network")
    home.add_child(instance=feed)
    feed.save_revision().publish()
    alice = get_user_model().objects.create_user("alice", "alice@example.org", "pw")
    collaboration.create_group(
        "Open forum",
        slug="open-forum",
        visibility=WorkingGroup.Visibility.PUBLIC,
        join_policy=WorkingGroup.JoinPolicy.OPEN,
        convenor=alice,
    )
    return {
        "home": home.url,
        "standard": standard_page.url,
        "news index": news_index.url,
        "news article": make_news(1)[0].url,
        "event index": event_index.url,
        "event": make_events(1)[0].url,
        "publication index": publication_index.url,
        "publication": make_publications(1)[0].url,
        "directory": directory.url,
        "organisation": organisation.url,
        "network feed": feed.url,
        "working groups": "/en/groups/",
        "discussion": "/en/groups/open-forum/",
        "join form": "/en/membership/join/",
        "members' sign-in": "/en/membership/login/",
        "search": "/en/search/?q=culture",
        "not found": "/en/no-such-page/",
    }


def test_every_site_page_forbids_inline_scripts(client, site_pages):
    """Each kind of page a visitor can open carries the policy: a script injected into the page
    (inline, an event handler, a foreign file) would not run, no plugin loads, no other site can
    frame it, and forms post only to the site."""
    for name, url in site_pages.items():
        response = client.get(url)
        assert response.status_code == (404 if name == "not found" else 200), name
        directives = policy(response)
        assert_strict(directives)
        assert directives["default-src"] == "'self'", name
        # The chat's WebSocket is the only connection a page opens, to the site itself.
        assert directives["connect-src"].split()[0] == "'self'", name


def test_the_admin_keeps_every_protection_but_inline_scripts(client, home):
    """Wagtail 8's admin renders inline scripts a nonce cannot reach (date widgets, inline
    panels): under /admin/ only, inline scripts and styles are allowed; plugins, framing by other
    sites and foreign form targets stay forbidden there too."""
    boss = get_user_model().objects.create_superuser("boss", "boss@like.example", "pw")
    client.force_login(boss)
    for url in ("/admin/", f"/admin/pages/{home.pk}/edit/", "/admin/login/"):
        response = client.get(url, follow=url.endswith("login/"))
        directives = policy(response)
        assert "'unsafe-inline'" in directives["script-src"].split(), url
        assert "'unsafe-eval'" not in directives["script-src"], url
        assert "nonce-" not in directives["script-src"], url  # a nonce would void unsafe-inline
        for name, value in EVERYWHERE.items():
            assert directives[name] == value, (url, name)
    # ... and the site's own pages, for the same signed-in editor, stay strict.
    assert_strict(policy(client.get(home.url)))


def test_a_template_nonce_is_announced_in_the_header(rf):
    """A template that writes `nonce="{{ request.csp_nonce }}"` on an inline script gets the
    same nonce in the header, so that script, and only it, runs."""
    from django.http import HttpResponse
    from django.template import engines

    from cms.security.csp import CSPMiddleware

    template = engines["django"].from_string('<script nonce="{{ request.csp_nonce }}">1</script>')

    def view(request):
        return HttpResponse(template.render({}, request))

    request = rf.get("/en/")
    response = CSPMiddleware(view)(request)
    nonce = re.search(r'nonce="([^"]+)"', response.content.decode()).group(1)
    assert f"'nonce-{nonce}'" in policy(response)["script-src"].split()


def test_server_error_page_style_is_allowed_by_its_hash(client, settings):
    """The 500 page, rendered without a request (no nonce), keeps its look: the header allows
    its one inline style by hash, and the hash is that of the style in 500.html today."""
    html = (Path(settings.BASE_DIR) / "cms/templates/500.html").read_text()
    style = re.search(r"<style>(.*?)</style>", html, re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    assert f"'sha256-{digest}'" == settings.ERROR_PAGE_STYLE_HASH, (
        "500.html's style changed: update ERROR_PAGE_STYLE_HASH in cms/settings/base.py"
    )

    def boom(request):
        raise RuntimeError("boom")

    from django.urls import path

    urlpatterns = [path("boom/", boom)]
    client.raise_request_exception = False
    with override_settings(ROOT_URLCONF=type("urls", (), {"urlpatterns": urlpatterns})):
        response = client.get("/boom/")
    assert response.status_code == 500
    assert f"'sha256-{digest}'" in policy(response)["style-src"].split()


def test_no_inline_handlers_or_unnonced_scripts_in_templates(settings):
    """No template of ours has an inline event handler, a javascript: URL, or an inline script
    without the request's nonce (JSON data blocks are data, not scripts)."""
    root = Path(settings.BASE_DIR)
    offenders = []
    for template in [
        *root.glob("cms/templates/**/*.html"),
        *root.glob("collaboration/templates/**/*.html"),
        *root.glob("federation/templates/**/*.html"),
    ]:
        text = template.read_text()
        if re.search(r"<[a-z][^>]*\son[a-z]+\s*=", text, re.I) or "javascript:" in text:
            offenders.append(f"{template}: inline handler")
        for tag in re.findall(r"<script\b[^>]*>", text, re.I):
            if "src=" in tag or "csp_nonce" in tag or "application/json" in tag:
                continue
            offenders.append(f"{template}: {tag}")
    assert offenders == []
