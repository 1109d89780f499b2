"""What the page families share: listing images, introductions, dated articles."""

from django.db import models
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import BodyBlock
from federation.mixins import FederatedMixin

LISTING_RENDITION = "fill-480x270"
INTRO_FEATURES = ["bold", "italic", "link", "ol", "ul"]


def image_field(verbose_name):
    """An optional picture from the image library; deleting the image leaves the page without one."""
    return models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


def with_listing_images(pages):
    """Pages of a listing with their images and the listing's renditions, fetched in two queries
    however many items."""
    images = get_image_model().objects.prefetch_renditions(LISTING_RENDITION)
    return pages.select_related("image").prefetch_related(Prefetch("image", queryset=images))


class DatedArticlePage(FederatedMixin, Page):
    """What news articles and publications share: a date, a summary, an image and a body, which is
    what the fediverse receives of them."""

    date = models.DateField(_("date"), default=timezone.localdate)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]

    class Meta:
        abstract = True

    def federation_content_html(self):
        return str(self.body) if self.body else ""

    def federation_image(self):
        return self.image
