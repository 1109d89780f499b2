"""Finding the groups of the networks this site follows: our public groups listed at /ap/groups
(linked from the site's actors), the list read from a followed site when its Accept arrives,
hostile lists refused, and the join page offering the groups known with a Join button each."""

import pytest

from collaboration import services
from collaboration.federation import discovery
from collaboration.federation.actors import NS
from collaboration.federation.models import RemoteGroup
from collaboration.models import Membership, WorkingGroup
from federation.actors import ensure_network_actor
from federation.models import Follow, RemoteActor
from federation.remote import update_from_document
from federation.signatures import sign_cavage
from tests.collaboration.federation import test_hosting
from tests.collaboration.federation.conftest import sent
from tests.federation.conftest import SITE, keypair

pytestmark = pytest.mark.django_db
AP = {"Accept": "application/activity+json"}


# -- our list -----------------------------------------------------------------------------------


def listed(client, headers=None):
    first = client.get("/ap/groups", headers=headers or AP)
    assert first.status_code == 200
    collection = first.json()
    assert collection["type"] == "OrderedCollection"
    items, url = [], collection["first"]
    while url:
        page = client.get(url.removeprefix(SITE), headers=headers or AP).json()
        assert page["type"] == "OrderedCollectionPage" and page["partOf"] == collection["id"]
        items += page["orderedItems"]
        url = page.get("next")
    assert collection["totalItems"] == len(items)
    return items


def test_our_public_groups_are_listed_and_private_ones_never(world, client, peer, deliver):
    """/ap/groups lists the actor of every public group people of other sites may ask to join;
    the private board is absent, unsigned or signed by a server one of its members writes
    from, and so are a group joined by invitation only and a direct conversation."""
    services.create_group(
        "Closed circle",
        slug="closed-circle",
        visibility=WorkingGroup.Visibility.PUBLIC,
        join_policy=WorkingGroup.JoinPolicy.INVITATION,
        convenor=world.alice,
    )
    services.open_direct_conversation(world.alice, world.bob)
    assert listed(client) == [f"{SITE}/ap/actors/open_forum"]
    WorkingGroup.objects.filter(pk=world.private.pk).update(join_policy="open")
    ann = peer.add_actor("ann")
    deliver(test_hosting.follow(peer, ann, f"{SITE}/ap/actors/board"), ann)

    def signed(path):
        headers = sign_cavage(
            "GET", SITE + path, key_id=ann.key_id, private_key_pem=ann.private_pem
        )
        return {**headers, **AP}

    first = client.get("/ap/groups", headers=signed("/ap/groups")).json()
    page = client.get("/ap/groups?page=1", headers=signed("/ap/groups?page=1")).json()
    assert first["totalItems"] == 1
    assert page["orderedItems"] == [f"{SITE}/ap/actors/open_forum"]


def test_the_list_is_paged(world, client, monkeypatch):
    """Many groups come in pages, oldest first, each linking the next and the previous; a
    page that is not a number answers 404."""
    monkeypatch.setattr(discovery, "PAGE_SIZE", 2)
    for n in range(3):
        services.create_group(
            f"Group {n}",
            slug=f"group-{n}",
            visibility=WorkingGroup.Visibility.PUBLIC,
            join_policy=WorkingGroup.JoinPolicy.OPEN,
            convenor=world.alice,
        )
    second = client.get("/ap/groups?page=2", headers=AP).json()
    assert second["prev"] == f"{SITE}/ap/groups?page=1" and "next" not in second
    assert len(second["orderedItems"]) == 2
    items = listed(client)
    assert items[0] == f"{SITE}/ap/actors/open_forum"
    assert items[1:] == [f"{SITE}/ap/actors/group_{n}" for n in range(3)]
    assert client.get("/ap/groups?page=x", headers=AP).status_code == 404


def test_the_site_actor_links_its_groups_with_a_term_of_our_context(world, client):
    """The network's actor says where its groups are listed (`workingGroups`), a term its
    JSON-LD context defines in our namespace."""
    ensure_network_actor(name="LIKE")
    document = client.get("/ap/actors/like", headers=AP).json()
    assert document["workingGroups"] == f"{SITE}/ap/groups"
    terms = [c for c in document["@context"] if isinstance(c, dict) and "workingGroups" in c]
    assert terms and terms[0]["workingGroups"]["@id"] == "rencontres:workingGroups"
    assert terms[0]["rencontres"] == NS


# -- reading another site's list ----------------------------------------------------------------


