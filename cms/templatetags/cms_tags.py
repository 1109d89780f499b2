"""Template tags of the site: the language switcher, hreflang alternates and the main menu."""

from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.translation import gettext
from wagtail.models import Page, Site

register = template.Library()


def _language_names():
    return dict(settings.LANGUAGES)


@register.simple_tag(takes_context=True)
def page_translations(context):
    """The live translations of the current page, one per configured language, current first.

    Outside a Wagtail page (search, working groups) every language is offered for the same path.
    Only translations that exist and are live are listed, so the switcher never leads to a 404.
    """
    request = context.get("request")
    page = context.get("page") or context.get("self")
    # The head (hreflang) and the header (switcher) both ask: compute once per request.
    cache_key = ("_cms_translations", getattr(page, "pk", None), translation.get_language())
    cached = getattr(request, "_cms_translations", None)
    if cached is not None and cached[0] == cache_key:
        return cached[1]
    names = _language_names()
    current = translation.get_language()
    entries = []
    if isinstance(page, Page) and page.pk:
        pages = (
            Page.objects.filter(translation_key=page.translation_key, live=True)
            .select_related("locale")
            .only("url_path", "locale__language_code", "translation_key", "depth", "path")
        )
        for p in pages:
            code = p.locale.language_code
            if code not in names:
                continue
            url = p.get_url(request=request)
            if url:
                entries.append(
                    {"code": code, "name": names[code], "url": url, "current": code == current}
                )
    elif request is not None:
        for code, name in settings.LANGUAGES:
            entries.append(
                {
                    "code": code,
                    "name": name,
                    "url": translate_url(request.get_full_path(), code),
                    "current": code == current,
                }
            )
    order = [code for code, _name in settings.LANGUAGES]
    entries.sort(key=lambda e: order.index(e["code"]))
    if request is not None:
        request._cms_translations = (cache_key, entries)
    return entries


@register.simple_tag(takes_context=True)
def absolute_url(context, url):
    """An absolute URL on the site's public origin (for hreflang, feeds and ActivityPub)."""
    if url.startswith(("http://", "https://")):
        return url
    return settings.SITE_URL + url


@register.simple_tag(takes_context=True)
def main_menu(context):
    """The pages shown in the header, in the visitor's language: the children of the home page
    in the active locale marked "show in menus". Computed once per request (two queries)."""
    request = context.get("request")
    if request is None:
        return []
    cached = getattr(request, "_cms_main_menu", None)
    if cached is not None:
        return cached
    site = Site.find_for_request(request)
    items = []
    if site is not None:
        language = translation.get_language()
        home = (
            Page.objects.filter(
                translation_key=Page.objects.filter(pk=site.root_page_id).values("translation_key")[
                    :1
                ],
                locale__language_code=language,
            )
            .only("path", "depth", "numchild")
            .first()
        )
        if home is not None:
            current = context.get("page")
            current_path = getattr(current, "path", "") if isinstance(current, Page) else ""
            for child in home.get_children().live().public().in_menu():
                items.append(
                    {
                        "title": child.title,
                        "url": child.get_url(request=request),
                        "active": bool(current_path) and current_path.startswith(child.path),
                    }
                )
        # The working groups live outside the page tree (collaboration's own views).
        groups_url = reverse("collaboration:list")
        items.append(
            {
                "title": gettext("Working groups"),
                "url": groups_url,
                "active": request.path.startswith(groups_url),
            }
        )
    request._cms_main_menu = items
    return items
