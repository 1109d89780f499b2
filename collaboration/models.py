"""Working groups, their members, topics and messages."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page, TranslatableMixin
from wagtail.search import index

from . import i18n


class WorkingGroup(TranslatableMixin, ClusterableModel, index.Indexed):
    """A working group of the network: people from several countries who discuss one subject.

    The name and description are translated with wagtail-localize; every translation shares the
    source row's members, topics and messages (see `discussion`), so all languages hold one
    discussion. A direct conversation between two members is a private group of kind "direct".
    """

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public: anyone can read, members write")
        PRIVATE = "private", _("Private: members only")

    class JoinPolicy(models.TextChoices):
        OPEN = "open", _("Open: anyone signed in can join")
        APPROVAL = "approval", _("On approval by a convenor")
        INVITATION = "invitation", _("By invitation only")

    class Kind(models.TextChoices):
        GROUP = "group", _("Working group")
        DIRECT = "direct", _("Direct conversation")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100)
    description = RichTextField(_("description"), blank=True, features=["bold", "italic", "link"])
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    join_policy = models.CharField(
        _("how to join"), max_length=12, choices=JoinPolicy.choices, default=JoinPolicy.APPROVAL
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=Kind.choices, default=Kind.GROUP, editable=False
    )
    # The site the group lives on, when it is another one's (a group joined over federation):
    # its discussion is a copy kept by that site's word. Empty: the group is ours.
    origin = models.CharField(_("home site"), max_length=255, blank=True, editable=False)
    # Organisations and projects are pages of the site; the app does not know their types.
    linked_pages = models.ManyToManyField(
        Page,
        blank=True,
        related_name="+",
        verbose_name=_("linked organisations and projects"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("visibility"),
        FieldPanel("join_policy"),
        FieldPanel("linked_pages"),
    ]

    search_fields = [
        index.SearchField("name"),
        index.SearchField("description"),
        index.FilterField("visibility"),
        index.FilterField("kind"),
        index.FilterField("locale"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")
        ordering = ["name"]
        unique_together = [("translation_key", "locale"), ("slug", "locale")]

    def __str__(self):
        return self.name

    @property
    def is_direct(self):
        return self.kind == self.Kind.DIRECT

    @property
    def is_private(self):
        return self.visibility == self.Visibility.PRIVATE

    @property
    def discussion(self):
        """The row members and messages hang on: the first-created translation (the source)."""
        if getattr(self, "_discussion", None) is None:
            first = i18n.source_of(self)
            # The source is its own discussion: asking it again must not query again.
            first._discussion = first
            self._discussion = first
        return self._discussion


class Membership(models.Model):
    """A person's place in a working group: their role and whether they are in, asked or invited."""

    class Role(models.TextChoices):
        CONVENOR = "convenor", _("Convenor")
        MODERATOR = "moderator", _("Moderator")
        MEMBER = "member", _("Member")

    class State(models.TextChoices):
        ACTIVE = "active", _("Member")
        REQUESTED = "requested", _("Asked to join")
        INVITED = "invited", _("Invited")
        # Removed by a convenor and kept out: cannot rejoin, ask or be invited until unblocked.
        BLOCKED = "blocked", _("Blocked")

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_memberships"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.ACTIVE)
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [FieldPanel("group"), FieldPanel("user"), FieldPanel("role"), FieldPanel("state")]

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="collab_one_membership")
        ]

    def __str__(self):
        return f"{self.user} in {self.group} ({self.role}, {self.state})"

    @property
    def is_active(self):
        return self.state == self.State.ACTIVE


class Topic(models.Model):
    """A thread of a group's discussion, named by its title as in Zulip."""

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="topics")
    title = models.CharField(_("topic"), max_length=120)
    created_at = models.DateTimeField(auto_now_add=True)
    last_activity = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("topic")
        ordering = ["-last_activity"]
        constraints = [
            models.UniqueConstraint(fields=["group", "title"], name="collab_topic_title")
        ]

    def __str__(self):
        return self.title


class Message(models.Model):
    """One message of a topic: the source text as written and its safely rendered HTML."""

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="messages")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField()
    html = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    # Chosen by the client so that a frame resent after a reconnect is not stored twice.
    client_id = models.CharField(max_length=64, null=True, blank=True)
    # Last edit, deletion or reaction change: what a reconnecting client asks to be replayed.
    changed_at = models.DateTimeField(null=True, blank=True)
    # The site the message was written on, when it is not this one (federated groups).
    origin = models.CharField(max_length=255, blank=True, default="")
    # Written here for a group of another site that has not yet confirmed it has it.
    pending = models.BooleanField(default=False)

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["group", "id"]),
            models.Index(fields=["topic", "id"]),
            models.Index(fields=["group", "changed_at"], name="collab_msg_changed"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "client_id"],
                condition=Q(client_id__isnull=False),
                name="collab_message_client_id",
            )
        ]

    def __str__(self):
        return f"#{self.pk} in {self.topic}"

    @property
    def is_deleted(self):
        return self.deleted_at is not None


class MessageEdit(models.Model):
    """A previous version of an edited message, kept so everyone can see what changed."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="edits")
    body = models.TextField()
    html = models.TextField()
    edited_at = models.DateTimeField(auto_now_add=True)
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"Edit of #{self.message_id}"


class Reaction(models.Model):
    """An emoji a person put on a message (once per emoji and person)."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    emoji = models.CharField(max_length=32)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["message", "user", "emoji"], name="collab_one_reaction")
        ]

    def __str__(self):
        return f"{self.emoji} on #{self.message_id}"


class ReadMarker(models.Model):
    """How far a person has read a topic: every message after it is unread."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="read_markers")
    last_read_message_id = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "topic"], name="collab_one_read_marker")
        ]

    def __str__(self):
        return f"{self.user_id} read topic {self.topic_id} to #{self.last_read_message_id}"


class Mention(models.Model):
    """A person named in a message (@username, or everyone through @all)."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="mentions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="chat_mentions"
    )
    read = models.BooleanField(default=False)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["message", "user"], name="collab_one_mention")
        ]

    def __str__(self):
        return f"@{self.user_id} in #{self.message_id}"


class NotificationPreference(models.Model):
    """What a person wants to hear about by e-mail (nothing unless they opt in)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="chat_preferences"
    )
    mention_digest = models.BooleanField(_("daily e-mail of unread mentions"), default=False)

    def __str__(self):
        return f"Preferences of {self.user_id}"


class Presence(models.Model):
    """One open connection to a group: who is here now, shared by every web process.

    Each connection refreshes `seen_at`; rows a crashed process left behind stop counting
    after COLLABORATION_PRESENCE_TTL seconds.
    """

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    channel_name = models.CharField(max_length=200, unique=True)
    seen_at = models.DateTimeField(db_index=True)

    def __str__(self):
        return f"{self.user_id} in {self.group_id}"


class GroupDiscussionPage(Page):
    """A page of the site that shows one working group's live discussion."""

    group = models.ForeignKey(
        WorkingGroup,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("working group"),
        null=True,
    )
    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("group"), FieldPanel("intro")]
    template = "collaboration/group_discussion_page.html"

    class Meta:
        verbose_name = _("group discussion page")
