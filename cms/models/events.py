"""The network's calendar: the event index, events in their own time zone, and what they produced."""

import zoneinfo
from functools import cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from modelcluster.fields import ParentalKey
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.access import is_network_member
from cms.blocks import BodyBlock, ProgrammeBlock
from cms.i18n import localized, source_page
from cms.models.base import INTRO_FEATURES, image_field, with_listing_images
from cms.search.pagination import paginate
from federation.feed import remote_events
from federation.mixins import FederatedMixin


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
    # Registration on the site (cms.events): read from the source-language page only.
    registration_enabled = models.BooleanField(
        _("registration on this site"),
        default=False,
        help_text=_("Visitors register on the event page; add at least one ticket kind."),
    )
    capacity = models.PositiveIntegerField(
        _("places in total"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    registration_opens = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes = models.DateTimeField(_("registration closes"), null=True, blank=True)
    waiting_list = models.BooleanField(
        _("waiting list"),
        default=True,
        help_text=_("When the event is full, later registrations wait for a place to free."),
    )
    organiser = models.ForeignKey(
        "cms.OrganisationPage",
        verbose_name=_("organiser"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organised_events",
        help_text=_("The organisation that organises or hosts the event (optional)."),
    )
    image = image_field(_("image"))
    body = StreamField(BodyBlock(), verbose_name=_("description"), blank=True)
    programme = StreamField(ProgrammeBlock(), verbose_name=_("programme"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("kind"),
        FieldPanel("summary"),
        FieldPanel("organiser"),
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
                FieldPanel("registration_enabled"),
                FieldRowPanel([FieldPanel("capacity"), FieldPanel("waiting_list")]),
                FieldRowPanel(
                    [FieldPanel("registration_opens"), FieldPanel("registration_closes")]
                ),
            ],
            heading=_("Registration"),
        ),
        InlinePanel("ticket_kinds", label=_("ticket kind"), heading=_("Ticket kinds")),
        InlinePanel(
            "registration_questions", label=_("question"), heading=_("Registration questions")
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
        context["related_publications"] = localized(
            publications, self.locale_id, published_only=True
        )
        # The organiser (a source-language page: wagtail-localize keeps links to pages as they
        # are) in the visitor's language; left out when it is not published.
        organiser = localized([self.organiser], self.locale_id, published_only=True)
        context["organiser"] = organiser[0] if organiser and organiser[0].live else None
        # Members see their reduced price; everyone else the public one.
        context["is_member"] = is_network_member(getattr(request, "user", None))
        return context

    def source_event(self):
        """The source-language page of this event: where places, prices and registrations are."""
        return source_page(self)

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
        data = {
            "start": self.start,
            "end": self.end,
            "timezone": self.timezone,
            "location": location,
            "online_url": self.online_url or None,
        }
        # cms.events builds on this module (its models point to EventPage): imported late.
        from cms.events.activities import participation_fields

        data["participation"] = participation_fields(self.source_event())
        return data


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
