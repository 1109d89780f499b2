"""The protocol side of groups across sites: messages as Notes, topics as `context` collections
(FEP-7888), a group's numbered log and its moderators; and the page where a member joins a
group of another site.

A private group's objects and collections answer only requests signed by a server one of its
members writes from; to anyone else they answer 404, exactly like something that does not exist.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from federation import activitystreams as as2
from federation.conf import site_url
from federation.inbox import Refused, authenticate_fetch
from federation.models import Actor
from federation.sanitize import clean_text
from federation.views import ap_response, error, json_404

from .. import permissions, services
from ..conf import setting
from ..models import Membership, Message, Topic
from . import discovery, objects
from .actors import GROUP_CONTEXT, GROUP_KIND, group_path, member_server, person_actor
from .inviting import InviteError, invite_remote_person
from .joining import JoinError, join_remote_group
from .models import PERSON_KIND, FederatedMessage, HostedGroup, RemoteGroup
from .outgoing import _note
from .profiles import ABOUT_LENGTH, public_profile, update_public_profile

logger = logging.getLogger(__name__)

LOG_PAGE = 100


def _signer(request):
    url = site_url() + request.get_full_path()
    return authenticate_fetch(request.method, url, request.headers)


def _readable(request, group) -> bool:
    """Public groups to anyone; private ones to servers a member writes from."""
    if not group.is_private and not group.is_direct:
        return True
    signer = _signer(request)
    if signer is None:
        return False
    if group.origin:
        remote = RemoteGroup.objects.filter(group=group).select_related("actor").first()
        return remote is not None and remote.actor.domain == signer.domain
    hosted = HostedGroup.objects.filter(group=group).select_related("actor").first()
    return hosted is not None and member_server(hosted.actor, signer.domain)


def _guarded(view):
    @json_404
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Refused as exc:
            return error(exc.status, exc.reason)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


@require_GET
@_guarded
def message_object(request, pk):
    message = Message.objects.filter(pk=pk).select_related("group", "topic", "author").first()
    if message is None or message.group.is_direct or not _readable(request, message.group):
        return error(404, "no such message")
    federated = FederatedMessage.objects.filter(message=message).first()
    if federated is not None and federated.uri != objects.message_uri(message):
        # A copy of another site's message: it lives there.
        return HttpResponseRedirect(federated.uri)
    if message.is_deleted:
        return ap_response(
            as2.with_context(as2.tombstone(objects.message_uri(message), message.deleted_at)),
            status=410,
        )
    group = message.group
    if group.origin:
        remote = RemoteGroup.objects.filter(group=group).select_related("actor").first()
        group_uri = remote.actor.uri if remote else ""
        topic_federation = getattr(message.topic, "federation", None)
    else:
        hosted = HostedGroup.objects.filter(group=group).select_related("actor").first()
        if hosted is None:
            return error(404, "no such message")
        group_uri, topic_federation = hosted.actor.uri, None
    if message.author is None:
        return error(404, "no such message")
    note = _note(
        message, person_actor(message.author), group_uri, not group.is_private, topic_federation
    )
    return ap_response(as2.with_context(note))


@require_GET
@_guarded
def topic_context(request, pk):
    topic = Topic.objects.filter(pk=pk).select_related("group").first()
    if topic is None or topic.group.origin or topic.group.is_direct:
        return error(404, "no such topic")
    hosted = HostedGroup.objects.filter(group=topic.group).select_related("actor").first()
    if hosted is None or not _readable(request, topic.group):
        return error(404, "no such topic")
    collection_id = objects.topic_uri(topic)
    rows = Message.objects.filter(topic=topic).order_by("pk")
    total = rows.count()
    page = request.GET.get("page")
    base = {
        "@context": GROUP_CONTEXT,
        "id": collection_id,
        "type": "OrderedCollection",
        "name": topic.title,
        "attributedTo": hosted.actor.uri,
        "audience": hosted.actor.uri,
        "totalItems": total,
    }
    if page is None:
        base["first"] = f"{collection_id}?page=1"
        return ap_response(base)
    if not page.isdigit() or not 0 < int(page) < 100000:
        return error(404, "no such page")
    number, size = int(page), 50
    chosen = list(rows[(number - 1) * size : number * size])
    uris = dict(
        FederatedMessage.objects.filter(message__in=chosen).values_list("message_id", "uri")
    )
    document = {
        "@context": GROUP_CONTEXT,
        "id": f"{collection_id}?page={number}",
        "type": "OrderedCollectionPage",
        "partOf": collection_id,
        "orderedItems": [uris.get(m.pk, objects.message_uri(m)) for m in chosen],
    }
    if number * size < total:
        document["next"] = f"{collection_id}?page={number + 1}"
    return ap_response(document)


def _hosted_by_username(username):
    actor = Actor.objects.filter(username=username, kind=GROUP_KIND).first()
    if actor is None:
        return None
    return HostedGroup.objects.filter(actor=actor).select_related("group", "actor").first()


@require_GET
@_guarded
def group_log(request, username):
    """The group's announced activities in order; `?after=N` gives those numbered above N."""
    hosted = _hosted_by_username(username)
    if hosted is None or not _readable(request, hosted.group):
        return error(404, "no such group")
    collection_id = f"{group_path(hosted.actor)}/log"
    after = request.GET.get("after")
    if after is None:
        return ap_response(
            {
                "@context": GROUP_CONTEXT,
                "id": collection_id,
                "type": "OrderedCollection",
                "totalItems": hosted.last_seq,
                "first": f"{collection_id}?after=0",
            }
        )
    if not after.isdigit() or len(after) > 18:
        return error(400, "after must be a number")
    after = int(after)
    items = list(
        hosted.log.filter(seq__gt=after).order_by("seq").values_list("seq", "document")[:LOG_PAGE]
    )
    document = {
        "@context": GROUP_CONTEXT,
        "id": f"{collection_id}?after={after}",
        "type": "OrderedCollectionPage",
        "partOf": collection_id,
        "orderedItems": [{k: v for k, v in doc.items() if k != "@context"} for _s, doc in items],
    }
    if items and items[-1][0] < hosted.last_seq:
        document["next"] = f"{collection_id}?after={items[-1][0]}"
    return ap_response(document)


