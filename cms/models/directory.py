"""The member directory: organisations of the network and the page that lists them."""

import re
import zlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from cms.access import is_network_member
from cms.i18n import localized
from cms.models.base import with_listing_images
from cms.models.choices import CURRENT_MEMBERSHIP, MembershipStatus, OrganisationKind, SizeUnit
from cms.models.events import EventPage
from cms.models.news import NewsArticlePage
from cms.models.projects import ProjectPage, ProjectRelatedPage
from cms.search.directory import directory_search
from federation.mixins import FederatedActorMixin

#: How many of an organisation's news and events its page shows (the newest, the next ones).
ORGANISATION_NEWS_SHOWN = 6
ORGANISATION_EVENTS_SHOWN = 4
#: The initials badge's colours (classes of organisation.css), chosen from the name.
BADGE_HUES = 6
_WORD = re.compile(r"[^\W\d_]\w*")


def organisation_initials(title: str) -> str:
    """One or two letters standing for an organisation without a logo: the first letters of the
    first two capitalised words ("City of Lille" -> "CL"), else of its first words."""
    words = _WORD.findall(title or "")
    capitalised = [w for w in words if w[0].isupper()]
    chosen = (capitalised if capitalised else words)[:2]
    return "".join(w[0] for w in chosen).upper() or "?"


