"""The XML sitemap: every live page in every language, with its hreflang alternates."""

from collections import defaultdict

from django.conf import settings
from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page


class MultilingualSitemap(Sitemap):
    """Wagtail's sitemap lists one locale's tree; this one lists the trees of every translation of
    the site's root page, so search engines find each language's pages.

    Each URL names its page's live translations (itself included, the source language as
    `x-default`) as `<xhtml:link rel="alternate" hreflang=...>`, the way Django's sitemap
    template renders `alternates`. Django's own `i18n`/`alternates` options translate one URL
    pattern per language; Wagtail pages have a slug per language, so the alternates are the
    translations' own URLs.
    """

    def _in_a_tree(self):
        if not hasattr(self, "_roots"):
            root = self.get_wagtail_site().root_page
            self._roots = list(
                Page.objects.filter(translation_key=root.translation_key).values_list(
                    "path", flat=True
                )
            )
        in_a_tree = Q(pk__in=[])
        for path in self._roots:
            in_a_tree |= Q(path__startswith=path)
        return in_a_tree

    def items(self):
        return (
            Page.objects.filter(self._in_a_tree())
            .live()
            .public()
            .order_by("path")
            .defer_streamfields()
            .specific()
        )

    def _alternates(self, pages):
        """{translation_key: [{"lang_code", "location"}]} for groups with 2+ live translations:
        one query for the whole sitemap page."""
        keys = {page.translation_key for page in pages}
        translations = (
            Page.objects.filter(self._in_a_tree(), translation_key__in=keys)
            .live()
            .public()
            .select_related("locale")
            .order_by("path")
            .defer_streamfields()
        )
        groups = defaultdict(dict)
        for page in translations:
            url = page.get_full_url(self.request)
            if url:
                groups[page.translation_key][page.locale.language_code] = url
        result = {}
        for key, by_language in groups.items():
            if len(by_language) < 2:
                continue
            links = [{"lang_code": code, "location": url} for code, url in by_language.items()]
            source = by_language.get(settings.LANGUAGE_CODE)
            if source:
                links.append({"lang_code": "x-default", "location": source})
            result[key] = links
        return result

    def _urls(self, page, protocol, domain):
        pages = list(self.paginator.page(page).object_list)
        alternates = self._alternates(pages)
        urls = []
        last_mods = set()
        for item in pages:
            for url_info in item.get_sitemap_urls(self.request):
                url_info.setdefault("alternates", alternates.get(item.translation_key, []))
                urls.append(url_info)
                last_mods.add(url_info.get("lastmod"))
        # As Wagtail's: last_mods is empty when the whole site is private.
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls
