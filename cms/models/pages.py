"""Page types of the network's site: home, standard pages, news, events and publications."""

import zoneinfo
from functools import cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.blocks import BodyBlock, ProgrammeBlock
from cms.utils import localized_pages, paginate
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


@cache
def _time_zones():
    return sorted(zoneinfo.available_timezones())


def time_zone_choices():
    """Every IANA time zone (callable, so migrations do not carry the whole list)."""
    return [(name, name.replace("_", " ")) for name in _time_zones()]


def time_zone_or_none(name):
    """The IANA time zone called `name`, or None when there is no such zone."""
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


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
        context["featured_pages"] = localized_pages(featured, self.locale_id)
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


class StandardPage(Page):
    """A page of text about the network: about us, how to join, the statutes."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    subpage_types = ["cms.StandardPage"]

    class Meta:
        verbose_name = _("standard page")
        verbose_name_plural = _("standard pages")


# News ---------------------------------------------------------------------------------------


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
        if tag:
            articles = articles.filter(tagged_items__tag__slug=tag).distinct()
        return self.render(
            request,
            context_overrides={"articles": paginate(request, articles), "tag": tag},
        )


class NewsArticleTag(TaggedItemBase):
    content_object = ParentalKey(
        "cms.NewsArticlePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


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
    tags = ClusterTaggableManager(through=NewsArticleTag, blank=True, verbose_name=_("tags"))

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
        author = localized_pages([self.author_organisation], self.locale_id)
        context["author"] = author[0] if author else None
        context["tags"] = list(self.tags.all())
        url = self.get_url(request) or ""
        context["news_index_url"] = url[: url.rstrip("/").rfind("/") + 1]
        return context

    def tag_list(self):
        """The article's tags, from the prefetched rows when a listing prefetched them."""
        return [item.tag for item in self.tagged_items.all()]

    # Federation: what the fediverse receives when the article is published.
    def federation_actor_owner(self):
        """A member's news is published by that member's actor (and announced by the network)."""
        return self.author_organisation

    def federation_tags(self):
        return [tag.name for tag in self.tag_list()]


# Events -------------------------------------------------------------------------------------


