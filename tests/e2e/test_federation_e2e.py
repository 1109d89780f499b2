"""Two real sites on 127.0.0.1: B finds @like@A by WebFinger, follows it, and receives A's
news as A's editors publish, translate and unpublish it."""

import json

import httpx
import pytest

from tests.e2e.site_scripts import TRANSLATE_TO_FRENCH, publish_news, unpublish, wait_for
from tests.servers import federated_pair

pytestmark = pytest.mark.e2e

AP = {"Accept": "application/activity+json"}

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


def wait_until(predicate, site, what):
    """Poll the site's received state until predicate(state) holds; return the state."""

    def state_if_ready():
        state = received(site)
        return state if predicate(state) else None

    return wait_for(state_if_ready, what=what)


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
    wait_until(lambda s: ["outgoing", "accepted"] in s["follows"], b, what="Accept on B")
    followers = httpx.get(f"{a.url}/ap/actors/like/followers", headers=AP).json()
    assert followers["totalItems"] == 1

    # A publishes: B receives a Create of an Article.
    a.manage("shell", "-c", publish_news("Culture in cities", "culture"))
    state = wait_until(
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
    a.manage("shell", "-c", TRANSLATE_TO_FRENCH)
    state = wait_until(
        lambda s: any(i["type"] == "Update" for i in s["items"]), b, what="Update on B"
    )
    update = next(i for i in state["items"] if i["type"] == "Update")
    assert update["object"]["id"] == object_id
    assert update["object"]["nameMap"] == {"en": "Culture in cities", "fr": "La culture en ville"}
    assert update["object"]["summaryMap"]["fr"] == "Les villes et la culture"
    urls = {u["hreflang"]: u["href"] for u in update["object"]["url"]}
    assert urls["fr"].startswith(f"{a.url}/fr/")

    # A unpublishes every language: B receives a Delete, and the object is gone (410).
    a.manage("shell", "-c", unpublish("culture"))
    state = wait_until(
        lambda s: any(i["type"] == "Delete" for i in s["items"]), b, what="Delete on B"
    )
    delete = next(i for i in state["items"] if i["type"] == "Delete")
    assert delete["object"]["id"] == object_id
    assert delete["object"]["type"] == "Tombstone"
    assert httpx.get(object_id, headers=AP).status_code == 410