@require_GET
@_guarded
def group_moderators(request, username):
    hosted = _hosted_by_username(username)
    if hosted is None or not _readable(request, hosted.group):
        return error(404, "no such group")
    rows = (
        Membership.objects.filter(
            group=hosted.group,
            state=Membership.State.ACTIVE,
            role__in=[Membership.Role.CONVENOR, Membership.Role.MODERATOR],
        )
        .select_related("user__federation_participant__actor")
        .order_by("pk")
    )
    items = []
    for membership in rows:
        participant = getattr(membership.user, "federation_participant", None)
        items.append(participant.actor.uri if participant else person_actor(membership.user).uri)
    return ap_response(
        {
            "@context": GROUP_CONTEXT,
            "id": f"{group_path(hosted.actor)}/moderators",
            "type": "OrderedCollection",
            "totalItems": len(items),
            "orderedItems": items,
        }
    )


@require_GET
@_guarded
def groups_collection(request):
    """Our public groups that people of other sites may join: their actor ids, paged; the same
    to anyone, signed or not. Private groups are never listed."""
    collection_id = discovery.groups_url() or site_url() + request.path
    page = request.GET.get("page")
    if page is None:
        total = discovery.listed_groups().count()
        return ap_response(as2.ordered_collection(collection_id, total, f"{collection_id}?page=1"))
    if not page.isdigit() or not 0 < int(page) < 100000:
        return error(404, "no such page")
    number = int(page)
    items, total = discovery.groups_page(number)
    more = number * discovery.PAGE_SIZE < total
    return ap_response(
        as2.collection_page(
            f"{collection_id}?page={number}",
            collection_id,
            items,
            f"{collection_id}?page={number + 1}" if more else None,
            f"{collection_id}?page={number - 1}" if number > 1 else None,
        )
    )


