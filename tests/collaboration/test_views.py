"""The HTML pages and JSON endpoints: what members and visitors see, and what non-members never see."""

import pytest
from django.urls import reverse

from collaboration import permissions, services
from collaboration.models import Membership, Mention
from collaboration.services import ChatError


@pytest.fixture
def talk(world):
    """A private message mentioning bob and a public one."""
    secret, _ = services.post_message(world.alice, world.private, "Budget", "Secret plan @bob")
    public, _ = services.post_message(world.alice, world.public, "Agenda", "Public plan @bob")
    return secret, public


def test_non_member_gets_nothing_of_a_private_group(client, world, talk):
    """Page, JSON history, edit history, search, mentions and unread counts reveal nothing."""
    secret, _public = talk
    for user in (None, world.carol):
        client.logout()
        if user:
            client.force_login(user)
        assert client.get("/en/groups/board/").status_code == 404
        assert client.get("/en/groups/board/messages.json").status_code == 404
        assert client.get(f"/en/groups/board/messages/{secret.pk}/history/").status_code == 404
        assert client.get("/en/groups/board/members/").status_code in (302, 404)
        listing = client.get("/en/groups/").content.decode()
        assert "Board" not in listing and "Open forum" in listing
        results = client.get("/en/groups/search/?q=plan").content.decode()
        assert "Secret plan" not in results and "Public plan" in results
        assert client.get("/en/groups/unread.json").json()["total"] == 0
    mentions = client.get("/en/groups/mentions/").content.decode()
    assert "Secret plan" not in mentions


def test_member_sees_private_group(client, world, talk):
    """A member reads the page (newest messages server-rendered), history JSON and mentions."""
    client.force_login(world.bob)
    page = client.get("/en/groups/board/").content.decode()
    assert "Secret plan" in page and "data-chat" in page and "chat.js" in page
    data = client.get("/en/groups/board/messages.json").json()
    assert [m["body"] for m in data["messages"]] == ["Secret plan @bob"]
    assert client.get("/en/groups/unread.json").json()["total"] == 2
    mentions = client.get("/en/groups/mentions/").content.decode()
    assert "Secret plan" in mentions and "Public plan" in mentions


def test_removed_member_loses_mentions(client, world, talk):
    """Mentions from a group someone left are no longer listed."""
    services.remove_member(world.alice, world.private, world.bob)
    client.force_login(world.bob)
    mentions = client.get("/en/groups/mentions/").content.decode()
    assert "Secret plan" not in mentions and "Public plan" in mentions
    assert Mention.objects.filter(user=world.bob).count() == 2


def test_anonymous_reads_public_group(client, world, talk):
    """Anyone can read a public group; the page invites them to sign in to write."""
    page = client.get("/en/groups/open-forum/").content.decode()
    assert "Public plan" in page and "chat-composer" not in page


def test_history_json_pages(client, world, settings):
    """?before=<id> returns the older page."""
    settings.COLLABORATION_PAGE_SIZE = 2
    ids = [services.post_message(world.bob, world.public, "T", f"m{i}")[0].pk for i in range(3)]
    data = client.get(f"/en/groups/open-forum/messages.json?before={ids[2]}").json()
    assert [m["id"] for m in data["messages"]] == ids[:2] and not data["has_more"]


def test_convenor_manages_members(client, world):
    """A convenor approves a request, changes a role and removes a member from the site."""
    services.request_membership(world.carol, world.public)
    client.force_login(world.bob)
    assert client.get("/en/groups/open-forum/members/").status_code == 404
    client.force_login(world.alice)
    url = "/en/groups/open-forum/members/"
    assert "carol" in client.get(url).content.decode()
    client.post(url, {"action": "approve", "username": "carol"})
    assert Membership.objects.get(user=world.carol, group=world.public).state == "active"
    client.post(url, {"action": "role", "username": "carol", "role": "moderator"})
    assert Membership.objects.get(user=world.carol, group=world.public).role == "moderator"
    client.post(url, {"action": "remove", "username": "carol"})
    assert not Membership.objects.filter(user=world.carol, group=world.public).exists()
    client.post(url, {"action": "invite", "username": "carol"})
    assert Membership.objects.get(user=world.carol, group=world.public).state == "invited"


def test_join_and_leave(client, world):
    """Asking to join an approval group leaves a request; leaving removes the membership."""
    client.force_login(world.carol)
    client.post("/en/groups/open-forum/join/")
    assert Membership.objects.get(user=world.carol, group=world.public).state == "requested"
    client.force_login(world.bob)
    client.post("/en/groups/open-forum/leave/")
    assert not Membership.objects.filter(user=world.bob, group=world.public).exists()


def test_direct_conversation_view(client, world):
    """Opening a direct conversation leads to a private page for the two of them."""
    client.force_login(world.bob)
    response = client.post(reverse("collaboration:direct", args=["carol"]))
    assert response.status_code == 302
    slug = response["Location"].rstrip("/").rsplit("/", 1)[-1]
    assert client.get(response["Location"]).status_code == 200
    client.force_login(world.alice)
    assert client.get(f"/en/groups/{slug}/").status_code == 404


