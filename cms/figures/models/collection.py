"""The data of the network in figures: yearly collections of typed questions, members'
responses and answers, and organisations' positions on the map."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.models import TranslatableMixin
from wagtail_localize.fields import SynchronizedField, TranslatableField


class QuestionKind(models.TextChoices):
    NUMBER = "number", _("Number")
    PERCENTAGE = "percentage", _("Percentage")
    CHOICE = "choice", _("Choice")
    TEXT = "text", _("Free text")


class Measure(models.TextChoices):
    """The network's headline totals a number question feeds (centres come from each response)."""

    NONE = "", _("none")
    STAFF = "staff", _("staff")
    VOLUNTEERS = "volunteers", _("volunteers")
    VISITORS = "visitors", _("visitors")


class Licence(models.TextChoices):
    CC_BY = "CC-BY-4.0", "Creative Commons Attribution 4.0 (CC BY 4.0)"
    CC0 = "CC0-1.0", "Creative Commons Zero 1.0 (CC0)"
    ODBL = "ODbL-1.0", "Open Data Commons Open Database License 1.0 (ODbL)"


LICENCE_URLS = {
    Licence.CC_BY: "https://creativecommons.org/licenses/by/4.0/",
    Licence.CC0: "https://creativecommons.org/publicdomain/zero/1.0/",
    Licence.ODBL: "https://opendatacommons.org/licenses/odbl/1-0/",
}


