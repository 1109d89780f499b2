"""The e-bulletin: issues written as pages, the lists people subscribe to, and each sending."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, TranslatableMixin
from wagtail.search import index

from cms.models.base import INTRO_FEATURES
from cms.models.choices import CURRENT_MEMBERSHIP_CHOICES, OrganisationKind
from cms.search.pagination import paginate
from federation.mixins import FederatedMixin

from .blocks import BulletinBodyBlock


class BulletinIndexPage(Page):
    """The archive of the e-bulletin: every issue's web version, newest first, and the sign-up."""

    intro = RichTextField(_("introduction"), blank=True, features=INTRO_FEATURES)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms_bulletins.BulletinPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("bulletin archive")
        verbose_name_plural = _("bulletin archives")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        issues = BulletinPage.objects.live().public().child_of(self).order_by("-date", "-pk")
        context["issues"] = paginate(request, issues)
        return context


class BulletinPage(FederatedMixin, Page):
    """One issue of the e-bulletin: an introduction and blocks, some of which fill themselves from
    the site (news, events, practices, new members since the previous issue). Its web version is
    the page; the e-mail is made from the same content (`cms.bulletins.email`); once published it
    reaches the fediverse as an Article in all its languages, like any publication."""

    date = models.DateField(_("date"), default=timezone.localdate)
    intro = RichTextField(_("introduction"), blank=True, features=INTRO_FEATURES)
    body = StreamField(BulletinBodyBlock(), verbose_name=_("content"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("date"),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]

    parent_page_types = ["cms_bulletins.BulletinIndexPage"]
    subpage_types = []
    preview_modes = [("", _("Web version")), ("email", _("E-mail"))]

    class Meta:
        verbose_name = _("bulletin issue")
        verbose_name_plural = _("bulletin issues")

    def get_context(self, request, *args, **kwargs):
        from .content import sections

        context = super().get_context(request, *args, **kwargs)
        context["sections"] = sections(self, request=request)
        return context

    def serve_preview(self, request, mode_name):
        """The "E-mail" preview shows the message as it will be sent, in this page's language."""
        if mode_name == "email":
            from django.http import HttpResponse

            from .email import preview_html

            return HttpResponse(preview_html(self))
        return super().serve_preview(request, mode_name)

    def previous_issue(self):
        """The issue before this one in the same language (what "new since" counts from)."""
        return (
            BulletinPage.objects.live()
            .sibling_of(self, inclusive=False)
            .filter(date__lt=self.date)
            .order_by("-date", "-pk")
            .first()
        )

    # Federation: what the fediverse receives when the issue is published.
    def federation_summary(self):
        return strip_tags(self.intro or "")[:600]

    def federation_content_html(self):
        from .content import sections_html

        return sections_html(self)


class MailingList(TranslatableMixin, models.Model):
    """A list people can subscribe to ("The e-bulletin", "Calls for partners"), named in each
    language through wagtail-localize. Subscribers point to the source-language list."""

    name = models.CharField(_("name"), max_length=120)
    description = models.CharField(_("description"), max_length=300, blank=True)
    public = models.BooleanField(
        _("offered on the sign-up form"),
        default=True,
        help_text=_("Lists that are not public are only filled by the secretariat."),
    )

    panels = [FieldPanel("name"), FieldPanel("description"), FieldPanel("public")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("mailing list")
        verbose_name_plural = _("mailing lists")
        ordering = ["name"]

    def __str__(self):
        return self.name


def new_token():
    return secrets.token_urlsafe(24)


class Subscriber(models.Model):
    """An address the e-bulletin may be sent to: someone who signed up on the site, or a member
    account or an organisation's contact added when an issue was sent to members. One row per
    address, so an address that is both gets one copy and one unsubscription.

    Its `token` is in every link of its e-mails (signed); a new token voids the old links.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")
        BOUNCED = "bounced", _("Bounced")
        COMPLAINED = "complained", _("Marked as spam")

    class Origin(models.TextChoices):
        SIGNUP = "signup", _("Signed up on the site")
        MEMBER = "member", _("Member account")
        CONTACT = "contact", _("Organisation contact")
        ADMIN = "admin", _("Added by the secretariat")

    email = models.EmailField(_("e-mail"), max_length=254, unique=True)
    language = models.CharField(
        _("language"),
        max_length=8,
        blank=True,
        help_text=_("Empty: the member's own language, else the network's."),
    )
    lists = models.ManyToManyField(
        MailingList, verbose_name=_("lists"), blank=True, related_name="subscribers"
    )
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.PENDING
    )
    origin = models.CharField(
        _("origin"), max_length=16, choices=Origin.choices, default=Origin.SIGNUP
    )
    token = models.CharField(max_length=64, default=new_token, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)
    bounced_at = models.DateTimeField(_("bounced"), null=True, blank=True)

    panels = [FieldPanel("email"), FieldPanel("language"), FieldPanel("lists"), FieldPanel("state")]

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        ordering = ["email"]

    def __str__(self):
        return self.email

    @property
    def may_receive(self):
        return self.state not in BLOCKED_STATES


#: Addresses never sent to again.
BLOCKED_STATES = (
    Subscriber.State.UNSUBSCRIBED,
    Subscriber.State.BOUNCED,
    Subscriber.State.COMPLAINED,
)


class Send(models.Model):
    """Sending one issue to an audience, at once or at a scheduled time. Its deliveries (one per
    recipient) are written with it, in one transaction; the worker works through them."""

    class State(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        SENDING = "sending", _("Sending")
        DONE = "done", _("Sent")
        CANCELLED = "cancelled", _("Cancelled")

    page = models.ForeignKey(
        BulletinPage, verbose_name=_("issue"), on_delete=models.CASCADE, related_name="sends"
    )
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.SCHEDULED
    )
    scheduled_at = models.DateTimeField(_("send at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # The audience, as chosen (kept to say later who it was sent to).
    lists = models.ManyToManyField(
        MailingList, verbose_name=_("subscribers of"), blank=True, related_name="+"
    )
    member_accounts = models.BooleanField(_("member accounts"), default=False)
    member_contacts = models.BooleanField(_("contacts of member organisations"), default=False)
    country = CountryField(_("country"), blank=True)
    kind = models.CharField(
        _("kind of organisation"), max_length=32, blank=True, choices=OrganisationKind.choices
    )
    # Empty: every organisation that is a member today (member, associate, committee).
    membership = models.CharField(
        _("membership"), max_length=16, blank=True, choices=CURRENT_MEMBERSHIP_CHOICES
    )
    theme = models.ForeignKey(
        "cms.Theme",
        verbose_name=_("theme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    working_group = models.ForeignKey(
        "collaboration.WorkingGroup",
        verbose_name=_("working group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("sending")
        verbose_name_plural = _("sendings")
        ordering = ["-scheduled_at", "-pk"]

    def __str__(self):
        return f"{self.page.title} ({self.scheduled_at:%Y-%m-%d %H:%M})"


class Delivery(models.Model):
    """One issue to one recipient: the record that makes the sending exactly once per person.

    queued -> sending (claimed by a worker, right before the SMTP call) -> sent (right after it
    succeeded, in its own transaction) or failed. A row left in "sending" by a worker that died
    is sent again (at least once for that one message, see cms/bulletins/sending.py)."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Not sent (unsubscribed or bounced)")

    send = models.ForeignKey(Send, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    language = models.CharField(_("language"), max_length=8)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(fields=["send", "subscriber"], name="bulletin_delivery_once")
        ]
        indexes = [models.Index(fields=["send", "state"])]

    def __str__(self):
        return f"{self.send_id}/{self.subscriber_id} {self.state}"
