"""Working groups as Group actors and members as Person actors, as other software reads them."""

import pytest

from collaboration.federation.actors import hosted_group, person_actor
from tests.federation.conftest import SITE

AP = {"Accept": "application/activity+json"}

pytestmark = pytest.mark.django_db


def test_webfinger_finds_a_group_by_its_slug(client, world):
    """The group is found by its slug, and answers with its handle @open_forum@testserver (a
    slug's hyphens spelt as underscores), as Mastodon, Lemmy and Mbin ask."""
    response = client.get("/.well-known/webfinger", {"resource": "acct:open-forum@testserver"})
    assert response.status_code == 200
    links = {link["rel"]: link["href"] for link in response.json()["links"]}
    assert links["self"] == f"{SITE}/ap/actors/open_forum"
    # A public group's handle leads to its page for people with a browser.
    assert links["http://webfinger.net/rel/profile-page"].endswith("/groups/open-forum/")


def test_group_actor_has_what_lemmy_and_mbin_require(client, world):
    """The Group document carries every field Lemmy's and Mbin's parsers read (fixtures NOTES):
    preferredUsername, name, inbox, outbox, followers, publicKey, sharedInbox, moderators as
    attributedTo, postingRestrictedToMods false; and it is public and not approval-locked."""
    doc = client.get("/ap/actors/open_forum", headers=AP).json()
    assert doc["type"] == "Group"
    assert doc["preferredUsername"] == "open_forum"
    assert doc["name"] == "Open forum"
    for field in ("inbox", "outbox", "followers"):
        assert doc[field].startswith(f"{SITE}/ap/actors/open_forum")
    assert doc["publicKey"]["owner"] == doc["id"]
    assert "BEGIN PUBLIC KEY" in doc["publicKey"]["publicKeyPem"]
    assert doc["endpoints"]["sharedInbox"] == f"{SITE}/ap/inbox"
    assert doc["moderators"] == doc["attributedTo"] == f"{SITE}/ap/wg/open_forum/moderators"
    assert doc["postingRestrictedToMods"] is False
    # Lemmy takes a group that approves followers for a private one: a public group does not.
    assert doc["manuallyApprovesFollowers"] is False
    assert doc["discoverable"] is True
    assert doc["url"].endswith("/groups/open-forum/")
    assert doc["activityLog"] == f"{SITE}/ap/wg/open_forum/log"


def test_group_names_and_descriptions_travel_in_every_language(client, world):
    """A translated group shows nameMap/summaryMap with each language's name."""
    from wagtail.models import Locale

    fr, _ = Locale.objects.get_or_create(language_code="fr")
    french = world.public.copy_for_translation(fr)
    french.name = "Forum ouvert"
    french.description = "<p>Pour tous</p>"
    french.save()
    doc = client.get("/ap/actors/open_forum", headers=AP).json()
    assert doc["nameMap"] == {"en": "Open forum", "fr": "Forum ouvert"}
    assert doc["summaryMap"]["fr"] == "<p>Pour tous</p>"


def test_private_group_actor_is_locked_and_has_no_public_page(client, world):
    """A private group can be found to be joined, but it is not listed and has no public page."""
    doc = client.get("/ap/actors/board", headers=AP).json()
    assert doc["type"] == "Group"
    assert doc["manuallyApprovesFollowers"] is True
    assert doc["discoverable"] is False and doc["indexable"] is False
    assert "url" not in doc


def test_direct_conversations_are_not_actors(client, world):
    """A direct conversation between two members is not findable on the fediverse."""
    from collaboration import services

    talk = services.open_direct_conversation(world.alice, world.bob)
    response = client.get("/.well-known/webfinger", {"resource": f"acct:{talk.slug}@testserver"})
    assert response.status_code == 404


def test_person_actor_shows_a_name_and_no_email(client, world):
    """A member's Person actor has their display name, no e-mail, and is not indexable."""
    actor = person_actor(world.bob)
    doc = client.get(f"/ap/actors/{actor.username}", headers=AP).json()
    assert doc["type"] == "Person"
    assert doc["name"] == "Bob"
    assert "bob@example.org" not in str(doc)
    assert doc["discoverable"] is False and doc["indexable"] is False


def test_a_person_actor_is_not_made_for_whoever_asks(client, world):
    """Asking WebFinger for a member's username does not create an actor for them."""
    response = client.get("/.well-known/webfinger", {"resource": "acct:carol@testserver"})
    assert response.status_code == 404


def test_the_group_actor_is_made_once(world):
    """The group keeps one actor and one key pair, however often it is asked for."""
    first = hosted_group(world.public)
    again = hosted_group(world.public)
    assert first.pk == again.pk and first.actor.public_key_pem == again.actor.public_key_pem