def serve_group(peer, name, **extra):
    _private, public = keypair(2)
    uri = f"{peer.url}/ap/actors/{name}"
    peer.documents[f"/ap/actors/{name}"] = {
        "@context": ["https://www.w3.org/ns/activitystreams"],
        "id": uri,
        "type": "Group",
        "preferredUsername": name,
        "name": name.replace("_", " ").title(),
        "summary": f"<p>All about {name}</p><script>alert(1)</script>",
        "inbox": f"{uri}/inbox",
        "outbox": f"{uri}/outbox",
        "followers": f"{uri}/followers",
        "endpoints": {"sharedInbox": f"{peer.url}/ap/inbox"},
        "publicKey": {"id": f"{uri}#main-key", "owner": uri, "publicKeyPem": public},
        "discoverable": True,
        "activityLog": f"{peer.url}/ap/wg/{name}/log",
        **extra,
    }
    return uri


def serve_list(peer, items, **collection):
    """The peer's site actor links /ap/groups: a collection whose first page holds `items`."""
    keys = peer.add_actor("network")
    peer.documents["/users/network"]["workingGroups"] = f"{peer.url}/ap/groups"
    peer.documents["/ap/groups"] = {
        "id": f"{peer.url}/ap/groups",
        "type": "OrderedCollection",
        "totalItems": len(items),
        "first": f"{peer.url}/ap/groups/page/1",
        **collection,
    }
    peer.documents["/ap/groups/page/1"] = {
        "id": f"{peer.url}/ap/groups/page/1",
        "type": "OrderedCollectionPage",
        "partOf": f"{peer.url}/ap/groups",
        "orderedItems": items,
    }
    return update_from_document(keys.uri, peer.documents["/users/network"])


def follow_accepted(committed, remote):
    """Our network's follow of the peer's site actor, then its Accept (what the inbox does)."""
    follow = Follow.objects.create(
        local_actor=ensure_network_actor(name="LIKE"),
        remote_actor=remote,
        direction=Follow.OUTGOING,
        state=Follow.PENDING,
    )

    def accept():
        follow.state = Follow.ACCEPTED
        follow.save(update_fields=["state", "updated_at"])

    committed(accept)
    return follow


def gets(peer, prefix=""):
    return [r.path for r in peer.received if r.method == "GET" and r.path.startswith(prefix)]


def test_following_a_network_learns_its_groups(world, peer, committed):
    """When a network we follow accepts, its list of groups is read (signed, through the safe
    fetcher) and its groups' actors are kept, sanitised when shown."""
    lab = serve_group(peer, "culture_lab")
    forum = serve_group(peer, "open_forum")
    remote = serve_list(peer, [lab, {"id": forum, "type": "Group"}])
    follow_accepted(committed, remote)
    kept = RemoteActor.objects.filter(actor_type="Group").order_by("uri")
    assert [a.uri for a in kept] == sorted([lab, forum])
    request = next(r for r in peer.received if r.path == "/ap/groups")
    assert "Signature" in request.headers or "signature" in request.headers
    again = discovery.discover_groups.call(remote.pk)
    assert again == 2
    assert gets(peer, "/ap/actors/").count("/ap/actors/culture_lab") == 1  # fresh: not again


def test_a_members_join_request_reads_no_list(world, peer, committed):
    """Only the site's own follows (network, pages) read a list: a person's accepted join of a
    group fetches nothing more."""
    lab = serve_group(peer, "culture_lab")
    remote = serve_list(peer, [lab])
    from collaboration.federation.actors import person_actor

    follow = Follow.objects.create(
        local_actor=person_actor(world.bob),
        remote_actor=remote,
        direction=Follow.OUTGOING,
        state=Follow.PENDING,
    )
    follow.state = Follow.ACCEPTED
    committed(follow.save)
    assert gets(peer) == []


@pytest.mark.parametrize(
    "case",
    ["not-a-collection", "too-many-items", "not-groups", "bad-ids", "other-host-page"],
)
def test_a_hostile_list_is_read_safely(world, peer, committed, case):
    """A list that is not a collection, that names thousands of groups, things that are not
    groups, ids that are not http(s) or on another server, or pages elsewhere: nothing wrong is
    kept or fetched, and at most MAX_GROUPS groups are read."""
    lab = serve_group(peer, "culture_lab")
    items = [lab]
    collection = {}
    if case == "not-a-collection":
        collection = {"type": "Person"}
    elif case == "too-many-items":
        items = [f"{peer.url}/ap/actors/g{n}" for n in range(2000)] + [lab]
    elif case == "not-groups":
        peer.add_actor("mallory")
        serve_group(peer, "project", discoverable=False)
        items = [f"{peer.url}/users/mallory", f"{peer.url}/ap/actors/project", lab]
    elif case == "bad-ids":
        items = [
            "javascript:alert(1)",
            "file:///etc/passwd",
            "ftp://127.0.0.1/x",
            "https://evil.example/ap/actors/x",
            {"id": ["nested"]},
            42,
            None,
            lab,
        ]
    elif case == "other-host-page":
        collection = {"first": "https://evil.example/ap/groups/page/1"}
    remote = serve_list(peer, items, **collection)
    follow_accepted(committed, remote)
    groups = set(RemoteActor.objects.filter(actor_type="Group").values_list("uri", flat=True))
    if case in ("not-a-collection", "other-host-page"):
        assert groups == set()
    elif case == "too-many-items":
        assert groups == set()  # the group is the 2001st: beyond what is read
        assert len(gets(peer, "/ap/actors/")) == discovery.MAX_GROUPS
    else:
        assert groups == {lab}
        assert not RemoteActor.objects.filter(uri__contains="evil.example").exists()
        assert not RemoteActor.objects.filter(uri__endswith="/users/mallory").exists()


