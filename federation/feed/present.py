"""Remote posts out: the network feed page and a site's event listing, each post in the
visitor's language when the post has it."""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.core.paginator import Paginator
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import get_language_info, pgettext_lazy

from ..conf import setting
from ..models import Follow, RemoteActor, RemotePost

# Languages that write the names of languages in lower case inside a sentence ("affiché en
# anglais", "mostrado en inglés", "pokazano w języku angielskim"); German and English do not.
LOWER_CASE_LANGUAGE_NAMES = {
    "ca", "cs", "da", "es", "et", "fi", "fr", "hr", "hu", "it", "lt", "lv", "nb",
    "nn", "pl", "pt", "ro", "ru", "sk", "sl", "sv", "uk",
}  # fmt: skip
# The kinds of badge colours feed.css defines for sources without a usable icon.
BADGE_COLOURS = 6

TYPE_LABELS = {
    "Article": pgettext_lazy("feed post type", "Article"),
    "Page": pgettext_lazy("feed post type", "Post"),
    "Event": pgettext_lazy("feed post type", "Event"),
    "Note": pgettext_lazy("feed post type", "Note"),
    "Question": pgettext_lazy("feed post type", "Poll"),
    "Image": pgettext_lazy("feed post type", "Photo"),
    "Video": pgettext_lazy("feed post type", "Video"),
    "Audio": pgettext_lazy("feed post type", "Sound"),
    "Document": pgettext_lazy("feed post type", "Document"),
}


@dataclass
class Source:
    """Who a post comes from, for its byline: a name, a handle, a badge (remote icons are not
    loaded: the site's policy loads no image from another server)."""

    name: str
    handle: str
    url: str
    initials: str
    colour: int


@dataclass
class ShownPost:
    """A post ready for the template: text in one language, and which language that is."""

    post: RemotePost
    language: str
    language_name: str
    translated: bool
    name: str
    summary: str
    content: str
    url: str
    type_label: str = ""
    source: Source | None = None
    # Attachments with the host they are on: {"kind", "url", "host", "name", "media_type"}.
    media: list = field(default_factory=list)


def _pick(mapping: dict, plain: str, wanted: str):
    if wanted in mapping:
        return mapping[wanted], wanted
    for lang, text in mapping.items():
        if lang.split("-")[0] == wanted:
            return text, lang
    return None, None


def language_name(code: str) -> str:
    """The name of a language in the active language, written as it is inside a sentence."""
    names = dict(getattr(settings, "LANGUAGES", []))
    if code in names:
        name = str(names[code])
    else:
        try:
            name = str(get_language_info(code.split("-")[0])["name_translated"])
        except KeyError:
            return code
    active = (translation.get_language() or settings.LANGUAGE_CODE).lower()
    if active in LOWER_CASE_LANGUAGE_NAMES or active.split("-")[0] in LOWER_CASE_LANGUAGE_NAMES:
        return name[:1].lower() + name[1:]
    return name


def initials(name: str) -> str:
    """Up to two letters for a badge: "Réseau Culture" -> "RC", "@tcit" -> "T"."""
    words = [w for w in "".join(c if c.isalnum() else " " for c in name).split() if w]
    return "".join(w[0] for w in words[:2]).upper() or "?"


def source_of(actor: RemoteActor) -> Source:
    name = actor.name or actor.username or actor.domain or actor.uri
    handle = f"@{actor.username}@{actor.domain}" if actor.username and actor.domain else ""
    return Source(
        name=name,
        handle=handle,
        url=actor.url or actor.uri,
        initials=initials(name),
        colour=zlib.crc32(actor.uri.encode()) % BADGE_COLOURS,
    )


def _media(attachments) -> list[dict]:
    shown = []
    for item in attachments if isinstance(attachments, list) else []:
        if not isinstance(item, dict) or not isinstance(item.get("url"), str):
            continue
        shown.append({**item, "host": urlsplit(item["url"]).hostname or ""})
    return shown


def present_post(post: RemotePost, wanted: str | None = None) -> ShownPost:
    """The post in `wanted` (the active language) when its maps have it, else in its own."""
    wanted = (wanted or translation.get_language() or settings.LANGUAGE_CODE).lower()
    wanted = wanted.split("-")[0]
    content, lang = _pick(post.content_map, post.content, wanted)
    name, name_lang = _pick(post.name_map, post.name, wanted)
    translated = bool(lang or name_lang)
    shown_lang = lang or name_lang or post.language or ""
    if content is None:
        content = post.content_map.get(shown_lang) or post.content
    if name is None:
        name = post.name_map.get(shown_lang) or post.name
    summary, _l = _pick(post.summary_map, post.summary, shown_lang.split("-")[0] or wanted)
    if summary is None:
        summary = post.summary
    url = post.url_map.get(shown_lang) or post.url
    return ShownPost(
        post=post,
        language=shown_lang,
        language_name=language_name(shown_lang) if shown_lang else "",
        translated=translated or (shown_lang.split("-")[0] == wanted),
        name=name,
        summary=summary,
        # Sanitised when stored (federation.sanitize.clean_html).
        content=mark_safe(content),  # noqa: S308
        url=url,
        type_label=str(TYPE_LABELS.get(post.object_type) or post.get_kind_display()),
        source=source_of(post.actor),
        media=_media(post.attachments),
    )


def visible_posts():
    """Posts the public may see: not hidden, their source not blocked."""
    return RemotePost.objects.filter(hidden=False, actor__blocked=False).select_related("actor")


def feed_listing(request) -> dict:
    """What the NetworkFeedPage shows for a request: a page of posts, the filters, their choices."""
    posts = visible_posts()
    source = request.GET.get("source", "")
    kind = request.GET.get("kind", "")
    if source.isdigit():
        posts = posts.filter(actor_id=int(source))
    else:
        source = ""
    if kind in dict(RemotePost.KINDS):
        posts = posts.filter(kind=kind)
    else:
        kind = ""
    paginator = Paginator(posts.order_by("-published", "-id"), setting("FEED_PAGE_SIZE"))
    page = paginator.get_page(request.GET.get("page"))
    sources = (
        RemoteActor.objects.filter(follows__direction=Follow.OUTGOING, blocked=False)
        .distinct()
        .order_by("name", "uri")
    )
    filters = {k: v for k, v in (("source", source), ("kind", kind)) if v}
    return {
        "follow_url": _follow_url(request),
        "page": page,
        "posts": [present_post(p) for p in page.object_list],
        "sources": sources,
        "kinds": RemotePost.KINDS,
        "source": source,
        "kind": kind,
        "query": urlencode(filters),
    }


def _follow_url(request) -> str:
    """The admin screen where editors follow networks, for those who may use it; else ""."""
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return ""
    if not (user.is_superuser or user.has_perm("federation.add_follow")):
        return ""
    try:
        return reverse("federation_following:follow")
    except NoReverseMatch:  # a site that does not mount the Wagtail admin
        return ""


def remote_events(start=None, end=None, limit: int = 100) -> list[ShownPost]:
    """Events from followed actors for a site's event listing, soonest first, in the active
    language; each has `.post.start_time`, `.post.end_time`, `.post.location`, `.url`, and is
    external (`.post.actor` says whose). `start`/`end` bound the start time."""
    events = visible_posts().filter(kind=RemotePost.EVENT, start_time__isnull=False)
    if start is not None:
        events = events.filter(start_time__gte=start)
    if end is not None:
        events = events.filter(start_time__lt=end)
    return [present_post(p) for p in events.order_by("start_time", "id")[:limit]]
