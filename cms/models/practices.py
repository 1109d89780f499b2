"""The best-practice database: practices of cultural cooperation and territorial development."""

from django.conf import settings
from django.db import models
from django.http import StreamingHttpResponse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from federation.mixins import FederatedMixin


class GovernmentLevel(models.TextChoices):
    CITY = "city", _("City")
    COUNTY = "county", _("County")
    PROVINCE = "province", _("Province")
    REGION = "region", _("Region")
    NATIONAL = "national", _("National")
    CROSS_BORDER = "cross_border", _("Cross-border")


class BudgetBand(models.TextChoices):
    UNDER_10K = "lt10k", _("Under €10,000")
    UP_TO_50K = "10k-50k", _("€10,000 to €50,000")
    UP_TO_250K = "50k-250k", _("€50,000 to €250,000")
    UP_TO_1M = "250k-1m", _("€250,000 to €1 million")
    OVER_1M = "gt1m", _("Over €1 million")


class PracticeIndexPage(RoutablePageMixin, Page):
    """The online database of best practices: faceted search with counts, full-text search in the
    visitor's language, sorting, CSV export of the current selection, and a submission form for
    signed-in members (submissions go through the moderation workflow)."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    per_page = models.PositiveSmallIntegerField(_("practices per page"), default=20)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("per_page")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.PracticePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("best-practice database")

    def get_context(self, request, *args, **kwargs):
        from cms.facets import practice_search

        context = super().get_context(request, *args, **kwargs)
        context.update(practice_search(self, request))
        return context

    @path("")
    def index_route(self, request):
        return self.render(request)

    @path("export/", name="export")
    def export_csv(self, request) -> StreamingHttpResponse:
        from cms.views_members import practice_csv_response

        return practice_csv_response(self, request)

    @path("submit/", name="submit")
    def submit(self, request):
        from cms.views_members import submit_practice_view

        return submit_practice_view(request, self)


class PracticePage(FederatedMixin, Page):
    """One best practice: what was done, where, by whom, at which level of government, with which
    budget and results; documents to download and a contact (shown to signed-in members only)."""

    federation_object_type = "Article"

    summary = models.CharField(_("summary"), max_length=400)
    description = RichTextField(_("description"), blank=True)
    city_region = models.CharField(_("city or region"), max_length=255, blank=True)
    country = CountryField(_("country"))
    level = models.CharField(
        _("level of government"), max_length=16, choices=GovernmentLevel.choices
    )
    themes = ParentalManyToManyField(
        "cms.Theme",
        verbose_name=_("themes"),
        blank=True,
        related_name="practices",
        limit_choices_to={"locale__language_code": settings.LANGUAGE_CODE},
    )
    start_year = models.PositiveSmallIntegerField(_("start year"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("end year"), null=True, blank=True)
    budget_band = models.CharField(
        _("budget"), max_length=16, choices=BudgetBand.choices, blank=True
    )
    partners = models.TextField(_("partners"), blank=True)
    results = RichTextField(_("results"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("description"),
        InlinePanel("organisations", label=_("Organisation"), heading=_("Organisations")),
        FieldRowPanel([FieldPanel("country"), FieldPanel("city_region"), FieldPanel("level")]),
        FieldPanel("themes"),
        FieldRowPanel(
            [FieldPanel("start_year"), FieldPanel("end_year"), FieldPanel("budget_band")]
        ),
        FieldPanel("partners"),
        FieldPanel("results"),
        InlinePanel("documents", label=_("Document"), heading=_("Documents")),
        MultiFieldPanel(
            [FieldPanel("contact_name"), FieldPanel("contact_email")],
            heading=_("Contact (shown to signed-in members only)"),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("description"),
        index.SearchField("city_region"),
        index.SearchField("partners"),
        index.SearchField("results"),
        index.FilterField("country"),
        index.FilterField("level"),
    ]
    override_translatable_fields = [
        SynchronizedField("themes"),
        SynchronizedField("contact_name"),
    ]

    parent_page_types = ["cms.PracticeIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("practice")
        verbose_name_plural = _("practices")

    def period_display(self):
        if self.start_year and self.end_year and self.end_year != self.start_year:
            return f"{self.start_year}–{self.end_year}"
        if self.start_year:
            return f"{self.start_year}–" if self.end_year is None else str(self.start_year)
        return ""

    def federation_summary(self) -> str:
        return self.summary

    def federation_content_html(self) -> str:
        return str(self.description or "")

    def get_context(self, request, *args, **kwargs):
        from cms.members import is_network_member
        from cms.models.projects import localize_partners
        from cms.models.themes import theme_names

        context = super().get_context(request, *args, **kwargs)
        context["show_contact"] = is_network_member(request.user)
        context["theme_names"] = theme_names(self)
        context["organisations"] = localize_partners(
            list(self.organisations.select_related("organisation")), self.locale_id
        )
        context["documents"] = [d.document for d in self.documents.select_related("document")]
        return context


class PracticeOrganisation(Orderable):
    """An organisation of the directory that carried out a practice."""

    page = ParentalKey(PracticePage, on_delete=models.CASCADE, related_name="organisations")
    organisation = models.ForeignKey(
        "cms.OrganisationPage",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="practice_links",
    )

    panels = [FieldPanel("organisation")]


class PracticeDocument(Orderable):
    """A document about a practice (report, evaluation, presentation)."""

    page = ParentalKey(PracticePage, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("document")]