def test_a_list_on_a_private_address_is_refused(world, peer, committed, settings):
    """Without the test's loopback allowance, the safe fetcher refuses the list's private
    address: nothing is fetched, nothing kept, and the Accept is not disturbed."""
    remote = serve_list(peer, [serve_group(peer, "culture_lab")])
    settings.FEDERATION_ALLOW_PRIVATE_ADDRESSES = False
    follow = follow_accepted(committed, remote)
    assert gets(peer) == []
    assert not RemoteActor.objects.filter(actor_type="Group").exists()
    follow.refresh_from_db()
    assert follow.state == Follow.ACCEPTED


# -- the join page ------------------------------------------------------------------------------


def test_the_join_page_explains_the_handle_when_no_group_is_known(world, client):
    """With no network followed, the page says so and points to the address field."""
    client.force_login(world.bob)
    page = client.get("/en/groups/elsewhere/").content.decode()
    assert "No groups of other networks are known here yet" in page
    assert 'name="handle"' in page


def test_the_join_page_lists_the_groups_known_and_joins_from_the_list(
    world, peer, client, committed, django_capture_on_commit_callbacks
):
    """Groups of the followed network are listed with their name, site, a clean excerpt and
    handle; one learned from announces too; not a project's actor nor another server's group.
    Join sends the same Follow as the typed address; a group Bob is in shows "member"."""
    lab = serve_group(peer, "culture_lab")
    forum = serve_group(peer, "open_forum")
    follow_accepted(committed, serve_list(peer, [lab]))
    # Known from its announces, not listed: a group of the same site; a project; elsewhere.
    update_from_document(forum, peer.documents["/ap/actors/open_forum"])
    project = serve_group(peer, "project")
    del peer.documents["/ap/actors/project"]["activityLog"]
    update_from_document(project, peer.documents["/ap/actors/project"])
    RemoteActor.objects.create(
        uri="https://far.example/c/x", domain="far.example", actor_type="Group", username="x"
    )
    client.force_login(world.bob)
    page = client.get("/en/groups/elsewhere/").content.decode()
    host = f"127.0.0.1:{peer.port}"
    assert "Culture Lab" in page and "Open Forum" in page and "Project" not in page
    assert f"@culture_lab@{host}" in page and "All about culture_lab" in page
    assert "<script>" not in page and "far.example" not in page
    assert f'value="{lab}"' in page
    with django_capture_on_commit_callbacks(execute=True):
        joined = client.post("/en/groups/elsewhere/", {"handle": lab})
    assert joined.status_code == 302
    [request] = sent(peer, "Follow")
    assert request["object"] == lab
    copy = RemoteGroup.objects.get(actor__uri=lab).group
    Membership.objects.filter(group=copy, user=world.bob).update(state=Membership.State.ACTIVE)
    page = client.get("/en/groups/elsewhere/").content.decode()
    card = page.split("Culture Lab", 1)[1].split("</li>", 1)[0]
    assert ">member<" in card and f'value="{lab}"' not in card


def test_the_periodic_command_reads_each_list_once(world, peer):
    """`manage.py discover_remote_groups` reads the list of each followed network once, however
    many of its actors this site follows."""
    from django.core.management import call_command

    lab = serve_group(peer, "culture_lab")
    remote = serve_list(peer, [lab])
    page_actor = peer.add_actor("project_page")
    peer.documents["/users/project_page"]["workingGroups"] = f"{peer.url}/ap/groups"
    other = update_from_document(page_actor.uri, peer.documents["/users/project_page"])
    network = ensure_network_actor(name="LIKE")
    for followed in (remote, other):
        Follow.objects.create(
            local_actor=network,
            remote_actor=followed,
            direction=Follow.OUTGOING,
            state=Follow.ACCEPTED,
        )
    call_command("discover_remote_groups")
    assert gets(peer, "/ap/groups") == ["/ap/groups", "/ap/groups/page/1"]
    assert RemoteActor.objects.filter(uri=lab, actor_type="Group").exists()