@login_required
@require_http_methods(["GET", "POST"])
def join_elsewhere(request):
    """A member enters a group's handle (@group@other.site), or picks one of the groups of the
    networks this site follows, and asks to join it."""
    handle = request.POST.get("handle", "").strip() if request.method == "POST" else ""
    if request.method == "POST":
        try:
            group, state = join_remote_group(request.user, handle)
        except JoinError as exc:
            return render(
                request,
                "collaboration/federation/join_elsewhere.html",
                {
                    "handle": handle,
                    "error": exc.message,
                    "groups": discovery.known_groups(request.user),
                    "collaboration_base": setting("BASE_TEMPLATE"),
                },
                status=400,
            )
        if state == Membership.State.ACTIVE:
            flash.success(request, _("You are a member of this group."))
        else:
            flash.info(
                request,
                _(
                    "Your request was sent to %(site)s. You can write here once the group accepts it."
                )
                % {"site": group.origin},
            )
        return HttpResponseRedirect(reverse("collaboration:detail", args=[group.slug]))
    return render(
        request,
        "collaboration/federation/join_elsewhere.html",
        {
            "handle": handle,
            "groups": discovery.known_groups(request.user),
            "collaboration_base": setting("BASE_TEMPLATE"),
        },
    )


@login_required
@require_POST
def invite_elsewhere(request, slug):
    """A convenor invites a person of another site (`@name@host`) to one of our groups; the
    members page says what happened."""
    group = services.get_group(slug)
    if group is None or not permissions.can_manage_members(request.user, group):
        raise Http404
    handle = request.POST.get("handle", "").strip()
    try:
        membership = invite_remote_person(request.user, group, handle)
    except InviteError as exc:
        flash.error(request, str(exc.message))
    else:
        if membership.is_active:
            flash.success(request, _("They had asked to join: they are now a member."))
        else:
            flash.success(
                request,
                _("Invitation sent to %(handle)s. They answer from their own site.")
                % {"handle": handle},
            )
    return redirect("collaboration:members", slug=group.slug)


def _own_actor(user):
    return Actor.objects.filter(kind=PERSON_KIND, object_key=str(user.pk)).first()


@login_required
@require_http_methods(["GET", "POST"])
def public_profile_page(request):
    """The member sees what other sites show of them and chooses: organisation shown or not, a
    few words."""
    error = ""
    about = ""
    status = 200
    if request.method == "POST" and request.POST.get("action") == "reachable":
        # Asked for: their address then answers WebFinger, and convenors elsewhere can invite them.
        person_actor(request.user)
        flash.success(request, _("Your address now works: give it to a convenor of another site."))
        return HttpResponseRedirect(reverse("collaboration_elsewhere:profile"))
    if request.method == "POST":
        raw = request.POST.get("about", "")
        about = clean_text(raw, 10 * ABOUT_LENGTH).strip()
        if len(about) > ABOUT_LENGTH:
            error = _("At most %(n)d characters, please.") % {"n": ABOUT_LENGTH}
            status = 400
        else:
            update_public_profile(
                request.user,
                show_organisation=request.POST.get("show_organisation") == "on",
                about=about,
            )
            flash.success(request, _("Saved. The sites of your groups see the change."))
            return HttpResponseRedirect(reverse("collaboration_elsewhere:profile"))
    profile = public_profile(request.user)
    own = _own_actor(request.user)
    return render(
        request,
        "collaboration/federation/public_profile.html",
        {
            "profile": profile,
            "about": about if error else profile["about"],
            "error": error,
            "about_length": ABOUT_LENGTH,
            # Their actor's name; as `person_actor` will name them when not yet seen elsewhere.
            "handle": f"{(own.username if own else request.user.get_username())}"
            f"@{urlsplit(site_url()).netloc}",
            "reachable": own is not None,
            "collaboration_base": setting("BASE_TEMPLATE"),
        },
        status=status,
    )
