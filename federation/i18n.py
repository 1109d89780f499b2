"""The site's source language and a translation group's page in it, through Wagtail's locale API."""

from __future__ import annotations

from wagtail.models import Locale


def default_locale() -> Locale | None:
    """The Locale of LANGUAGE_CODE (Wagtail's default), or None while the site has none."""
    try:
        return Locale.get_default()
    except (Locale.DoesNotExist, LookupError):
        return None


def source_page(page):
    """The page of `page`'s translation group in the site's source language, else the group's
    oldest translation (a group may have started in another language)."""
    locale = default_locale()
    source = page.get_translation_or_none(locale) if locale is not None else None
    return source or page.get_translations(inclusive=True).order_by("pk").first() or page


def source_first(pages: list) -> list:
    """Pages of one translation group, the source-language one first, then oldest first."""
    locale = default_locale()
    default_id = locale.pk if locale is not None else None
    return sorted(pages, key=lambda page: (page.locale_id != default_id, page.pk))
