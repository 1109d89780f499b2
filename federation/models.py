"""Federation state: local actors, remote actors, follows, inbox items, deliveries."""

import uuid

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from .conf import setting, site_url

ACTOR_TYPES = [
    ("Organization", "Organization"),
    ("Group", "Group"),
    ("Person", "Person"),
    ("Service", "Service"),
    ("Application", "Application"),
]


def generate_keypair() -> tuple[str, str]:
    """A fresh RSA 2048 key pair as (private PEM, public PEM)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    public = (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    return private, public


class Actor(models.Model):
    """Someone of ours on the fediverse: the network itself, an organisation or a project, or
    an actor another app provides (a working group, a person: see `federation.registry`).

    One actor stands for a page's whole translation group (its `translation_key`), so following
    an organisation shows its news in every language. The key pair is made once and published.
    """

    username = models.CharField(_("username"), max_length=100, unique=True)
    actor_type = models.CharField(_("type"), max_length=20, choices=ACTOR_TYPES)
    name = models.CharField(_("name"), max_length=255, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    is_network = models.BooleanField(_("network actor"), default=False)
    page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("page"),
    )
    translation_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    # An actor provided by another app (a working group, a person): its kind as registered in
    # `federation.registry` and the key of the thing it stands for. Empty for pages and the network.
    kind = models.CharField(max_length=60, blank=True, default="", db_index=True, editable=False)
    object_key = models.CharField(max_length=100, blank=True, default="", editable=False)
    private_key_pem = models.TextField(editable=False)
    public_key_pem = models.TextField(editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # The person it stood for was erased: the row is a tombstone (410 Gone) that keeps only the
    # key signing its `Delete` until the deliveries are made or given up, then it is removed.
    gone_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("local actor")
        verbose_name_plural = _("local actors")
        ordering = ["username"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_key"],
                condition=~models.Q(kind=""),
                name="federation_one_actor_per_thing",
            )
        ]

    def __str__(self):
        return f"@{self.username}"

    def save(self, *args, **kwargs):
        if not self.private_key_pem:
            self.private_key_pem, self.public_key_pem = generate_keypair()
        super().save(*args, **kwargs)

    @property
    def uri(self) -> str:
        return f"{site_url()}/ap/actors/{self.username}"

    @property
    def key_id(self) -> str:
        return f"{self.uri}#main-key"

    @property
    def inbox_url(self) -> str:
        return f"{self.uri}/inbox"

    @property
    def outbox_url(self) -> str:
        return f"{self.uri}/outbox"

    @property
    def followers_url(self) -> str:
        return f"{self.uri}/followers"

    @property
    def following_url(self) -> str:
        return f"{self.uri}/following"


class RemoteActor(models.Model):
    """An actor on another server, as last fetched: where to deliver to it and how to check its
    signatures. The document is re-fetched when its key stops verifying (key rotation)."""

    uri = models.URLField(max_length=1000, unique=True)
    domain = models.CharField(max_length=255, db_index=True)
    username = models.CharField(max_length=255, blank=True)
    name = models.CharField(max_length=255, blank=True)
    summary = models.TextField(blank=True)
    actor_type = models.CharField(max_length=40, blank=True)
    icon_url = models.URLField(max_length=1000, blank=True)
    url = models.URLField(max_length=1000, blank=True)
    inbox = models.URLField(max_length=1000, blank=True)
    shared_inbox = models.URLField(max_length=1000, blank=True)
    outbox = models.URLField(max_length=1000, blank=True)
    followers_url = models.URLField(max_length=1000, blank=True)
    public_key_id = models.CharField(max_length=1000, blank=True, db_index=True)
    public_key_pem = models.TextField(blank=True)
    document = models.JSONField(default=dict, blank=True)
    # An editor blocked this actor: its inbox posts are refused and its posts leave the feed.
    blocked = models.BooleanField(_("blocked"), default=False, db_index=True)
    fetched_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("remote actor")
        verbose_name_plural = _("remote actors")

    def __str__(self):
        return f"@{self.username}@{self.domain}" if self.username else self.uri

    @property
    def delivery_inbox(self) -> str:
        return self.shared_inbox or self.inbox


class Follow(models.Model):
    """A follow between one of our actors and a remote actor, in either direction:
    `incoming` (they follow us: they receive what we publish) or `outgoing` (we follow them)."""

    INCOMING = "incoming"
    OUTGOING = "outgoing"
    DIRECTIONS = [(INCOMING, _("follows us")), (OUTGOING, _("we follow"))]
    PENDING = "pending"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    STATES = [(PENDING, _("pending")), (ACCEPTED, _("accepted")), (REJECTED, _("rejected"))]

    local_actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="follows")
    remote_actor = models.ForeignKey(RemoteActor, on_delete=models.CASCADE, related_name="follows")
    direction = models.CharField(max_length=10, choices=DIRECTIONS)
    state = models.CharField(max_length=10, choices=STATES, default=PENDING)
    activity_id = models.URLField(max_length=1000, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.UniqueConstraint(
                fields=["local_actor", "remote_actor", "direction"], name="federation_unique_follow"
            )
        ]
        ordering = ["-created_at"]

    def __str__(self):
        arrow = "<-" if self.direction == self.INCOMING else "->"
        return f"{self.local_actor} {arrow} {self.remote_actor} ({self.state})"


class InboxItem(models.Model):
    """An activity a remote server posted to us, kept once per activity id so a resent activity is
    processed once."""

    activity_id = models.URLField(max_length=1000, unique=True)
    activity_type = models.CharField(max_length=40)
    actor_uri = models.URLField(max_length=1000)
    payload = models.JSONField(default=dict)
    received_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("received activity")
        verbose_name_plural = _("received activities")
        ordering = ["-received_at"]

    def __str__(self):
        return f"{self.activity_type} {self.activity_id}"


class SeenSignature(models.Model):
    """A signature we accepted recently: the same signature again is a replay."""

    digest = models.CharField(max_length=64, unique=True)
    seen_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self):
        return self.digest


class FederatedObject(models.Model):
    """One ActivityStreams object for a page's whole translation group: its id never changes when
    the page is edited or translated; once deleted its URL answers 410 Gone."""

    PUBLISHED = "published"
    DELETED = "deleted"
    STATES = [(PUBLISHED, _("published")), (DELETED, _("deleted"))]

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    translation_key = models.UUIDField(null=True, blank=True, unique=True)
    page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="objects_published")
    object_type = models.CharField(max_length=40, default="Article")
    state = models.CharField(max_length=10, choices=STATES, default=PUBLISHED)
    document = models.JSONField(default=dict, blank=True)
    announced = models.BooleanField(default=False)
    published_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("federated object")
        verbose_name_plural = _("federated objects")
        ordering = ["-published_at"]

    def __str__(self):
        return f"{self.object_type} {self.uuid}"

    @property
    def uri(self) -> str:
        return f"{site_url()}/ap/objects/{self.uuid}"

    def like_count(self) -> int:
        return self.interactions.filter(kind=Interaction.LIKE).count()

    def announce_count(self) -> int:
        return self.interactions.filter(kind=Interaction.ANNOUNCE).count()


class Interaction(models.Model):
    """A Like or an Announce (boost) of one of our objects by a remote actor."""

    LIKE = "Like"
    ANNOUNCE = "Announce"
    KINDS = [(LIKE, _("like")), (ANNOUNCE, _("share"))]

    object = models.ForeignKey(
        FederatedObject, on_delete=models.CASCADE, related_name="interactions"
    )
    remote_actor = models.ForeignKey(RemoteActor, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=KINDS)
    activity_id = models.URLField(max_length=1000, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["object", "remote_actor", "kind"], name="federation_unique_interaction"
            )
        ]

    def __str__(self):
        return f"{self.kind} {self.object_id} by {self.remote_actor_id}"


class OutboxActivity(models.Model):
    """An activity one of our actors sent: public ones make up its outbox collection."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="activities")
    activity_type = models.CharField(max_length=40)
    object = models.ForeignKey(
        FederatedObject, null=True, blank=True, on_delete=models.SET_NULL, related_name="activities"
    )
    document = models.JSONField(default=dict)
    public = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("sent activity")
        verbose_name_plural = _("sent activities")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.activity_type} by {self.actor}"

    @property
    def uri(self) -> str:
        return f"{site_url()}/ap/activities/{self.uuid}"


