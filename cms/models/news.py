"""The network's news: the news index and its articles."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from taggit.models import ItemBase
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from cms.i18n import localized
from cms.models.base import INTRO_FEATURES, DatedArticlePage, image_field, with_listing_images
from cms.models.tags import Tag, TranslatableTagsField
from cms.search.pagination import paginate


class NewsIndexPage(RoutablePageMixin, Page):
    """The list of the network's news, newest first, filterable by tag, with RSS and Atom feeds."""

    intro = RichTextField(_("introduction"), blank=True, features=INTRO_FEATURES)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    subpage_types = ["cms.NewsArticlePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("news index")
        verbose_name_plural = _("news indexes")

    def articles(self):
        articles = NewsArticlePage.objects.live().public().child_of(self)
        return (
            with_listing_images(articles)
            .prefetch_related("tagged_items__tag")
            .order_by("-date", "-pk")
        )

    @path("")
    def index_route(self, request):
        articles = self.articles()
        tag = request.GET.get("tag", "").strip()[:100]
        tag_label = tag
        if tag:
            # Any translation's slug: a French visitor follows ?tag=photographie.
            keys = Tag.objects.filter(slug=tag).values("translation_key")
            articles = articles.filter(tagged_items__tag__translation_key__in=keys).distinct()
            found = Tag.objects.filter(slug=tag).order_by("pk").first()
            if found is not None:
                tag_label = localized([found], self.locale_id)[0].name
        return self.render(
            request,
            context_overrides={
                "articles": paginate(request, articles),
                "tag": tag,
                "tag_label": tag_label,
            },
        )


class NewsArticleTag(ItemBase):
    """One tag of one article (always the source-language tag, see `Tag`)."""

    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="tagged_news")
    content_object = ParentalKey(
        "cms.NewsArticlePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class NewsArticlePage(DatedArticlePage):
    """A piece of news from the network or one of its members, shared with the fediverse."""

    summary = models.TextField(_("summary"), blank=True, max_length=600)
    image = image_field(_("image"))
    author_organisation = models.ForeignKey(
        "cms.OrganisationPage",
        verbose_name=_("author organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="news",
        help_text=_("The member that wrote this news, if not the network itself."),
    )
    tags = TranslatableTagsField(through=NewsArticleTag, blank=True, verbose_name=_("tags"))

    content_panels = Page.content_panels + [
        FieldPanel("date"),
        FieldPanel("author_organisation"),
        FieldPanel("summary"),
        FieldPanel("image"),
        FieldPanel("body"),
    ]
    promote_panels = Page.promote_panels + [FieldPanel("tags")]

    parent_page_types = ["cms.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("news article")
        verbose_name_plural = _("news articles")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        author = localized([self.author_organisation], self.locale_id, published_only=True)
        context["author"] = author[0] if author else None
        context["tags"] = localized(self.tags.all(), self.locale_id)
        url = self.get_url(request) or ""
        context["news_index_url"] = url[: url.rstrip("/").rfind("/") + 1]
        return context

    def tag_list(self):
        """The article's (source-language) tags, from the prefetched rows when a listing
        prefetched them."""
        return [item.tag for item in self.tagged_items.all()]

    # Federation: what the fediverse receives when the article is published.
    def federation_actor_owner(self):
        """A member's news is published by that member's actor (and announced by the network)."""
        return self.author_organisation

    def federation_tags(self):
        return [tag.name for tag in self.tag_list()]
