"""Template tags of the site: the language switcher, hreflang alternates, the main menu, the joint
statement and the membership fee bands."""

from django import template
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse, translate_url
from django.utils import formats, translation
from django.utils.translation import gettext
from wagtail.models import Page, Site

from cms.models.choices import AUTHORITY_KINDS, OrganisationKind
from cms.models.fees import FeeBand
from cms.models.statements import StatementPage

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
    in the active locale marked "show in menus", the joint statement (linked even when no
    statement is in the menu) and the working groups. Computed once per request."""
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
            statement_type = ContentType.objects.get_for_model(StatementPage)
            for child in home.get_children().live().public().in_menu():
                items.append(
                    {
                        "title": child.title,
                        "url": child.get_url(request=request),
                        "active": bool(current_path) and current_path.startswith(child.path),
                        "is_statement": child.content_type_id == statement_type.pk,
                    }
                )
            # The joint statement is the network's campaign: always reachable from the menu,
            # even when the editors left it out of it (then the newest one is linked).
            if not any(item["is_statement"] for item in items):
                statement = current_statement(context)
                if statement is not None:
                    items.append(
                        {
                            "title": gettext("Joint statement"),
                            "url": statement.get_url(request=request),
                            "active": bool(current_path)
                            and current_path.startswith(statement.path),
                            "is_statement": True,
                        }
                    )
        # The working groups live outside the page tree (collaboration's own views).
        groups_url = reverse("collaboration:list")
        items.append(
            {
                "title": gettext("Working groups"),
                "url": groups_url,
                "active": request.path.startswith(groups_url),
                "is_statement": False,
            }
        )
    request._cms_main_menu = items
    return items


@register.simple_tag(takes_context=True)
def current_statement(context):
    """The newest live joint statement in the visitor's language, or None (once per request)."""
    request = context.get("request")
    cached = getattr(request, "_cms_statement", False)
    if cached is not False:
        return cached
    statement = (
        StatementPage.objects.live()
        .public()
        .filter(locale__language_code=translation.get_language())
        .order_by("-date", "-first_published_at")
        .first()
    )
    if request is not None:
        request._cms_statement = statement
    return statement


def _number(value):
    return formats.number_format(value, decimal_pos=0, use_l10n=True, force_grouping=True)


def _euros(amount):
    decimals = 0 if amount == amount.to_integral_value() else 2
    value = formats.number_format(amount, decimal_pos=decimals, use_l10n=True, force_grouping=True)
    return gettext("%(amount)s €") % {"amount": value}


@register.simple_tag
def fee_bands():
    """The fee bands the secretariat keeps (cms.models.fees), one group per kind of organisation
    in the form's order, each band's size range and fees written out in the active language."""
    by_kind = {}
    for band in FeeBand.objects.order_by("min_size"):
        by_kind.setdefault(band.kind, []).append(band)
    groups = []
    for kind, label in OrganisationKind.choices:
        bands = by_kind.get(kind)
        if not bands:
            continue
        # What the application form asks as the size figure (cms.members.forms).
        if len(bands) == 1 and bands[0].min_size == 0 and bands[0].max_size is None:
            unit = gettext("Size")
        elif kind in AUTHORITY_KINDS:
            unit = gettext("Population")
        else:
            unit = gettext("Annual budget (€)")
        rows = []
        for band in bands:
            low, high = band.min_size, band.max_size
            if low == 0 and high is None:
                size = gettext("Any size")
            elif low == 0:
                size = gettext("Under %(max)s") % {"max": _number(high)}
            elif high is None:
                size = gettext("%(min)s or more") % {"min": _number(low)}
            else:
                size = gettext("%(min)s to %(max)s") % {"min": _number(low), "max": _number(high)}
            associate = band.associate_fee
            rows.append(
                {
                    "size": size,
                    "fee": _euros(band.yearly_fee),
                    "associate": "" if associate is None else _euros(associate),
                }
            )
        groups.append(
            {
                "kind": kind,
                "label": label,
                "unit": unit,
                "rows": rows,
                "has_associate": any(row["associate"] for row in rows),
            }
        )
    return groups
