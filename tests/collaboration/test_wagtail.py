"""Working groups inside Wagtail: the admin, translations through wagtail-localize, the page type."""

import pytest
from wagtail.models import Locale

from collaboration import permissions, services
from collaboration.models import GroupDiscussionPage, WorkingGroup


@pytest.fixture
def admin(django_user_model):
    """A superuser for the Wagtail admin."""
    return django_user_model.objects.create_superuser("root", "root@example.org", "root")


def test_admin_lists_groups_not_direct_conversations(client, admin, world):
    """Editors manage groups and memberships in the admin; private talks of two are not listed."""
    services.open_direct_conversation(world.bob, world.carol)
    client.force_login(admin)
    listing = client.get("/admin/snippets/collaboration/workinggroup/").content.decode()
    assert "Open forum" in listing and "Board" in listing and "dm-" not in listing
    assert client.get("/admin/snippets/collaboration/membership/").status_code == 200
    edit = client.get(f"/admin/snippets/collaboration/workinggroup/edit/{world.public.pk}/")
    assert edit.status_code == 200


def test_translation_shares_one_discussion(client, world, django_capture_on_commit_callbacks):
    """A group translated with wagtail-localize shows its French name; members and messages are shared."""
    from wagtail_localize.models import StringTranslation, Translation, TranslationSource

    fr, _ = Locale.objects.get_or_create(language_code="fr")
    source, _ = TranslationSource.get_or_create_from_instance(world.public)
    translation = Translation.objects.create(source=source, target_locale=fr)
    for segment in translation.source.stringsegment_set.select_related("string"):
        if segment.string.data == "Open forum":
            StringTranslation.objects.create(
                translation_of=segment.string,
                locale=fr,
                context=segment.context,
                data="Forum ouvert",
            )
    with django_capture_on_commit_callbacks(execute=True):
        translation.save_target(publish=True)
    french = WorkingGroup.objects.get(translation_key=world.public.translation_key, locale=fr)
    assert french.name == "Forum ouvert" and french.slug == "open-forum"
    assert french.discussion.pk == world.public.pk
    assert permissions.can_post(world.bob, french)
    services.post_message(world.bob, french, "Ordre du jour", "Bonjour")
    page = client.get("/fr/groups/open-forum/").content.decode()
    assert "Forum ouvert" in page and "Bonjour" in page


def test_group_discussion_page(client, home, world):
    """A page embeds the live discussion for those who may read it, and nothing for others."""
    services.post_message(world.alice, world.private, "Budget", "Secret figures")
    page = home.add_child(
        instance=GroupDiscussionPage(title="Board room", slug="board-room", group=world.private)
    )
    page.save_revision().publish()
    url = page.url
    assert "Secret figures" not in client.get(url).content.decode()
    client.force_login(world.carol)
    assert "Secret figures" not in client.get(url).content.decode()
    client.force_login(world.bob)
    html = client.get(url).content.decode()
    assert "Secret figures" in html and "data-chat" in html


def _render_block(group, user):
    """The block as a page's StreamField renders it: `include_block` with the page's request."""
    from django.contrib.auth.models import AnonymousUser
    from django.template import engines
    from django.test import RequestFactory

    from collaboration.blocks import GroupDiscussionBlock

    block = GroupDiscussionBlock()
    request = RequestFactory().get("/en/some-page/")
    request.user = user or AnonymousUser()
    template = engines["django"].from_string("{% load wagtailcore_tags %}{% include_block value %}")
    value = block.to_python({"group": group.pk})
    bound = block.bind(value)
    return template.render({"value": bound, "request": request})


def test_group_discussion_block(world):
    """A block shows a public group's discussion to anyone, a private one to its members only."""
    services.post_message(world.alice, world.public, "Agenda", "Public agenda")
    services.post_message(world.alice, world.private, "Budget", "Secret figures")
    html = _render_block(world.public, None)
    assert "Public agenda" in html and "data-chat" in html and "chat-composer" not in html
    html = _render_block(world.public, world.bob)
    assert "Public agenda" in html and "chat-composer" in html
    for user in (None, world.carol):
        html = _render_block(world.private, user)
        assert "Secret figures" not in html and "data-chat" not in html and "Budget" not in html
    html = _render_block(world.private, world.bob)
    assert "Secret figures" in html and "chat.js" in html