class Delivery(models.Model):
    """One activity on its way to one inbox (a shared inbox stands for all its followers there)."""

    PENDING = "pending"
    RETRYING = "retrying"
    DELIVERED = "delivered"
    GAVE_UP = "gave_up"
    SKIPPED = "skipped"
    STATES = [
        (PENDING, _("pending")),
        (RETRYING, _("retrying")),
        (DELIVERED, _("delivered")),
        (GAVE_UP, _("gave up")),
        (SKIPPED, _("skipped")),
    ]

    activity = models.ForeignKey(
        OutboxActivity, on_delete=models.CASCADE, related_name="deliveries"
    )
    inbox_url = models.URLField(max_length=1000)
    host = models.CharField(max_length=255, db_index=True)
    state = models.CharField(max_length=10, choices=STATES, default=PENDING, db_index=True)
    attempts = models.PositiveIntegerField(default=0)
    status_code = models.PositiveIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "inbox_url"], name="federation_unique_delivery"
            )
        ]

    def __str__(self):
        return f"{self.activity} -> {self.inbox_url} ({self.state})"


class HostHealth(models.Model):
    """Per-host circuit breaker: after repeated failures a host is left alone for a while, so a
    dead server costs one timeout, not one per delivery."""

    host = models.CharField(max_length=255, unique=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    open_until = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    def __str__(self):
        return self.host


class DomainBlock(models.Model):
    """A server we refuse to hear from or deliver to (the domain and all its subdomains)."""

    domain = models.CharField(_("domain"), max_length=255, unique=True)
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("blocked domain")
        verbose_name_plural = _("blocked domains")
        ordering = ["domain"]

    def __str__(self):
        return self.domain

    def save(self, *args, **kwargs):
        self.domain = self.domain.strip().lower().rstrip(".")
        super().save(*args, **kwargs)

    @staticmethod
    def candidates(host: str) -> set[str]:
        """The host and every parent domain: blocking example.org blocks a.example.org."""
        host = (host or "").lower().split(":")[0].rstrip(".")
        parts = host.split(".") if host else []
        return {".".join(parts[i:]) for i in range(len(parts))}

    @classmethod
    def is_blocked(cls, host: str) -> bool:
        candidates = cls.candidates(host)
        return bool(candidates) and cls.objects.filter(domain__in=candidates).exists()


class RemotePost(models.Model):
    """A post by an actor this site follows (or shared by one): an article, an event or a note
    from an allied network, kept sanitised for the network feed. Updates replace it, deletes
    remove it; editors may hide it."""

    ARTICLE = "article"
    EVENT = "event"
    NOTE = "note"
    # A photo, video, sound or file (Pixelfed, PeerTube, Funkwhale).
    MEDIA = "media"
    KINDS = [
        (ARTICLE, _("article")),
        (EVENT, _("event")),
        (NOTE, _("note")),
        (MEDIA, _("photo, video or sound")),
    ]

    object_id = models.URLField(_("object id"), max_length=1000, unique=True)
    actor = models.ForeignKey(
        RemoteActor, on_delete=models.CASCADE, related_name="posts", verbose_name=_("source")
    )
    author_uri = models.URLField(_("author"), max_length=1000, blank=True)
    shared = models.BooleanField(_("shared by the source"), default=False)
    kind = models.CharField(_("kind"), max_length=10, choices=KINDS, db_index=True)
    object_type = models.CharField(max_length=40, blank=True)
    language = models.CharField(_("language"), max_length=35, blank=True)
    name = models.CharField(_("title"), max_length=500, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    content = models.TextField(_("content"), blank=True)
    name_map = models.JSONField(default=dict, blank=True)
    summary_map = models.JSONField(default=dict, blank=True)
    content_map = models.JSONField(default=dict, blank=True)
    url = models.URLField(_("original"), max_length=1000, blank=True)
    url_map = models.JSONField(default=dict, blank=True)
    attachments = models.JSONField(default=list, blank=True)
    start_time = models.DateTimeField(_("starts"), null=True, blank=True, db_index=True)
    end_time = models.DateTimeField(_("ends"), null=True, blank=True)
    location = models.CharField(_("location"), max_length=500, blank=True)
    # Where to register, when the organiser takes registrations on another site (an Event's
    # externalParticipationUrl, FEP-8a8e); else people register on the event's own page.
    participation_url = models.URLField(_("registration"), max_length=1000, blank=True)
    published = models.DateTimeField(_("published"), default=timezone.now, db_index=True)
    updated = models.DateTimeField(_("updated"), null=True, blank=True)
    hidden = models.BooleanField(_("hidden"), default=False, db_index=True)
    received_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("post from the network")
        verbose_name_plural = _("posts from the network")
        ordering = ["-published", "-id"]

    def __str__(self):
        return self.name or self.object_id


class NetworkFeedPage(Page):
    """A public page listing what the allied networks and organisations this site follows have
    published: newest first, filterable by source and kind, each post in the visitor's language
    when the post has it."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = []

    class Meta:
        verbose_name = _("network feed")
        verbose_name_plural = _("network feeds")

    def get_template(self, request, *args, **kwargs):
        return "federation/network_feed_page.html"

    def get_context(self, request, *args, **kwargs):
        # The posts come from the template's `network_feed` tag: the feed queries these models.
        context = super().get_context(request, *args, **kwargs)
        context["federation_base_template"] = setting("BASE_TEMPLATE")
        return context
