"""Two real sites on 127.0.0.1: B's editor follows @like@A from B's admin, A accepts, and B's
network feed shows A's news in the visitor's language, its edits, its removal; after B unfollows,
A's next news does not reach B."""

import json
import re
import time

import httpx
import pytest

from tests.e2e.site_scripts import FEED_SITE, TRANSLATE_TO_FRENCH, publish_news, unpublish, wait_for
from tests.servers import federated_pair

pytestmark = pytest.mark.e2e

AP = {"Accept": "application/activity+json"}


EDIT = """
from wagtail.models import Page
article = Page.objects.get(slug="culture", locale__language_code="en").specific
article.title = "Culture in cities, revised"
article.save_revision().publish()
"""

DELIVERIES_OF_LAST = """
from federation.models import OutboxActivity
last = OutboxActivity.objects.filter(activity_type="Create").order_by("-created_at", "-id").first()
print(last.deliveries.count(), last.document["object"]["name"])
"""


def csrf(client, url):
    page = client.get(url)
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert match, f"no CSRF token on {url}"
    return match.group(1)


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    with federated_pair(tmp_path_factory.mktemp("feed")) as pair:
        yield pair


def admin_client(site) -> httpx.Client:
    client = httpx.Client(base_url=site.url, timeout=30, follow_redirects=True)
    token = csrf(client, "/admin/login/")
    response = client.post(
        "/admin/login/",
        data={
            "username": "boss",
            "password": "pw",
            "csrfmiddlewaretoken": token,
            "next": "/admin/",
        },
    )
    assert response.status_code == 200 and "/admin/login/" not in str(response.url)
    return client


def test_follow_from_admin_then_feed_follows_a(sites):
    """Once B follows A from its admin, B's feed shows A's article, its French translation on
    the French feed, its edit, and loses it when A unpublishes; after B unfollows, A sends B
    nothing more."""
    a, b = sites
    host_a = a.url.removeprefix("http://")
    feed_en, feed_fr = b.manage("shell", "-c", FEED_SITE).stdout.strip().splitlines()[-1].split()
    assert feed_fr.startswith("/fr/")

    # B's editor looks @like@A up, sees it, confirms.
    admin = admin_client(b)
    token = csrf(admin, "/admin/federation_following/follow/")
    confirm = admin.post(
        "/admin/federation_following/follow/",
        data={"handle": f"@like@{host_a}", "csrfmiddlewaretoken": token},
    )
    assert "LIKE A" in confirm.text and "Organization" in confirm.text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', confirm.text).group(1)
    listing = admin.post(
        "/admin/federation_following/follow/",
        data={
            "handle": f"@like@{host_a}",
            "actor_uri": f"{a.url}/ap/actors/like",
            "confirm": "1",
            "csrfmiddlewaretoken": token,
        },
    )
    assert "LIKE A" in listing.text
    wait_for(
        lambda: 'data-state="accepted"' in admin.get("/admin/federation_following/").text,
        what="A's Accept on B",
    )
    assert httpx.get(f"{a.url}/ap/actors/like/followers", headers=AP).json()["totalItems"] == 1

    # A publishes in English, then adds French.
    a.manage("shell", "-c", publish_news("Culture in cities", "culture"))
    wait_for(lambda: "Culture in cities" in httpx.get(b.url + feed_en).text, what="Create on B")
    a.manage("shell", "-c", TRANSLATE_TO_FRENCH)

    def french_feed():
        text = httpx.get(b.url + feed_fr).text
        return text if "La culture en ville" in text else ""

    french = wait_for(french_feed, what="French on B")
    assert "Les villes et la culture" in french
    assert 'lang="fr"' in french
    english = httpx.get(b.url + feed_en).text
    assert "Culture in cities" in english and "La culture en ville" not in english
    assert f'href="{a.url}/en/' in english  # links to the original

    # A edits: B shows the edit.
    a.manage("shell", "-c", EDIT)
    wait_for(
        lambda: "Culture in cities, revised" in httpx.get(b.url + feed_en).text,
        what="Update on B",
    )

    # A unpublishes: gone from B.
    a.manage("shell", "-c", unpublish("culture"))
    wait_for(
        lambda: "Culture in cities" not in httpx.get(b.url + feed_en).text,
        what="Delete on B",
    )

    # B unfollows from its admin: A no longer lists B; A's next news does not reach B.
    listing = admin.get("/admin/federation_following/").text
    follow_id = re.search(r"/admin/federation_following/(\d+)/unfollow/", listing).group(1)
    admin.post(
        f"/admin/federation_following/{follow_id}/unfollow/",
        data={"csrfmiddlewaretoken": csrf(admin, "/admin/federation_following/")},
    )
    wait_for(
        lambda: (
            httpx.get(f"{a.url}/ap/actors/like/followers", headers=AP).json()["totalItems"] == 0
        ),
        what="Undo on A",
    )
    a.manage("shell", "-c", publish_news("After the unfollow", "after"))
    out = a.manage("shell", "-c", DELIVERIES_OF_LAST).stdout.strip().splitlines()[-1]
    assert out == "0 After the unfollow"
    time.sleep(3)
    assert "After the unfollow" not in httpx.get(b.url + feed_en).text
    received = b.manage(
        "shell",
        "-c",
        "import json; from federation.models import InboxItem; "
        "print(json.dumps([i.payload.get('object', {}).get('name') for i in InboxItem.objects.filter(activity_type='Create')]))",
    )
    assert "After the unfollow" not in json.loads(received.stdout.strip().splitlines()[-1])
