"""The news' tags: taggit's free tagging, with each tag a translatable snippet."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager, _ClusterTaggableManager
from taggit.models import TagBase
from wagtail.models import Locale, TranslatableMixin
from wagtail.search import index


class Tag(TranslatableMixin, index.Indexed, TagBase):
    """A word news is filed under ("photography", "network"), translated like the themes.

    Editors type tags freely on the source-language page; wagtail-localize translates the tag
    itself (its name and slug), and pages in every language keep pointing to the source
    tag (the page's tags are synchronised across its translations). A visitor sees the tag's
    translation in their language (`cms.i18n.localized`), and ?tag= takes any translation's
    slug.
    """

    # taggit's tags are unique by name and slug; a translated tag may share them ("opera" in
    # English, Italian and Polish), so they are unique per language instead.
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, allow_unicode=True)

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]
        unique_together = [("translation_key", "locale"), ("locale", "name"), ("locale", "slug")]


def tag_locale_id(instance):
    """The locale a tagged object's new tags are made in: its own, else the default one."""
    if getattr(instance, "locale_id", None):
        return instance.locale_id
    locale = Locale.objects.filter(language_code=settings.LANGUAGE_CODE).first()
    return locale.pk if locale else Locale.get_default().pk


class _LocalisedTagsManager(_ClusterTaggableManager):
    """Tags given by name are looked up, and made, in the tagged object's language only: the
    same word may be another language's tag."""

    def _to_tag_model_instances(self, tags, tag_kwargs):
        tag_kwargs = {"locale_id": tag_locale_id(self.instance), **(tag_kwargs or {})}
        return super()._to_tag_model_instances(tags, tag_kwargs)


class TranslatableTagsField(ClusterTaggableManager):
    """modelcluster's tags (kept in memory until the page is saved, as revisions need) with
    tags of one language at a time."""

    def __get__(self, instance, model):
        return _LocalisedTagsManager(
            through=self.through, model=model, instance=instance, prefetch_cache_name=self.name
        )
