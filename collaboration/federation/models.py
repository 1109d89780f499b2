"""What a site keeps to take part in groups across sites: its own groups others join (hosted),
the groups of other sites its people joined (remote), the people of other sites as they appear
here, and which ActivityPub object each message and topic is."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# The kinds of `federation.Actor` this app provides (Actor.kind): a working group, a member.
GROUP_KIND = "collaboration.group"
PERSON_KIND = "collaboration.person"


class HostedGroup(models.Model):
    """One of our working groups as a `Group` actor that people of other sites may join. Every
    activity it announces to its members' sites is numbered (`last_seq`) so that a site that
    missed some can ask for what came after the last it has."""

    group = models.OneToOneField(
        "collaboration.WorkingGroup", on_delete=models.CASCADE, related_name="federation_host"
    )
    actor = models.OneToOneField("federation.Actor", on_delete=models.CASCADE, related_name="+")
    last_seq = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("group open to other sites")
        verbose_name_plural = _("groups open to other sites")

    def __str__(self):
        return str(self.actor)


class GroupActivity(models.Model):
    """An activity a hosted group announced, in the order it announced them: the group's log."""

    hosted = models.ForeignKey(HostedGroup, on_delete=models.CASCADE, related_name="log")
    seq = models.PositiveBigIntegerField()
    document = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["seq"]
        constraints = [models.UniqueConstraint(fields=["hosted", "seq"], name="collab_fed_one_seq")]

    def __str__(self):
        return f"{self.hosted} #{self.seq}"


class RemoteGroup(models.Model):
    """A working group of another site that people here joined: `group` is our copy of its
    discussion, kept by that site's word; `last_seq` the last of its activities applied here."""

    group = models.OneToOneField(
        "collaboration.WorkingGroup", on_delete=models.CASCADE, related_name="federation_remote"
    )
    actor = models.OneToOneField(
        "federation.RemoteActor", on_delete=models.CASCADE, related_name="+"
    )
    last_seq = models.PositiveBigIntegerField(default=0)
    synced_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("group of another site")
        verbose_name_plural = _("groups of other sites")

    def __str__(self):
        return str(self.actor)


class Participant(models.Model):
    """A person of another site as they appear here: an account that cannot sign in, the
    author of their messages and a member of the groups they joined."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="federation_participant"
    )
    actor = models.OneToOneField(
        "federation.RemoteActor", on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("person of another site")
        verbose_name_plural = _("people of other sites")

    def __str__(self):
        return str(self.actor)


class FederatedMessage(models.Model):
    """The ActivityPub object a message is (its id on the site it was written on), and its
    place in the group's log once the group's home site announced it."""

    message = models.OneToOneField(
        "collaboration.Message", on_delete=models.CASCADE, related_name="federation"
    )
    uri = models.URLField(max_length=1000, unique=True)
    seq = models.PositiveBigIntegerField(null=True, blank=True)

    def __str__(self):
        return self.uri


class FederatedTopic(models.Model):
    """The `context` (FEP-7888) a topic of a group of another site is there, and its first
    message (the thread's root)."""

    topic = models.OneToOneField(
        "collaboration.Topic", on_delete=models.CASCADE, related_name="federation"
    )
    context_uri = models.URLField(max_length=1000, unique=True)
    root_uri = models.URLField(max_length=1000, blank=True)

    def __str__(self):
        return self.context_uri


class PublicProfile(models.Model):
    """What a member chooses to show of themselves to the other sites of their groups (their
    `Person` actor): their organisation or not, and a few words. Their name is always shown
    (it signs their messages); their e-mail never is."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="federation_profile"
    )
    show_organisation = models.BooleanField(_("show my organisation"), default=True)
    about = models.CharField(_("a few words about you"), max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("public profile on other sites")
        verbose_name_plural = _("public profiles on other sites")

    def __str__(self):
        return str(self.user)
