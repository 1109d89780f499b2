"""Members' accounts, applications to join, and messages between members."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from .choices import OrganisationKind, SizeUnit


class MemberProfile(models.Model):
    """Links a user account to the organisation it acts for (the source-language page of the
    organisation). While that organisation is a member, the account belongs to the "Members" group,
    which Wagtail's page privacy ("private, for users in specific groups") uses for members-only
    pages (`cms.access.sync_member_access`)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="member_profile"
    )
    organisation = models.ForeignKey(
        "cms.OrganisationPage",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="member_accounts",
    )
    role = models.CharField(_("role in the organisation"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("member account")
        verbose_name_plural = _("member accounts")

    def __str__(self):
        return f"{self.user} ({self.organisation.title})"


class MembershipApplication(models.Model):
    """An application to join the network sent through the public form, with the fee quoted to the
    applicant. Stored before any e-mail is sent; the secretariat approves or declines it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    organisation_name = models.CharField(_("organisation"), max_length=255)
    kind = models.CharField(_("kind"), max_length=32, choices=OrganisationKind.choices)
    country = CountryField(_("country"))
    city_region = models.CharField(_("city or region"), max_length=255, blank=True)
    size_figure = models.PositiveBigIntegerField(_("size figure"), null=True, blank=True)
    size_unit = models.CharField(_("unit"), max_length=16, choices=SizeUnit.choices, blank=True)
    associate = models.BooleanField(_("associate membership"), default=False)
    website = models.URLField(_("website"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_email = models.EmailField(_("contact e-mail"))
    contact_phone = models.CharField(_("telephone"), max_length=50, blank=True)
    motivation = models.TextField(_("motivation"))
    language = models.CharField(_("language"), max_length=8, default="en")
    quoted_fee = models.DecimalField(
        _("fee quoted (EUR)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    organisation = models.ForeignKey(
        "cms.OrganisationPage",
        verbose_name=_("organisation page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    emails_sent_at = models.DateTimeField(_("e-mails sent"), null=True, blank=True)
    email_error = models.TextField(_("e-mail error"), blank=True)

    class Meta:
        verbose_name = _("membership application")
        verbose_name_plural = _("membership applications")
        ordering = ["-created_at"]

    def __str__(self):
        return self.organisation_name


class ContactMessage(models.Model):
    """A message from a signed-in member to another organisation, sent to its contact without
    revealing the address; stored first, so nothing is lost when e-mail fails."""

    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sender"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sender_organisation = models.ForeignKey(
        "cms.OrganisationPage",
        verbose_name=_("sender's organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recipient = models.ForeignKey(
        "cms.OrganisationPage",
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="contact_messages",
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    sent_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)
    error = models.TextField(_("e-mail error"), blank=True)

    class Meta:
        verbose_name = _("contact message")
        verbose_name_plural = _("contact messages")
        ordering = ["-created_at"]

    def __str__(self):
        return self.subject