class EventIndexPage(RoutablePageMixin, Page):
    """The network's calendar: upcoming events at its address, past ones under /past/."""

    intro = RichTextField(_("introduction"), blank=True, features=INTRO_FEATURES)
    include_followed_events = models.BooleanField(
        _("include followed events"),
        default=False,
        help_text=_(
            "Also list the upcoming events of the networks we follow on the fediverse, "
            "marked as external."
        ),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("include_followed_events"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    subpage_types = ["cms.EventPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("event index")
        verbose_name_plural = _("event indexes")

    def events(self):
        return with_listing_images(EventPage.objects.live().public().child_of(self))

    @path("")
    def upcoming_route(self, request):
        events = EventPage.filter_upcoming(self.events()).order_by("start", "pk")
        external = []
        if self.include_followed_events:
            from federation.feed import remote_events

            external = remote_events(start=timezone.now(), limit=50)
        return self.render(
            request,
            context_overrides={
                "events": paginate(request, events),
                "showing": "upcoming",
                "external_events": external,
            },
        )

    @path("past/")
    def past_route(self, request):
        events = EventPage.filter_past(self.events()).order_by("-start", "-pk")
        return self.render(
            request, context_overrides={"events": paginate(request, events), "showing": "past"}
        )


def as_wall_clock_in(value, tz):
    """The same wall-clock time as `value` (read in the current time zone), but in `tz`.

    The admin reads "2027-06-04 09:30" in the editor's zone; for an event in Helsinki it means
    09:30 in Helsinki.
    """
    return timezone.make_naive(value).replace(tzinfo=tz)


class EventPageForm(WagtailAdminPageForm):
    """Start and end are typed in the event's own time zone, whatever the editor's own zone is."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        tz = zoneinfo.ZoneInfo(self.instance.timezone or settings.TIME_ZONE)
        for name in ("start", "end"):
            value = getattr(self.instance, name, None)
            if value and name in self.fields:
                self.initial[name] = timezone.localtime(value, tz).replace(tzinfo=None)

    def clean(self):
        # Only the reading of the times is the form's: EventPage.clean() checks the time zone and
        # that the event does not end before it starts, for the admin and for code alike.
        cleaned = super().clean()
        tz = time_zone_or_none(cleaned.get("timezone") or settings.TIME_ZONE)
        if tz is not None:
            for name in ("start", "end"):
                if cleaned.get(name):
                    cleaned[name] = as_wall_clock_in(cleaned[name], tz)
        return cleaned


class EventPage(FederatedMixin, Page):
    """A meeting of the network: the General Assembly and Conference, a national, thematic,
    regional or online meeting, with its programme, prices and the publications it produced."""

    class Kind(models.TextChoices):
        GENERAL_ASSEMBLY = "general-assembly", _("General Assembly and Conference")
        NATIONAL = "national", _("National meeting")
        THEMATIC = "thematic", _("Thematic meeting")
        REGIONAL = "regional", _("Regional or bilateral meeting")
        ONLINE = "online", _("Online meeting")

    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices, default=Kind.THEMATIC)
    summary = models.TextField(_("summary"), blank=True, max_length=600)
    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"), null=True, blank=True)
    timezone = models.CharField(
        _("time zone"),
        max_length=64,
        choices=time_zone_choices,
        default="Europe/Paris",
        help_text=_("Where the event takes place; start and end are typed in this time zone."),
    )
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    country = CountryField(_("country"), blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    registration_url = models.URLField(_("registration link"), blank=True)
    member_price = models.DecimalField(
        _("price for members (€)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    non_member_price = models.DecimalField(
        _("price for non-members (€)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    image = image_field(_("image"))
    body = StreamField(BodyBlock(), verbose_name=_("description"), blank=True)
    programme = StreamField(ProgrammeBlock(), verbose_name=_("programme"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("kind"),
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("timezone"),
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
            ],
            heading=_("When"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("venue"),
                FieldRowPanel([FieldPanel("city"), FieldPanel("country")]),
                FieldPanel("online_url"),
            ],
            heading=_("Where"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("registration_url"),
                FieldRowPanel([FieldPanel("member_price"), FieldPanel("non_member_price")]),
            ],
            heading=_("Registration"),
        ),
        FieldPanel("image"),
        FieldPanel("body"),
        FieldPanel("programme"),
        InlinePanel("related_publications", label=_("related publication")),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("programme"),
        index.SearchField("city"),
        index.SearchField("venue"),
        index.FilterField("start"),
        index.FilterField("kind"),
    ]
    base_form_class = EventPageForm

    parent_page_types = ["cms.EventIndexPage"]
    subpage_types = []

    federation_object_type = "Event"

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    @staticmethod
    def filter_upcoming(queryset, now=None):
        """Events not yet over: ending in the future, or starting today or later when no end."""
        now = now or timezone.now()
        return queryset.filter(Q(end__gte=now) | Q(end__isnull=True, start__gte=now))

    @staticmethod
    def filter_past(queryset, now=None):
        now = now or timezone.now()
        return queryset.filter(Q(end__lt=now) | Q(end__isnull=True, start__lt=now))

    def clean(self):
        super().clean()
        if time_zone_or_none(self.timezone) is None:
            raise ValidationError({"timezone": _("Unknown time zone.")})
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The event cannot end before it starts.")})

    @cached_property
    def tzinfo(self):
        return time_zone_or_none(self.timezone) or zoneinfo.ZoneInfo("UTC")

    @property
    def local_start(self):
        """The start in the event's own time zone (what the programme says)."""
        return timezone.localtime(self.start, self.tzinfo) if self.start else None

    @property
    def local_end(self):
        return timezone.localtime(self.end, self.tzinfo) if self.end else None

    @property
    def is_past(self):
        now = timezone.now()
        return (self.end or self.start) < now

    @property
    def location_label(self):
        country = self.country.name if self.country else ""
        return ", ".join(part for part in (self.venue, self.city, country) if part)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        publications = [
            item.publication for item in self.related_publications.select_related("publication")
        ]
        context["related_publications"] = localized_pages(publications, self.locale_id)
        from cms.members import is_network_member

        # Members see their reduced price; everyone else the public one.
        context["is_member"] = is_network_member(getattr(request, "user", None))
        return context

    # Federation: what the fediverse receives when the event is published.
    def federation_content_html(self):
        return str(self.body) if self.body else ""

    def federation_image(self):
        return self.image

    def federation_event_data(self):
        location = None
        if self.venue or self.city or self.country:
            location = {
                "name": self.venue,
                "city": self.city,
                "country": self.country.name if self.country else "",
            }
        return {
            "start": self.start,
            "end": self.end,
            "timezone": self.timezone,
            "location": location,
            "online_url": self.online_url or None,
        }


class EventRelatedPublication(Orderable):
    """A publication that came out of an event (its conference report, a position paper)."""

    event = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="related_publications")
    publication = models.ForeignKey(
        "cms.PublicationPage",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("publication"),
    )

    panels = [FieldPanel("publication")]

    class Meta(Orderable.Meta):
        verbose_name = _("related publication")
        verbose_name_plural = _("related publications")


# Publications -------------------------------------------------------------------------------


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
