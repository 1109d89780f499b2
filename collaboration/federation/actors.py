"""Working groups as `Group` actors (the shape FEP-1b12 and Lemmy use) and members as `Person`
actors, registered as actor kinds of the federation app."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from federation import activitystreams as as2
from federation import registry
from federation.actors import actor_values, new_actor
from federation.conf import site_url
from federation.models import Follow

from ..models import WorkingGroup
from . import profiles
from .models import GROUP_KIND, PERSON_KIND, HostedGroup

# The terms we use beyond ActivityStreams: Lemmy's for groups, ours for the group's log.
NS = "https://rencontres.eu/ns#"
GROUP_CONTEXT = [
    *as2.CONTEXT,
    {
        "lemmy": "https://join-lemmy.org/ns#",
        "moderators": {"@id": "lemmy:moderators", "@type": "@id"},
        "postingRestrictedToMods": "lemmy:postingRestrictedToMods",
        "rencontres": NS,
        "activityLog": {"@id": "rencontres:activityLog", "@type": "@id"},
        "seq": "rencontres:seq",
    },
]


def group_path(actor) -> str:
    return f"{site_url()}/ap/wg/{actor.username}"


def group_page_url(group) -> str | None:
    with translation.override(settings.LANGUAGE_CODE):
        try:
            return site_url() + reverse("collaboration:detail", args=[group.slug])
        except NoReverseMatch:  # a site that does not mount the app's pages
            return None


def hosted_group(group) -> HostedGroup:
    """The group's actor and log, made the first time someone of another site asks for it."""
    group = group.discussion
    hosted = HostedGroup.objects.filter(group=group).select_related("actor").first()
    if hosted is not None:
        return hosted
    actor = new_actor(GROUP_KIND, str(group.pk), group.slug, "Group", name=group.name)
    with transaction.atomic():
        hosted, _created = HostedGroup.objects.get_or_create(group=group, actor=actor)
    return hosted


def is_hostable(group) -> bool:
    """Our own working groups (not copies of other sites' groups, not direct conversations)."""
    return not group.is_direct and not group.origin


def person_actor(user):
    return new_actor(PERSON_KIND, str(user.pk), user.get_username(), "Person", name="")


def _translations(group):
    names, summaries = {}, {}
    for row in group.get_translations(inclusive=True).select_related("locale"):
        names[row.locale.language_code] = row.name
        if row.description:
            summaries[row.locale.language_code] = row.description
    return names, summaries


class GroupKind(registry.ActorKind):
    kind = GROUP_KIND

    def _group(self, actor):
        return WorkingGroup.objects.filter(pk=actor.object_key).first()

    def document(self, actor) -> dict:
        group = self._group(actor)
        base = group_path(actor)
        names, summaries = _translations(group) if group else ({}, {})
        public = group is not None and not group.is_private
        doc = as2.build_actor(
            actor_values(
                actor,
                type="Group",
                name=group.name if group else actor.name,
                summary=group.description if group else "",
                url=group_page_url(group) if group and public else None,
                discoverable=public,
            )
        )
        doc["@context"] = GROUP_CONTEXT
        # Every language the group is named or described in, even when there is only one.
        if names:
            doc["nameMap"] = names
        if summaries:
            doc["summaryMap"] = summaries
        doc["moderators"] = f"{base}/moderators"
        # Lemmy reads a community's moderators from `attributedTo`.
        doc["attributedTo"] = f"{base}/moderators"
        doc["postingRestrictedToMods"] = False
        # Only for private groups: Lemmy takes a group that approves its followers for a private
        # one and refuses its public Announces. A public group on approval delays its Accept.
        doc["manuallyApprovesFollowers"] = group is None or group.is_private
        doc["activityLog"] = f"{base}/log"
        doc["sensitive"] = False
        return doc

    def profile_url(self, actor) -> str | None:
        group = self._group(actor)
        return group_page_url(group) if group is not None and not group.is_private else None

    def find(self, username: str):
        # Handles spell a slug's hyphens as underscores (open-forum -> @open_forum@host).
        group = WorkingGroup.objects.filter(
            slug__in={username, username.replace("_", "-")},
            kind=WorkingGroup.Kind.GROUP,
            origin="",
        ).first()
        if group is None:
            return None
        return hosted_group(group).actor

    def readable_by(self, actor, signer) -> bool:
        group = self._group(actor)
        if group is None:
            return False
        if not group.is_private:
            return True
        return signer is not None and member_server(actor, signer.domain)


def member_server(group_actor, domain: str) -> bool:
    """Whether a member of the group writes from this server (it may read the group's log)."""
    return Follow.objects.filter(
        local_actor=group_actor,
        direction=Follow.INCOMING,
        state=Follow.ACCEPTED,
        remote_actor__domain=domain,
    ).exists()


class PersonKind(registry.ActorKind):
    kind = PERSON_KIND

    def _user(self, actor):
        return get_user_model().objects.filter(pk=actor.object_key, is_active=True).first()

    def document(self, actor) -> dict:
        return profiles.person_document(actor, self._user(actor))

    def find(self, username: str):
        # A person's actor exists once they take part in a group across sites; it is not made
        # for whoever asks for a username.
        return None
