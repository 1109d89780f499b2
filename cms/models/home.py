"""The network's front page and the pages it features."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.i18n import localized
from cms.models.base import INTRO_FEATURES, with_listing_images
from cms.models.events import EventIndexPage, EventPage
from cms.models.news import NewsArticlePage, NewsIndexPage


class HomePage(Page):
    """The network's front page: its mission, then the latest news, upcoming events and featured work.

    There is one per language; the English one is the site's root and the others are its
    translations made with wagtail-localize.
    """

    intro = models.CharField(_("tagline"), max_length=255, blank=True)
    mission = RichTextField(_("mission"), blank=True, features=INTRO_FEATURES)
    featured_title = models.CharField(
        _("featured section title"),
        max_length=120,
        blank=True,
        help_text=_("For example “Featured projects”. The section is hidden when it is empty."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("mission"),
        MultiFieldPanel(
            [FieldPanel("featured_title"), InlinePanel("featured_pages", label=_("page"))],
            heading=_("Featured"),
        ),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("mission")]

    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        news = NewsArticlePage.objects.live().public().filter(locale_id=self.locale_id)
        context["latest_news"] = list(with_listing_images(news).order_by("-date", "-pk")[:3])
        events = EventPage.objects.live().public().filter(locale_id=self.locale_id)
        context["upcoming_events"] = list(
            with_listing_images(EventPage.filter_upcoming(events)).order_by("start", "pk")[:3]
        )
        featured = [item.page for item in self.featured_pages.select_related("page")]
        context["featured_pages"] = localized(featured, self.locale_id, published_only=True)
        context["news_index"] = (
            NewsIndexPage.objects.live().filter(locale_id=self.locale_id).first()
        )
        context["event_index"] = (
            EventIndexPage.objects.live().filter(locale_id=self.locale_id).first()
        )
        return context


class HomePageFeaturedPage(Orderable):
    """A page highlighted on the home page (a project, a campaign, a report)."""

    home = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_pages")
    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+", verbose_name=_("page")
    )

    panels = [FieldPanel("page")]

    class Meta(Orderable.Meta):
        verbose_name = _("featured page")
        verbose_name_plural = _("featured pages")