class OrganisationPage(FederatedActorMixin, Page):
    """An organisation known to the network: a member city, region or cultural centre, a national
    network, an individual member or an allied network that is not a member.

    It is a page under the directory so it has a URL in every language and can be followed over
    ActivityPub. Its contact details are shown to signed-in members only: they are never indexed for
    search, put in a summary, a feed or any JSON.
    """

    federation_actor_type = "Organization"

    kind = models.CharField(_("kind"), max_length=32, choices=OrganisationKind.choices)
    membership_status = models.CharField(
        _("membership"),
        max_length=16,
        choices=MembershipStatus.choices,
        default=MembershipStatus.MEMBER,
    )
    country = CountryField(_("country"))
    city_region = models.CharField(_("city or region"), max_length=255, blank=True)
    size_figure = models.PositiveBigIntegerField(
        _("size figure"),
        null=True,
        blank=True,
        help_text=_("Population for authorities, annual budget or staff for structures."),
    )
    size_unit = models.CharField(
        _("unit of the size figure"), max_length=16, choices=SizeUnit.choices, blank=True
    )
    website = models.URLField(_("website"), blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    description = RichTextField(
        _("description"), blank=True, features=["bold", "italic", "link", "ol", "ul", "h3"]
    )
    themes = ParentalManyToManyField(
        "cms.Theme",
        verbose_name=_("themes"),
        blank=True,
        related_name="organisations",
        limit_choices_to={"locale__language_code": settings.LANGUAGE_CODE},
    )
    national_network = models.ForeignKey(
        "cms.OrganisationPage",
        verbose_name=_("national network"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="network_members",
        limit_choices_to={"kind": OrganisationKind.NATIONAL_NETWORK},
    )
    member_since = models.PositiveSmallIntegerField(_("member since"), null=True, blank=True)
    # Members only: never in search_fields, summaries, feeds or federation payloads.
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact telephone"), max_length=50, blank=True)
    contact_address = models.TextField(_("postal address"), blank=True)

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("membership_status")]),
        FieldRowPanel([FieldPanel("country"), FieldPanel("city_region")]),
        FieldRowPanel([FieldPanel("size_figure"), FieldPanel("size_unit")]),
        FieldPanel("summary"),
        FieldPanel("description"),
        FieldPanel("themes"),
        FieldPanel("logo"),
        FieldPanel("website"),
        FieldPanel("national_network"),
        FieldPanel("member_since"),
        MultiFieldPanel(
            [
                FieldPanel("contact_name"),
                FieldPanel("contact_email"),
                FieldPanel("contact_phone"),
                FieldPanel("contact_address"),
            ],
            heading=_("Contact (shown to signed-in members only)"),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("description"),
        index.SearchField("city_region"),
        index.AutocompleteField("city_region"),
        index.FilterField("kind"),
        index.FilterField("membership_status"),
        index.FilterField("country"),
    ]
    # Facts, not prose: the same in every language (themes point to the source-language theme).
    override_translatable_fields = [
        SynchronizedField("themes"),
        SynchronizedField("contact_name"),
        SynchronizedField("contact_phone"),
        SynchronizedField("contact_address"),
        SynchronizedField("country"),
    ]

    parent_page_types = ["cms.DirectoryPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    @property
    def is_current_member(self):
        return self.membership_status in CURRENT_MEMBERSHIP

    def size_display(self):
        if self.size_figure is None or not self.size_unit:
            return ""
        return (
            f"{self.size_figure:,}".replace(",", "\u202f") + " " + str(self.get_size_unit_display())
        )

    def federation_actor_summary(self) -> str:
        return self.summary or self.search_description or ""

    def federation_actor_icon(self):
        return self.logo

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["show_contact"] = is_network_member(request.user)
        # Foreign keys point to the source-language organisation (or to a translation): the
        # translation key finds both, and the lists hold the pages of this page's language.
        projects = ProjectPage.objects.live().filter(
            locale_id=self.locale_id,
            partners__organisation__translation_key=self.translation_key,
        )
        context["projects"] = list(projects.distinct().order_by("-start_date", "title"))
        context["news"] = list(
            with_listing_images(
                NewsArticlePage.objects.live()
                .public()
                .filter(
                    locale_id=self.locale_id,
                    author_organisation__translation_key=self.translation_key,
                )
            ).order_by("-date", "-pk")[:ORGANISATION_NEWS_SHOWN]
        )
        context.update(self._events())
        if not self.logo_id:
            context["initials"] = organisation_initials(self.title)
            context["badge_hue"] = zlib.crc32(str(self.translation_key).encode()) % BADGE_HUES
        context["theme_names"] = [theme.name for theme in localized(self.themes.all())]
        network = self.national_network
        if network is not None:
            context["national_network"] = localized([network], self.locale_id)[0]
        context["network_members"] = (
            OrganisationPage.objects.live()
            .filter(
                locale_id=self.locale_id, national_network__translation_key=self.translation_key
            )
            .order_by("title")
            if self.kind == OrganisationKind.NATIONAL_NETWORK
            else []
        )
        context["can_contact"] = (
            context["show_contact"] and bool(self.contact_email) and self.is_current_member
        )
        return context

    def _events(self):
        """The organisation's events: those it organises and those its projects name among
        their related pages (each once), the next ones and the latest past ones."""
        related = Page.objects.filter(
            pk__in=ProjectRelatedPage.objects.filter(
                project__live=True,
                project__partners__organisation__translation_key=self.translation_key,
            ).values("page_id")
        ).values("translation_key")
        # One query whatever the number: the organiser is a single row (no join multiplies the
        # events), and a translated event points to the source-language organisation.
        events = with_listing_images(
            EventPage.objects.live()
            .public()
            .filter(locale_id=self.locale_id)
            .filter(
                models.Q(translation_key__in=related)
                | models.Q(organiser__translation_key=self.translation_key)
            )
        )
        upcoming = EventPage.filter_upcoming(events).order_by("start", "pk")
        past = EventPage.filter_past(events).order_by("-start", "-pk")
        return {
            "upcoming_events": list(upcoming[:ORGANISATION_EVENTS_SHOWN]),
            "past_events": list(past[:ORGANISATION_EVENTS_SHOWN]),
        }


class DirectoryPage(Page):
    """The member directory: every organisation of the network, with faceted filters (country, kind,
    membership, theme) and their live counts, full-text search, sorting and pagination."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    per_page = models.PositiveSmallIntegerField(_("organisations per page"), default=24)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("per_page")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.OrganisationPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("member directory")

    def organisations(self):
        """The organisations the directory lists (before any filter)."""
        return OrganisationPage.objects.live().public().child_of(self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(directory_search(self, request))
        return context
