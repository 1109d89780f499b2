"""The network's library: conference reports, e-bulletins and position papers."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.models.base import INTRO_FEATURES, DatedArticlePage, image_field, with_listing_images
from cms.search.pagination import paginate


class PublicationIndexPage(Page):
    """The network's library: conference reports, e-bulletins and position papers, newest first."""

    intro = RichTextField(_("introduction"), blank=True, features=INTRO_FEATURES)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    subpage_types = ["cms.PublicationPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("publication index")
        verbose_name_plural = _("publication indexes")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        publications = with_listing_images(
            PublicationPage.objects.live().public().child_of(self)
        ).order_by("-date", "-pk")
        kind = request.GET.get("kind", "")
        if kind in PublicationPage.Kind.values:
            publications = publications.filter(kind=kind)
        else:
            kind = ""
        context["publications"] = paginate(request, publications)
        context["kind"] = kind
        context["kinds"] = PublicationPage.Kind.choices
        return context


class PublicationPage(DatedArticlePage):
    """Something the network published: a conference report, an e-bulletin, a position paper."""

    class Kind(models.TextChoices):
        CONFERENCE_REPORT = "conference-report", _("Conference report")
        E_BULLETIN = "e-bulletin", _("E-bulletin")
        POSITION_PAPER = "position-paper", _("Position paper")

    kind = models.CharField(
        _("kind"), max_length=32, choices=Kind.choices, default=Kind.CONFERENCE_REPORT
    )
    summary = models.TextField(_("summary"), blank=True, max_length=1000)
    image = image_field(_("cover image"))

    content_panels = Page.content_panels + [
        FieldPanel("kind"),
        FieldPanel("date"),
        FieldPanel("summary"),
        FieldPanel("image"),
        InlinePanel("documents", label=_("document")),
        FieldPanel("body"),
    ]
    search_fields = DatedArticlePage.search_fields + [index.FilterField("kind")]

    parent_page_types = ["cms.PublicationIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["documents"] = list(self.documents.select_related("document"))
        return context


class PublicationDocument(Orderable):
    """A file of a publication (the report as PDF, its annexes), with a title in the page's language."""

    publication = ParentalKey(PublicationPage, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(
        "wagtaildocs.Document",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("document"),
    )
    title = models.CharField(_("title"), max_length=255, blank=True)

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    @property
    def label(self):
        return self.title or self.document.title