def test_pages_in_every_language(client, world, settings):
    """The interface is translated: the French page speaks French."""
    page = client.get("/fr/groups/open-forum/").content.decode()
    assert "Sujets" in page


def test_header_widget(rf, world, talk):
    """Signed-in members see their unread count; visitors see nothing."""
    from django.contrib.auth.models import AnonymousUser
    from django.template import engines

    template = engines["django"].from_string(
        '{% include "collaboration/includes/header_unread.html" %}'
    )
    request = rf.get("/")
    request.user = world.bob
    html = template.render({"request": request})
    assert ">2<" in html
    request.user = AnonymousUser()
    assert template.render({"request": request}).strip() == ""


def _groups_for_listing(world, start, n):
    """n groups (every third private, every other one translated into French), each with a
    message for bob, and n direct conversations of bob."""
    from django.contrib.auth import get_user_model
    from wagtail.models import Locale

    fr, _ = Locale.objects.get_or_create(language_code="fr")
    for i in range(start, start + n):
        group = services.create_group(
            f"Group {i:02d}",
            visibility="private" if i % 3 == 0 else "public",
            convenor=world.alice,
        )
        Membership.objects.create(group=group, user=world.bob)
        services.post_message(world.alice, group, "T", f"hello {i}")
        if i % 2 == 0:
            french = group.copy_for_translation(fr)
            french.name = f"Groupe {i:02d}"
            french.save()
        other = get_user_model().objects.create_user(f"peer{i}", first_name=f"Peer{i}")
        services.open_direct_conversation(world.bob, other)


def _queries(client, url):
    """How many queries a page costs, and its HTML."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


def test_group_list_queries_do_not_grow_with_groups(client, world):
    """The list costs the same number of queries with 3 or 9 groups (and their translations
    and direct conversations); each group is listed once, in the visitor's language."""
    client.force_login(world.bob)
    _groups_for_listing(world, 0, 3)
    few, _html = _queries(client, "/fr/groups/")
    _groups_for_listing(world, 3, 6)
    many, html = _queries(client, "/fr/groups/")
    assert few == many
    for i in range(9):
        name = f"Groupe {i:02d}" if i % 2 == 0 else f"Group {i:02d}"
        assert html.count(f">{name}</a>") == 1
    assert html.count("Peer8") == 1 and html.count(">Board</a>") == 1


def test_unread_counts_computed_once_per_discussion_page(client, world, talk):
    """The header and the topics list both show unread counts: the database is asked once."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.bob)
    with CaptureQueriesContext(connection) as ctx:
        html = client.get("/en/groups/board/").content.decode()
    assert "data-unread-topic" in html and "data-unread-url" in html
    unread_queries = [q for q in ctx.captured_queries if "collaboration_readmarker" in q["sql"]]
    assert len(unread_queries) == 1


def test_edit_history_page(client, world):
    """Readers of the group see earlier versions of an edited message; nobody else sees it,
    not even through another group's address; a deleted message keeps no history."""
    message, _ = services.post_message(world.bob, world.private, "Budget", "First draft 100")
    services.edit_message(world.bob, message.pk, "Second draft 200")
    url = f"/en/groups/board/messages/{message.pk}/history/"
    client.force_login(world.alice)
    page = client.get(url).content.decode()
    assert "First draft 100" in page and "Second draft 200" in page
    for user in (world.carol, None):
        client.logout()
        if user:
            client.force_login(user)
        assert client.get(url).status_code == 404
        wrong_group = f"/en/groups/open-forum/messages/{message.pk}/history/"
        assert client.get(wrong_group).status_code == 404
    public, _ = services.post_message(world.bob, world.public, "Agenda", "Old agenda")
    services.edit_message(world.bob, public.pk, "New agenda")
    page = client.get(f"/en/groups/open-forum/messages/{public.pk}/history/").content.decode()
    assert "Old agenda" in page  # a public group's history is as public as the group
    services.delete_message(world.bob, message.pk)
    client.force_login(world.alice)
    page = client.get(url).content.decode()
    assert "First draft" not in page and "Second draft" not in page
    assert "This message was deleted." in page