class Question(TranslatableMixin, models.Model):
    """A typed question of the yearly data collection ("How many people work for you, in full-time
    equivalents?"): its label, help and options are translated with wagtail-localize; its key,
    kind and bounds are the same in every language. Collections and answers point to the
    question in the source language."""

    key = models.SlugField(
        _("key"), max_length=60, help_text=_("Names the figure in the open data (CSV, JSON).")
    )
    label = models.CharField(_("question"), max_length=255)
    help_text = models.CharField(_("help text"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=QuestionKind.choices)
    options = models.TextField(
        _("options"), blank=True, help_text=_("For a choice: one option per line, in order.")
    )
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    measure = models.CharField(
        _("counts towards"), max_length=16, choices=Measure.choices, blank=True, default=""
    )
    minimum = models.DecimalField(
        _("minimum"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    maximum = models.DecimalField(
        _("maximum"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    required = models.BooleanField(_("required"), default=False)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [
        FieldPanel("label"),
        FieldPanel("help_text"),
        FieldRowPanel([FieldPanel("key"), FieldPanel("kind"), FieldPanel("measure")]),
        FieldPanel("options"),
        FieldRowPanel([FieldPanel("unit"), FieldPanel("minimum"), FieldPanel("maximum")]),
        FieldRowPanel([FieldPanel("required"), FieldPanel("sort_order")]),
    ]
    # Structure, not prose: the same in every language.
    translatable_fields = [
        TranslatableField("label"),
        TranslatableField("help_text"),
        TranslatableField("options"),
        TranslatableField("unit"),
        SynchronizedField("key"),
        SynchronizedField("kind"),
        SynchronizedField("measure"),
        SynchronizedField("minimum"),
        SynchronizedField("maximum"),
        SynchronizedField("required"),
        SynchronizedField("sort_order"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return self.label

    def clean(self):
        super().clean()
        if self.kind == QuestionKind.CHOICE and len(self.option_list()) < 2:
            raise ValidationError({"options": _("A choice needs at least two options.")})
        if self.measure and self.kind != QuestionKind.NUMBER:
            raise ValidationError({"measure": _("Only a number can count towards a total.")})
        if self.minimum is not None and self.maximum is not None and self.minimum > self.maximum:
            raise ValidationError({"maximum": _("The maximum is below the minimum.")})

    def option_list(self):
        return [line.strip() for line in (self.options or "").splitlines() if line.strip()]

    @property
    def is_numeric(self):
        return self.kind in (QuestionKind.NUMBER, QuestionKind.PERCENTAGE)


class Collection(models.Model):
    """One year's data collection: the questions asked, when members may answer, and whether its
    aggregates are published (a secretariat action), under which open-data licence."""

    class State(models.TextChoices):
        DRAFT = "draft", _("In preparation")
        OPEN = "open", _("Open to members")
        CLOSED = "closed", _("Closed")
        PUBLISHED = "published", _("Published")

    year = models.PositiveSmallIntegerField(
        _("year"), unique=True, validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.DRAFT)
    questions = models.ManyToManyField(
        Question,
        verbose_name=_("questions"),
        related_name="collections",
        limit_choices_to={"locale__language_code": settings.LANGUAGE_CODE},
    )
    licence = models.CharField(
        _("licence of the open data"), max_length=16, choices=Licence.choices, default=Licence.CC_BY
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    panels = [
        FieldPanel("year"),
        FieldRowPanel([FieldPanel("opens_on"), FieldPanel("closes_on")]),
        FieldPanel("state"),
        FieldPanel("questions", widget=forms.CheckboxSelectMultiple),
        FieldPanel("licence"),
    ]

    class Meta:
        verbose_name = _("data collection")
        verbose_name_plural = _("data collections")
        ordering = ["-year"]

    def __str__(self):
        return str(self.year)

    def clean(self):
        super().clean()
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": _("It closes before it opens.")})

    @property
    def licence_url(self):
        return LICENCE_URLS.get(self.licence, "")

    def accepts_answers(self, today):
        return self.state == self.State.OPEN and self.opens_on <= today <= self.closes_on


class Response(ClusterableModel):
    """An organisation's answers to one year's collection (one per organisation and year). A
    national network may answer for its cultural centres as one aggregate: `centres` says how
    many it covers. A draft can be saved and resumed; the secretariat can correct or reject a
    submitted response. Individual responses are never public."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        REJECTED = "rejected", _("Rejected")

    collection = models.ForeignKey(
        Collection, verbose_name=_("collection"), on_delete=models.CASCADE, related_name="responses"
    )
    organisation = models.ForeignKey(
        "cms.OrganisationPage",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="figures_responses",
    )
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.DRAFT)
    centres = models.PositiveIntegerField(
        _("cultural centres covered"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(100_000)],
    )
    language = models.CharField(_("language"), max_length=8, default=settings.LANGUAGE_CODE)
    rejection_reason = models.TextField(_("reason for rejecting"), blank=True)
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("collection"), FieldPanel("organisation")]),
        FieldRowPanel([FieldPanel("state"), FieldPanel("centres")]),
        FieldPanel("rejection_reason"),
        InlinePanel("answers", heading=_("Answers"), label=_("answer")),
    ]

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        ordering = ["-collection__year", "organisation__title"]
        constraints = [
            models.UniqueConstraint(
                fields=["collection", "organisation"], name="figures_one_response_per_year"
            )
        ]

    def __str__(self):
        return f"{self.organisation.title} {self.collection.year}"


class Answer(models.Model):
    """One answer of a response, typed by its question: a number (also a percentage), the
    position of the chosen option (the same in every language), or free text."""

    response = ParentalKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(
        Question,
        verbose_name=_("question"),
        on_delete=models.PROTECT,
        related_name="answers",
        limit_choices_to={"locale__language_code": settings.LANGUAGE_CODE},
    )
    number = models.DecimalField(
        _("number"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    choice = models.PositiveSmallIntegerField(_("option (position, from 0)"), null=True, blank=True)
    text = models.TextField(_("text"), blank=True)

    panels = [
        FieldPanel("question"),
        FieldPanel("number"),
        FieldPanel("choice"),
        FieldPanel("text"),
    ]

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="figures_one_answer")
        ]

    def __str__(self):
        return f"{self.question.key}"


class OrganisationLocation(models.Model):
    """Where an organisation is, to place it on the map of members (WGS 84 degrees). Kept beside
    the directory's organisation (its source-language page), which has no coordinates."""

    organisation = models.OneToOneField(
        "cms.OrganisationPage",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="figures_location",
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=5,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )

    panels = [
        FieldPanel("organisation"),
        FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
    ]

    class Meta:
        verbose_name = _("organisation on the map")
        verbose_name_plural = _("organisations on the map")

    def __str__(self):
        return self.organisation.title


class Notice(models.Model):
    """An e-mail of the data collection to an organisation (a reminder to answer, a rejected
    response), stored before it is sent so that a failure is retried and a retry sends once."""

    class Kind(models.TextChoices):
        REMINDER = "reminder", _("Reminder")
        REJECTION = "rejection", _("Rejection")

    collection = models.ForeignKey(
        Collection, verbose_name=_("collection"), on_delete=models.CASCADE, related_name="notices"
    )
    organisation = models.ForeignKey(
        "cms.OrganisationPage",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    language = models.CharField(_("language"), max_length=8, default=settings.LANGUAGE_CODE)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("data collection e-mail")
        verbose_name_plural = _("data collection e-mails")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.organisation.title} {self.collection.year}"
