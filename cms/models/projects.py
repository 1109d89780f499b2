"""Joint projects between members: the project list and the project pages with their partners."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from cms.i18n import localize_links, localized
from cms.models.choices import ProjectStatus
from cms.search.projects import project_search
from federation.mixins import FederatedActorMixin, FederatedMixin


class ProjectIndexPage(Page):
    """The list of the network's joint projects, filtered by status, theme and country."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.ProjectPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("project list")

    def projects(self):
        """The projects the list shows (before any filter)."""
        return ProjectPage.objects.live().public().child_of(self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(project_search(self, request))
        return context


class ProjectPage(FederatedActorMixin, FederatedMixin, Page):
    """A joint project between member organisations (one of them leads it): its period, funding
    programme, themes, countries, outcomes and related news, events and practices. A project is an
    ActivityPub actor ("Group") and is itself published as an object."""

    federation_actor_type = "Group"
    federation_object_type = "Article"

    summary = models.CharField(_("summary"), max_length=300, blank=True)
    body = RichTextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ProjectStatus.choices, default=ProjectStatus.RUNNING
    )
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    funding_programme = models.CharField(_("funding programme"), max_length=200, blank=True)
    themes = ParentalManyToManyField(
        "cms.Theme",
        verbose_name=_("themes"),
        blank=True,
        related_name="projects",
        limit_choices_to={"locale__language_code": settings.LANGUAGE_CODE},
    )
    countries = CountryField(_("countries"), multiple=True, blank=True)
    outcomes = RichTextField(_("outcomes"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("status"), FieldPanel("start_date"), FieldPanel("end_date")]),
        FieldPanel("funding_programme"),
        FieldPanel("themes"),
        FieldPanel("countries"),
        FieldPanel("body"),
        InlinePanel("partners", label=_("Partners"), heading=_("Partners")),
        FieldPanel("outcomes"),
        InlinePanel(
            "related_links",
            label=_("Related page"),
            heading=_("Related news, events and practices"),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("outcomes"),
        index.SearchField("funding_programme"),
        index.FilterField("status"),
    ]
    override_translatable_fields = [SynchronizedField("themes"), SynchronizedField("countries")]

    parent_page_types = ["cms.ProjectIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")

    def federation_actor_summary(self) -> str:
        return self.summary

    def federation_actor_owner(self):
        return self

    def federation_content_html(self) -> str:
        return str(self.body or "")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["partners"] = localize_links(
            self.partners.select_related("organisation"), "organisation", self.locale_id
        )
        context["theme_names"] = [theme.name for theme in localized(self.themes.all())]
        related = [link.page for link in self.related_links.select_related("page")]
        context["related_pages"] = localized([r for r in related if r.live], self.locale_id)
        return context


class ProjectPartner(Orderable):
    """An organisation taking part in a project; one of them is the lead partner."""

    page = ParentalKey(ProjectPage, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(
        "cms.OrganisationPage",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="project_partnerships",
    )
    is_lead = models.BooleanField(_("lead partner"), default=False)

    panels = [FieldPanel("organisation"), FieldPanel("is_lead")]

    class Meta(Orderable.Meta):
        verbose_name = _("partner")


class ProjectRelatedPage(Orderable):
    """A news article, event or practice related to a project."""

    project = ParentalKey(ProjectPage, on_delete=models.CASCADE, related_name="related_links")
    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("page"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("page")]