def test_join_through_the_view_follows_the_group_policy(client, world):
    """Open group: a member at once. On approval: a request. By invitation: refused, unless
    invited. Visitors are sent to sign in; nothing is created by a GET."""
    from collaboration.models import WorkingGroup

    WorkingGroup.objects.filter(pk=world.public.pk).update(join_policy="open")
    assert client.post("/en/groups/open-forum/join/").status_code == 302
    assert not Membership.objects.filter(user=world.carol).exists()
    client.force_login(world.carol)
    assert client.get("/en/groups/open-forum/join/").status_code == 405
    response = client.post("/en/groups/open-forum/join/", follow=True)
    assert response.redirect_chain[-1][0] == "/en/groups/open-forum/"
    assert "Welcome to the group." in response.content.decode()
    assert Membership.objects.get(user=world.carol, group=world.public).state == "active"

    approval = services.create_group("Culture budget", join_policy="approval")
    response = client.post("/en/groups/culture-budget/join/", follow=True)
    assert "Your request was sent to the convenors." in response.content.decode()
    assert Membership.objects.get(user=world.carol, group=approval).state == "requested"

    response = client.post("/en/groups/board/join/", follow=True)
    assert response.redirect_chain[-1][0] == "/en/groups/"
    assert "This group cannot be joined directly." in response.content.decode()
    assert not Membership.objects.filter(user=world.carol, group=world.private).exists()
    services.invite_to_group(world.alice, world.private, world.carol)
    response = client.post("/en/groups/board/join/", follow=True)
    assert response.redirect_chain[-1][0] == "/en/groups/board/"
    assert Membership.objects.get(user=world.carol, group=world.private).state == "active"


def test_digest_opt_in_on_the_mentions_page(client, world):
    """A member turns the daily e-mail of mentions on and off from their mentions page."""
    from collaboration.models import NotificationPreference

    client.force_login(world.bob)
    assert 'name="digest" checked' not in client.get("/en/groups/mentions/").content.decode()
    response = client.post("/en/groups/mentions/", {"digest": "on"}, follow=True)
    assert "Your preference was saved." in response.content.decode()
    assert 'name="digest" checked' in response.content.decode()
    assert NotificationPreference.objects.get(user=world.bob).mention_digest
    assert services.opted_in_user_ids() == [world.bob.pk]
    client.post("/en/groups/mentions/", {})
    assert not NotificationPreference.objects.get(user=world.bob).mention_digest
    assert services.opted_in_user_ids() == []


def test_unread_json_counts_mentions(client, world, talk):
    """The header refreshes its mention count from unread.json (the chat does after a mention)."""
    client.force_login(world.bob)
    assert client.get("/en/groups/unread.json").json()["mentions"] == 2
    secret, _public = talk
    services.mark_read(world.bob, secret.topic_id, secret.pk)
    assert client.get("/en/groups/unread.json").json()["mentions"] == 1


@pytest.mark.parametrize(
    "query", ["before=99999999999999999999999", "topic=99999999999999999999999", "before=1e999"]
)
def test_history_json_with_out_of_range_ids_answers(client, world, query):
    """Older messages asked with an id no column can hold are answered from the newest page,
    not with a server error."""
    client.force_login(world.bob)
    response = client.get(f"/en/groups/board/messages.json?{query}")
    assert response.status_code == 200
    assert response.json()["has_more"] is False


def test_a_blocked_person_stays_out_until_unblocked(client, world):
    """A convenor blocks Bob from the members page: Bob can no longer write, read the private
    board, ask to join, be invited or lift the block by leaving; after Unblock he may ask
    again."""
    url = "/en/groups/board/members/"
    client.force_login(world.alice)
    response = client.post(url, {"action": "block", "username": "bob"}, follow=True)
    assert "cannot rejoin" in response.content.decode()
    assert Membership.objects.get(user=world.bob, group=world.private).state == "blocked"
    assert not permissions.can_read_group(world.bob, world.private)
    assert "Unblock" in client.get(url).content.decode()
    response = client.post(url, {"action": "invite", "username": "bob"}, follow=True)
    assert "unblock them" in response.content.decode()
    assert Membership.objects.get(user=world.bob, group=world.private).state == "blocked"

    services.block_member(world.alice, world.public, world.bob)
    assert not permissions.can_post(world.bob, world.public)
    client.force_login(world.bob)
    page = client.get("/en/groups/open-forum/").content.decode()
    assert "blocked you from this group" in page
    client.post("/en/groups/open-forum/leave/")
    client.post("/en/groups/open-forum/join/")
    assert Membership.objects.get(user=world.bob, group=world.public).state == "blocked"

    client.force_login(world.alice)
    client.post("/en/groups/open-forum/members/", {"action": "remove", "username": "bob"})
    client.force_login(world.bob)
    client.post("/en/groups/open-forum/join/")
    assert Membership.objects.get(user=world.bob, group=world.public).state == "requested"


def test_the_last_convenor_cannot_be_blocked_nor_block_themselves(world):
    """Blocking keeps the group manageable: nobody blocks themselves, and a convenor blocked by
    another leaves the group with at least one convenor."""
    with pytest.raises(ChatError):
        services.block_member(world.alice, world.public, world.alice)
    services.change_role(world.alice, world.public, world.dave, "convenor")
    services.block_member(world.alice, world.public, world.dave)
    assert Membership.objects.get(user=world.dave, group=world.public).role == "member"
    assert permissions.can_manage_members(world.alice, world.public)
