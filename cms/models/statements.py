"""Joint statements of the network and the organisations that sign them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.access import can_cosign, member_organisation
from cms.i18n import localize_links, source_page


class StatementPage(Page):
    """A joint statement ("The value of international cultural networks") with its text and the
    organisations that signed it. Members and allied networks ask to co-sign from the page; the
    secretariat confirms in the admin. Signatories are kept on the source-language page and shown
    in every translation."""

    intro = models.CharField(_("introduction"), max_length=400, blank=True)
    body = RichTextField(_("text"))
    date = models.DateField(_("date"), null=True, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("date"),
        FieldPanel("body"),
        InlinePanel("signatories", label=_("Signatory"), heading=_("Signatories")),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["cms.HomePage", "cms.DirectoryPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("joint statement")

    def get_context(self, request, *args, **kwargs):
        # The form itself comes from the template ({% cosign_form %}): pages build no forms.
        context = super().get_context(request, *args, **kwargs)
        source = source_page(self)
        context["signatories"] = localize_links(
            StatementSignatory.objects.filter(page=source)
            .select_related("organisation")
            .order_by("sort_order"),
            "organisation",
            self.locale_id,
        )
        organisation = member_organisation(request.user)
        if not can_cosign(organisation):
            organisation = None
        context["cosign_organisation"] = organisation
        if organisation is not None:
            signed = any(s.organisation_id == organisation.pk for s in context["signatories"])
            pending = CoSignRequest.objects.filter(
                statement=source, organisation=organisation, status=CoSignRequest.Status.PENDING
            ).exists()
            context["cosign_state"] = "signed" if signed else ("pending" if pending else "open")
        return context


class StatementSignatory(Orderable):
    """An organisation that signed a statement, linked to its page in the directory."""

    page = ParentalKey(StatementPage, on_delete=models.CASCADE, related_name="signatories")
    organisation = models.ForeignKey(
        "cms.OrganisationPage",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="signatures",
    )

    panels = [FieldPanel("organisation")]

    class Meta(Orderable.Meta):
        verbose_name = _("signatory")


class CoSignRequest(models.Model):
    """A member's or allied network's request to co-sign a statement, waiting for the secretariat."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        CONFIRMED = "confirmed", _("Confirmed")
        DECLINED = "declined", _("Declined")

    statement = models.ForeignKey(
        StatementPage, verbose_name=_("statement"), on_delete=models.CASCADE, related_name="+"
    )
    organisation = models.ForeignKey(
        "cms.OrganisationPage",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="cosign_requests",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    message = models.TextField(_("message"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("co-signature request")
        verbose_name_plural = _("co-signature requests")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.organisation.title} → {self.statement.title}"
