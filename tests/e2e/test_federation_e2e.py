"""Two real sites on 127.0.0.1: B finds @like@A by WebFinger, follows it, and receives A's
news as A's editors publish, translate and unpublish it."""

import json
import time

import httpx
import pytest

from tests.servers import federated_pair

pytestmark = pytest.mark.e2e

AP = {"Accept": "application/activity+json"}

PAGES = """
from wagtail.models import Locale, Site
from cms.models import NewsIndexPage, NewsArticlePage
root = Site.objects.get(is_default_site=True).root_page.specific
index = NewsIndexPage.objects.filter(slug="news").first()
if index is None:
    index = NewsIndexPage(title="News", slug="news")
    root.add_child(instance=index)
    index.save_revision().publish()
"""

PUBLISH = (
    PAGES
    + """
article = NewsArticlePage(title="Culture in cities", slug="culture", summary="Cities and culture")
index.add_child(instance=article)
article.save_revision().publish()
print(article.pk)
"""
)

TRANSLATE = """
from wagtail.models import Locale, Page
fr, _ = Locale.objects.get_or_create(language_code="fr")
article = Page.objects.get(slug="culture", locale__language_code="en").specific
french = article.copy_for_translation(fr, copy_parents=True)
french.title = "La culture en ville"
french.summary = "Les villes et la culture"
french.save()
french.save_revision().publish()
"""

UNPUBLISH = """
from wagtail.models import Page
for page in Page.objects.filter(slug="culture").live():
    page.specific.unpublish()
"""

RECEIVED = """
import json
from federation.models import InboxItem, Follow
print(json.dumps({
    "follows": list(Follow.objects.values_list("direction", "state")),
    "items": [i.payload for i in InboxItem.objects.order_by("received_at", "pk")],
}))
"""


def received(site):
    return json.loads(site.manage("shell", "-c", RECEIVED).stdout.strip().splitlines()[-1])


def wait_for(predicate, site, timeout=60, what="condition"):
    deadline = time.monotonic() + timeout
    state = None
    while time.monotonic() < deadline:
        state = received(site)
        if predicate(state):
            return state
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}: {state}")


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    with federated_pair(tmp_path_factory.mktemp("federation")) as pair:
        yield pair


def test_find_follow_and_receive(sites):
    """B follows @like@A, gets the Accept, then Create, Update (French added) and Delete."""
    a, b = sites
    host_a = a.url.removeprefix("http://")

    # Discovery: WebFinger and the actor document, as any fediverse server would read them.
    jrd = httpx.get(
        f"{a.url}/.well-known/webfinger", params={"resource": f"acct:like@{host_a}"}
    ).json()
    actor_url = next(link["href"] for link in jrd["links"] if link["rel"] == "self")
    assert actor_url == f"{a.url}/ap/actors/like"
    actor = httpx.get(actor_url, headers=AP).json()
    assert actor["endpoints"]["sharedInbox"] == f"{a.url}/ap/inbox"

    # B follows A; A accepts (its worker delivers the Accept to B).
    result = b.manage("federation_follow", f"@like@{host_a}", "--as", "like")
    assert "follows" in result.stdout
    wait_for(lambda s: ["outgoing", "accepted"] in s["follows"], b, what="Accept on B")
    followers = httpx.get(f"{a.url}/ap/actors/like/followers", headers=AP).json()
    assert followers["totalItems"] == 1

    # A publishes: B receives a Create of an Article.
    a.manage("shell", "-c", PUBLISH)
    state = wait_for(
        lambda s: any(i["type"] == "Create" for i in s["items"]), b, what="Create on B"
    )
    create = next(i for i in state["items"] if i["type"] == "Create")
    obj = create["object"]
    assert obj["type"] == "Article"
    assert obj["nameMap"] == {"en": "Culture in cities"}
    assert obj["attributedTo"] == actor_url
    object_id = obj["id"]
    assert httpx.get(object_id, headers=AP).json()["id"] == object_id

    # A's editor adds a French translation: B receives an Update of the same object.
    a.manage("shell", "-c", TRANSLATE)
    state = wait_for(
        lambda s: any(i["type"] == "Update" for i in s["items"]), b, what="Update on B"
    )
    update = next(i for i in state["items"] if i["type"] == "Update")
    assert update["object"]["id"] == object_id
    assert update["object"]["nameMap"] == {"en": "Culture in cities", "fr": "La culture en ville"}
    assert update["object"]["summaryMap"]["fr"] == "Les villes et la culture"
    urls = {u["hrefLang"]: u["href"] for u in update["object"]["url"]}
    assert urls["fr"].startswith(f"{a.url}/fr/")

    # A unpublishes every language: B receives a Delete, and the object is gone (410).
    a.manage("shell", "-c", UNPUBLISH)
    state = wait_for(
        lambda s: any(i["type"] == "Delete" for i in s["items"]), b, what="Delete on B"
    )
    delete = next(i for i in state["items"] if i["type"] == "Delete")
    assert delete["object"]["id"] == object_id
    assert delete["object"]["type"] == "Tombstone"
    assert httpx.get(object_id, headers=AP).status_code == 410
