"""Registration for the network's events: ticket kinds, questions and the registrations themselves.

Ticket kinds and questions belong to the event page (an InlinePanel) and are translatable
snippets of it: wagtail-localize copies them into each translation with the same
`translation_key`, their texts in the translation editor. Numbers (price, capacity) are read from
the source-language page only; a registration always points at the source-language event and
ticket kind, whatever language the visitor registered in.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable, TranslatableMixin
from wagtail_localize.fields import SynchronizedField

# An alphabet without look-alike characters: the reference is typed by hand in bank transfers.
REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_token():
    """The secret of a registration's manage link: 192 random bits, not guessable."""
    return secrets.token_urlsafe(24)


def new_reference():
    """A bank-transfer reference, short enough to type: 'LIKE-' and 8 random characters."""
    return "LIKE-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))


class TicketKind(TranslatableMixin, Orderable):
    """A kind of ticket for an event: member, non-member, speaker or guest, each with its price
    and, if wanted, its own number of places. Member tickets are only for signed-in members of
    the network; tickets "by the secretariat" (a speaker, a guest) are only given by hand."""

    class Audience(models.TextChoices):
        EVERYONE = "everyone", _("Everyone")
        MEMBERS = "members", _("Members of the network only")
        SECRETARIAT = "secretariat", _("Given by the secretariat only (speakers, guests)")

    event = ParentalKey("cms.EventPage", on_delete=models.CASCADE, related_name="ticket_kinds")
    name = models.CharField(_("name"), max_length=120)
    description = models.CharField(_("description"), max_length=255, blank=True)
    price = models.DecimalField(_("price (€)"), max_digits=8, decimal_places=2, default=0)
    audience = models.CharField(
        _("who may take it"), max_length=16, choices=Audience.choices, default=Audience.EVERYONE
    )
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True, help_text=_("Leave empty for no limit of its own.")
    )

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("price")]),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("audience"), FieldPanel("capacity")]),
    ]
    # Texts are translated; what decides places and prices is the source page's.
    override_translatable_fields = [
        SynchronizedField("price"),
        SynchronizedField("audience"),
        SynchronizedField("capacity"),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("ticket kind")
        verbose_name_plural = _("ticket kinds")

    def __str__(self):
        return self.name

    @property
    def members_only(self):
        return self.audience == self.Audience.MEMBERS


class Question(TranslatableMixin, Orderable):
    """A question asked when registering: dietary needs, access needs, which sessions of the
    programme, free text. Choices are one per line, translated line by line."""

    class Kind(models.TextChoices):
        TEXT = "text", _("Short text")
        LONG_TEXT = "long_text", _("Long text")
        CHOICE = "choice", _("One choice")
        MULTIPLE = "multiple", _("Several choices")
        YES_NO = "yes_no", _("Yes or no")

    event = ParentalKey(
        "cms.EventPage", on_delete=models.CASCADE, related_name="registration_questions"
    )
    label = models.CharField(_("question"), max_length=255)
    help_text = models.CharField(_("help text"), max_length=255, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.TEXT)
    choices = models.TextField(_("choices"), blank=True, help_text=_("One per line."))
    required = models.BooleanField(_("required"), default=False)

    panels = [
        FieldRowPanel([FieldPanel("label"), FieldPanel("kind")]),
        FieldPanel("help_text"),
        FieldPanel("choices"),
        FieldPanel("required"),
    ]
    override_translatable_fields = [SynchronizedField("kind"), SynchronizedField("required")]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("registration question")
        verbose_name_plural = _("registration questions")

    def __str__(self):
        return self.label

    @property
    def key(self):
        """The key of its answers: the same in every language."""
        return str(self.translation_key)

    def choice_list(self):
        return [line.strip() for line in self.choices.splitlines() if line.strip()]


class Registration(models.Model):
    """One person's place at an event: someone who registered on the site (with or without an
    account), someone the secretariat registered by hand, or a person of another fediverse
    server who sent `Join`. Confirmed, on the waiting list, or cancelled; paid or not."""

    class State(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITING = "waiting", _("Waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    event = models.ForeignKey(
        "cms.EventPage",
        on_delete=models.CASCADE,
        related_name="registrations",
        verbose_name=_("event"),
    )
    ticket = models.ForeignKey(
        TicketKind,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registrations",
        verbose_name=_("ticket"),
    )
    # What the person was told when registering, kept if the editor later changes the ticket.
    ticket_name = models.CharField(_("ticket"), max_length=120, blank=True)
    price = models.DecimalField(_("price (€)"), max_digits=8, decimal_places=2, default=0)
    name = models.CharField(_("name"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    language = models.CharField(_("language"), max_length=12, default="en")
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.CONFIRMED, db_index=True
    )
    paid = models.BooleanField(_("paid"), default=False)
    paid_at = models.DateTimeField(_("paid on"), null=True, blank=True)
    reference = models.CharField(
        _("bank-transfer reference"), max_length=20, unique=True, default=new_reference
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_registrations",
        verbose_name=_("account"),
    )
    remote_actor = models.ForeignKey(
        "federation.RemoteActor",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_registrations",
        verbose_name=_("fediverse account"),
    )
    join_activity_id = models.CharField(max_length=1000, blank=True)
    by_hand = models.BooleanField(_("registered by the secretariat"), default=False)
    listed = models.BooleanField(_("appears in the members' list of who is coming"), default=False)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    promoted_at = models.DateTimeField(null=True, blank=True)
    promotion_sent_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("registered on"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        permissions = [("view_participants", _("Can see and manage event participants"))]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=~models.Q(email=""),
                name="cms_events_one_registration_per_email",
            ),
            models.UniqueConstraint(
                fields=["event", "remote_actor"],
                condition=models.Q(remote_actor__isnull=False),
                name="cms_events_one_registration_per_actor",
            ),
        ]
        indexes = [models.Index(fields=["event", "state"])]

    def __str__(self):
        return f"{self.name} – {self.event_id}"

    @property
    def is_active(self):
        return self.state != self.State.CANCELLED

    @property
    def handle(self):
        """@user@server for a fediverse participant, else ''."""
        return str(self.remote_actor) if self.remote_actor_id else ""

    @property
    def home_server(self):
        return self.remote_actor.domain if self.remote_actor_id else ""


class RegistrantMessage(models.Model):
    """A message the secretariat sends to everyone registered for an event (a change of
    room, the programme). Kept, with whom it has reached and whom it failed to, so a worker that
    dies in the middle goes on where it stopped, and a failed address is tried again."""

    event = models.ForeignKey(
        "cms.EventPage", on_delete=models.CASCADE, related_name="+", verbose_name=_("event")
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"), max_length=10000)
    include_waiting = models.BooleanField(_("also to the waiting list"), default=False)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    sent_to = models.JSONField(default=list, blank=True)
    # {registration id: failed attempts}: tried again (send_event_reminders) up to a limit.
    failed = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("message to registrants")
        verbose_name_plural = _("messages to registrants")

    def __str__(self):
        return self.subject


class MemberActor(models.Model):
    """A fediverse account the secretariat knows speaks for a member organisation.

    Whatever a remote actor says of itself, it never gets a member's price on its own: only this
    link, made by the secretariat, gives it one, and only while the organisation is a member."""

    remote_actor = models.OneToOneField(
        "federation.RemoteActor",
        on_delete=models.CASCADE,
        related_name="member_link",
        verbose_name=_("fediverse account"),
    )
    organisation = models.ForeignKey(
        "cms.OrganisationPage",
        on_delete=models.CASCADE,
        related_name="fediverse_accounts",
        verbose_name=_("member organisation"),
    )
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    linked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("fediverse account of a member")
        verbose_name_plural = _("fediverse accounts of members")

    def __str__(self):
        return f"{self.remote_actor} → {self.organisation_id}"
