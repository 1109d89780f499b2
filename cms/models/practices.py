"""The best-practice database: practices of cultural cooperation and territorial development."""

from django import urls
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

from cms.access import is_network_member
from cms.i18n import localize_links, localized
from cms.models.choices import BudgetBand, GovernmentLevel
from cms.search.practices import practice_csv_response, practice_search
from federation.mixins import FederatedMixin

#: The members' routes under the database's address (cms/members/practice_routes.py).
MEMBER_ROUTES = "cms.members.practice_routes"


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

    @classmethod
    def get_subpage_urls(cls):
        # Members propose practices at submit/ ("submit" for reversing): a view of the members'
        # area, which needs forms and services built on this module. Its URLs are included as
        # the site's URLconf includes an app's: by name, loaded when first resolved.
        return (*super().get_subpage_urls(), urls.path("", urls.include(MEMBER_ROUTES)))

    def practices(self):
        """The practices the database shows (before any filter)."""
        return PracticePage.objects.live().public().child_of(self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(practice_search(self, request))
        return context

    @path("")
    def index_route(self, request):
        return self.render(request)

    @path("export/", name="export")
    def export_csv(self, request) -> StreamingHttpResponse:
        return practice_csv_response(self, request)


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
        context = super().get_context(request, *args, **kwargs)
        context["show_contact"] = is_network_member(request.user)
        context["theme_names"] = [theme.name for theme in localized(self.themes.all())]
        context["organisations"] = localize_links(
            self.organisations.select_related("organisation"), "organisation", self.locale_id
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
