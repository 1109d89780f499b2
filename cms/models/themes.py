"""Themes shared by organisations, projects and practices: one translatable snippet."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index


class Theme(TranslatableMixin, index.Indexed, models.Model):
    """A field of work of the network ("heritage", "artistic education" ...).

    Pages always point to the theme in the source language (the field is synchronised across page
    translations), so facets count one row per theme whatever the visitor's language; the name is
    shown from the theme's translation in the visitor's language (`cms.i18n.localized_names`).
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
