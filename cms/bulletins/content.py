"""What an issue says, as plain data: its blocks turned into sections that the web version, the
e-mail and the fediverse all render, with the self-filling lists computed in the issue's language."""

import datetime as dt
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cms.i18n import localized
from cms.models.choices import CURRENT_MEMBERSHIP

from .conf import setting

#: How far back an automatic block looks when the issue is the first one.
FIRST_ISSUE_LOOKBACK = dt.timedelta(days=90)
ITEM_RENDITION = "fill-600x338"


@dataclass
class Item:
    title: str
    url: str
    summary: str = ""
    date: object = None
    image_url: str = ""
    image_alt: str = ""


@dataclass
class Section:
    kind: str  # "heading", "html", "image" or "list"
    text: str = ""
    html: str = ""
    image_url: str = ""
    alt: str = ""
    caption: str = ""
    items: list = field(default_factory=list)


def absolute(url):
    """A URL mail clients can follow: relative ones are made absolute on SITE_URL."""
    if url and url.startswith("/") and not url.startswith("//"):
        return settings.SITE_URL + url
    return url or ""


def _image(image):
    if image is None:
        return ""
    return absolute(image.get_rendition(ITEM_RENDITION).url)


def _default_title(block_type):
    return {
        "latest_news": _("Latest news"),
        "upcoming_events": _("Upcoming events"),
        "new_practices": _("New practices"),
        "new_members": _("New members"),
    }[block_type]


def _since(page):
    previous = page.previous_issue() if page.pk else None
    return previous.date if previous else page.date - FIRST_ISSUE_LOOKBACK


def _end_of(day):
    return timezone.make_aware(dt.datetime.combine(day, dt.time.max))


def _automatic(block_type, page, count):
    """The newest pages of a kind in the issue's language, since the previous issue."""
    since, until = _since(page), page.date
    if block_type == "latest_news":
        model = apps.get_model("cms", "NewsArticlePage")
        rows = model.objects.filter(date__gt=since, date__lte=until).order_by("-date", "-pk")
    elif block_type == "upcoming_events":
        model = apps.get_model("cms", "EventPage")
        start = timezone.make_aware(dt.datetime.combine(until, dt.time.min))
        rows = model.filter_upcoming(model.objects.all(), now=start).order_by("start", "pk")
    elif block_type == "new_practices":
        model = apps.get_model("cms", "PracticePage")
        rows = model.objects.filter(
            first_published_at__gt=_end_of(since), first_published_at__lte=_end_of(until)
        ).order_by("-first_published_at")
    else:
        model = apps.get_model("cms", "OrganisationPage")
        rows = model.objects.filter(
            membership_status__in=CURRENT_MEMBERSHIP,
            first_published_at__gt=_end_of(since),
            first_published_at__lte=_end_of(until),
        ).order_by("-first_published_at")
    return list(rows.live().public().filter(locale_id=page.locale_id)[:count])


def _item(target):
    image = getattr(target, "image", None) or getattr(target, "logo", None)
    date = getattr(target, "date", None) or getattr(target, "start", None)
    if isinstance(date, dt.datetime):
        date = timezone.localdate(date)
    return Item(
        title=target.title,
        url=absolute(target.get_url() or ""),
        summary=getattr(target, "summary", "") or "",
        date=date,
        image_url=_image(image),
        image_alt=getattr(image, "default_alt_text", "") or "" if image else "",
    )


def block_items(block_type, value, page):
    """What a self-filling block lists in `page`'s language."""
    count = value.get("count") or setting("AUTO_ITEMS")
    if value.get("mode") == "chosen":
        chosen = [p.specific for p in value.get("pages") or [] if p is not None]
        targets = localized(chosen, page.locale_id, published_only=True)[:count]
    else:
        targets = _automatic(block_type, page, count)
    return [_item(target) for target in targets]


def sections(page, request=None):
    """The issue's content in order: its introduction, then each block."""
    with translation.override(page.locale.language_code):
        return _sections(page)


def _sections(page):
    from .blocks import AUTO_BLOCKS

    result = []
    if page.intro:
        from wagtail.rich_text import expand_db_html

        result.append(Section("html", html=expand_db_html(page.intro)))
    for block in page.body:
        if block.block_type == "heading":
            result.append(Section("heading", text=block.value))
        elif block.block_type == "paragraph":
            result.append(Section("html", html=str(block.value)))
        elif block.block_type == "image":
            image = block.value["image"]
            if image is not None:
                result.append(
                    Section(
                        "image",
                        image_url=absolute(image.get_rendition("width-1200").url),
                        alt=block.value["alt"],
                        caption=block.value["caption"],
                    )
                )
        elif block.block_type in AUTO_BLOCKS:
            items = block_items(block.block_type, block.value, page)
            if items:
                title = block.value.get("title") or _default_title(block.block_type)
                result.append(Section("list", text=title, items=items))
    return result


def sections_html(page):
    """The issue's content as simple HTML (what the fediverse receives)."""
    return render_to_string(
        "cms_bulletins/includes/sections.html", {"sections": sections(page), "plain": True}
    )
