"""Personal data: how long the network keeps messages and declined applications, and the record
of each erasure."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, HelpPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

#: Months kept when the secretariat has not chosen (the setting's default).
DEFAULT_RETENTION_MONTHS = 24


@register_setting(icon="lock")
class PrivacySettings(BaseGenericSetting):
    """The network's retention period: contact messages between members and declined
    applications older than it are deleted by `manage.py apply_retention`. One value for the
    whole network (not per site): the secretariat that sets it is one, and so are the data.
    Accepted applications are kept: they are the record of a membership."""

    retention_months = models.PositiveSmallIntegerField(
        _("keep contact messages and declined applications for (months)"),
        default=DEFAULT_RETENTION_MONTHS,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_(
            "Older ones are deleted by the daily retention job. Accepted applications are kept."
        ),
    )

    panels = [
        HelpPanel(
            content=_(
                "Members can download their data and erase their account from their account "
                "page; the secretariat erases a person under Settings → Personal data."
            )
        ),
        FieldPanel("retention_months"),
    ]

    class Meta:
        verbose_name = _("privacy")
        verbose_name_plural = _("privacy")

    def __str__(self):
        return str(self._meta.verbose_name)


class ErasureRecord(models.Model):
    """That an account was erased, when, at whose request and what went: the accountability
    record of the right to erasure. It names nobody erased: no username, name or e-mail; only
    the organisation the account acted for, so the secretariat knows it needs a new contact."""

    class Initiator(models.TextChoices):
        PERSON = "person", _("The person, from their account page")
        SECRETARIAT = "secretariat", _("The secretariat")

    erased_at = models.DateTimeField(_("erased at"), auto_now_add=True)
    initiated_by = models.CharField(_("asked by"), max_length=16, choices=Initiator.choices)
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("erased by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "cms.OrganisationPage",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    summary = models.JSONField(_("what was erased"), default=dict, blank=True)

    class Meta:
        verbose_name = _("erasure")
        verbose_name_plural = _("erasures")
        ordering = ["-erased_at"]

    def __str__(self):
        return f"{self._meta.verbose_name} {self.erased_at:%Y-%m-%d %H:%M}"
