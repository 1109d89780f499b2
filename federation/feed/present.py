"""Remote posts out: the network feed page and a site's event listing, each post in the
visitor's language when the post has it."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import get_language_info

from ..conf import setting
from ..models import Follow, RemoteActor, RemotePost


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


def _pick(mapping: dict, plain: str, wanted: str):
    if wanted in mapping:
        return mapping[wanted], wanted
    for lang, text in mapping.items():
        if lang.split("-")[0] == wanted:
            return text, lang
    return None, None


def language_name(code: str) -> str:
    names = dict(getattr(settings, "LANGUAGES", []))
    if code in names:
        return str(names[code])
    try:
        return get_language_info(code.split("-")[0])["name_translated"]
    except KeyError:
        return code


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
        "page": page,
        "posts": [present_post(p) for p in page.object_list],
        "sources": sources,
        "kinds": RemotePost.KINDS,
        "source": source,
        "kind": kind,
        "query": urlencode(filters),
    }


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
