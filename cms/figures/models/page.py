"""The public page of the network in figures."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from cms.figures.display import figures_context


class FiguresPage(Page):
    """The public "network in figures" page: members by country and kind on a map of Europe, and
    the published aggregates of the yearly data collections as charts with tables and downloads.
    Only aggregates of enough respondents appear (`cms.figures.aggregates`)."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    method = RichTextField(
        _("method"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("How the figures are collected, shown under the charts."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("method")]
    # The figures themselves are never indexed: search cannot reach what the page hides.
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["cms.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("network in figures page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(figures_context(self.locale_id))
        return context
