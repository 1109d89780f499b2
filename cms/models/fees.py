"""Membership fees: bands of the size figure per kind of organisation, edited by the secretariat."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel

from .choices import OrganisationKind


class FeeBand(models.Model):
    """A yearly membership fee for one kind of organisation whose size figure lies in
    [min_size, max_size) (no upper bound when max_size is empty), with the reduced rate paid by
    associate members. The bands of a kind must cover 0 to infinity without overlap or gap."""

    kind = models.CharField(_("kind"), max_length=32, choices=OrganisationKind.choices)
    min_size = models.PositiveBigIntegerField(_("from (included)"), default=0)
    max_size = models.PositiveBigIntegerField(
        _("up to (excluded)"), null=True, blank=True, help_text=_("Empty: no upper limit.")
    )
    yearly_fee = models.DecimalField(_("yearly fee (EUR)"), max_digits=9, decimal_places=2)
    associate_fee = models.DecimalField(
        _("associate member fee (EUR)"), max_digits=9, decimal_places=2, null=True, blank=True
    )

    panels = [
        FieldPanel("kind"),
        FieldRowPanel([FieldPanel("min_size"), FieldPanel("max_size")]),
        FieldRowPanel([FieldPanel("yearly_fee"), FieldPanel("associate_fee")]),
    ]

    class Meta:
        verbose_name = _("fee band")
        verbose_name_plural = _("fee bands")
        ordering = ["kind", "min_size"]

    def __str__(self):
        upper = "∞" if self.max_size is None else f"{self.max_size:,}"
        return f"{self.get_kind_display()}: {self.min_size:,}–{upper} → {self.yearly_fee} €"

    def clean(self):
        super().clean()
        if not self.kind:
            return
        if self.max_size is not None and self.max_size <= self.min_size:
            raise ValidationError(
                {"max_size": gettext("The upper limit must be greater than the lower limit.")}
            )
        others = FeeBand.objects.filter(kind=self.kind).exclude(pk=self.pk)
        problem = band_problem(
            [(b.min_size, b.max_size) for b in others] + [(self.min_size, self.max_size)]
        )
        if problem:
            raise ValidationError(problem)


def band_problem(ranges):
    """Why a set of [min, max) ranges of one kind is not a tiling of 0..infinity, or "".

    Only gaps between bands and overlaps are refused; an unfinished set (the top band not yet
    open-ended) is allowed so that the secretariat can add bands in order.
    """
    ranges = sorted(ranges, key=lambda r: r[0])
    if ranges and ranges[0][0] != 0:
        return gettext("The lowest band must start at 0 (it starts at %(start)s).") % {
            "start": f"{ranges[0][0]:,}"
        }
    for (lo1, hi1), (lo2, _hi2) in zip(ranges, ranges[1:], strict=False):
        if hi1 is None or hi1 > lo2:
            return gettext(
                "This band overlaps another band of the same kind (%(a)s–%(b)s and from %(c)s)."
            ) % {"a": f"{lo1:,}", "b": "∞" if hi1 is None else f"{hi1:,}", "c": f"{lo2:,}"}
        if hi1 < lo2:
            return gettext(
                "This leaves a gap between %(a)s and %(b)s: the bands of a kind must follow each other."
            ) % {"a": f"{hi1:,}", "b": f"{lo2:,}"}
    return ""


def find_fee(kind, size=None, associate=False):
    """The band and amount that apply to an organisation, or (None, None) when none does.

    Flat fees (a single band from 0 with no upper limit) apply whatever the size figure.
    """
    bands = list(FeeBand.objects.filter(kind=kind).order_by("min_size"))
    band = None
    if len(bands) == 1 and bands[0].min_size == 0 and bands[0].max_size is None:
        band = bands[0]
    elif size is not None:
        for b in bands:
            if b.min_size <= size and (b.max_size is None or size < b.max_size):
                band = b
                break
    if band is None:
        return None, None
    amount = band.associate_fee if associate and band.associate_fee is not None else band.yearly_fee
    return band, Decimal(amount)


def fee_table():
    """Every band as plain data, for the application form's script (no request per keystroke)."""
    return [
        {
            "kind": b.kind,
            "min": b.min_size,
            "max": b.max_size,
            "fee": str(b.yearly_fee),
            "associate": None if b.associate_fee is None else str(b.associate_fee),
        }
        for b in FeeBand.objects.order_by("kind", "min_size")
    ]
