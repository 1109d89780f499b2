"""Themes shared by organisations, projects and practices: one translatable snippet."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Locale, TranslatableMixin
from wagtail.search import index


class Theme(TranslatableMixin, index.Indexed, models.Model):
    """A field of work of the network ("heritage", "artistic education" ...).

    Pages always point to the theme in the source language (the field is synchronised across page
    translations), so facets count one row per theme whatever the visitor's language; the name is
    shown from the theme's translation in the visitor's language (`localized_names`).
    """

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, allow_unicode=True)

    panels = [FieldPanel("name"), FieldPanel("slug")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["name"]

    def __str__(self):
        return self.name


def localized_names(themes):
    """Map each theme's pk to its name in the active locale, in one query (falls back to source)."""
    themes = list(themes)
    names = {t.pk: t.name for t in themes}
    if not themes:
        return names
    locale = Locale.get_active()
    by_key = {t.translation_key: t.pk for t in themes if t.locale_id != locale.pk}
    if by_key:
        for key, name in Theme.objects.filter(
            translation_key__in=by_key, locale=locale
        ).values_list("translation_key", "name"):
            names[by_key[key]] = name
    return names


def theme_names(page):
    """The names of a page's themes (organisation, project, practice) in the active locale."""
    themes = list(page.themes.all())
    names = localized_names(themes)
    return [names[t.pk] for t in themes]
