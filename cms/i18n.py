"""Content in the visitor's language: the source-language page, and lists localised in one query.

Foreign keys between translatable objects (pages, and snippets such as themes) point to the
source-language version, because wagtail-localize synchronises them across translations; a
visitor should see each object in their own language when it has been translated.
"""

from django.conf import settings
from wagtail.models import Locale, Page


def locale_id(locale=None) -> int:
    """The id of `locale` (a Locale or its id), the active locale by default."""
    if isinstance(locale, int):
        return locale
    return (locale or Locale.get_active()).pk


def source_page(page):
    """The source-language version of a translatable page (what foreign keys point to)."""
    if page.locale.language_code == settings.LANGUAGE_CODE:
        return page
    locale = Locale.objects.filter(language_code=settings.LANGUAGE_CODE).first()
    found = page.get_translation_or_none(locale) if locale else None
    return found.specific if found else page


def _translations(objects, target, keys):
    """The objects in locale `target` whose translation key is one of `keys`, by key."""
    kinds = {type(o) for o in objects}
    model = kinds.pop() if len(kinds) == 1 else Page
    if issubclass(model, Page):
        # One page type: one query on its table; a mixed list (or plain Page rows from a
        # foreign key to wagtailcore.Page) goes through Page and comes back specific.
        rows = model.objects.live() if model is not Page else Page.objects.live().specific()
        rows = rows.select_related("locale")
    else:
        rows = model._default_manager.all()
    return {
        row.translation_key: row for row in rows.filter(translation_key__in=keys, locale_id=target)
    }


def localized(objects, locale=None, *, published_only=False):
    """Each object as a visitor in `locale` (a Locale or its id; the active one by default) should
    see it, in one query: itself when it is in that locale, else its translation there (for a
    page, a live one), else itself. None entries are left out; with `published_only`, so are
    pages that are neither in that locale, translated nor live (a listing should not link to them).

    The objects are pages, or rows of one translatable model (a snippet such as a theme).
    """
    objects = [o for o in objects if o is not None]
    if not objects:
        return []
    target = locale_id(locale)
    keys = {o.translation_key for o in objects if o.locale_id != target}
    translated = _translations(objects, target, keys) if keys else {}
    result = []
    for obj in objects:
        if obj.locale_id == target:
            result.append(obj)
        elif obj.translation_key in translated:
            result.append(translated[obj.translation_key])
        elif not published_only or obj.live:
            result.append(obj)
    return result


def localized_names(objects, locale=None):
    """Each object's pk mapped to its name in `locale` (the active one by default)."""
    objects = [o for o in objects if o is not None]
    return {o.pk: local.name for o, local in zip(objects, localized(objects, locale), strict=True)}


def localize_links(rows, attribute, locale=None):
    """The rows (project partners, signatories ...) with `.local` set to the page their
    `attribute` points to, as `localized` shows it."""
    rows = list(rows)
    targets = localized([getattr(row, attribute) for row in rows], locale)
    for row, local in zip(rows, targets, strict=True):
        row.local = local
    return rows
