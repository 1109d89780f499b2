"""The registration form, built from the event's ticket kinds and questions in the visitor's
language; answers are stored under each question's translation key, choices in the source
language, so the secretariat reads them in one language whatever the registrant's."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.validators import validate_email
from django.utils import formats
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from cms.access import is_network_member
from cms.i18n import localized

from . import seats
from .models import Question, TicketKind
from .services import ANSWER_MAX, NAME_MAX, ORGANISATION_MAX


def price_label(ticket: TicketKind) -> str:
    if not ticket.price:
        return _("free of charge")
    return _("%(amount)s €") % {"amount": formats.number_format(ticket.price, 2, use_l10n=True)}


def _clean_text(value: str) -> str:
    # No control characters (NUL and friends): the database and e-mails would choke on them.
    return "".join(ch for ch in value if ch in "\n\t" or ord(ch) >= 32).strip()


class BaseRegistrationForm(forms.Form):
    """Name, organisation, e-mail, the ticket and the answers (shared by the public form and
    the change form of the manage page)."""

    name = forms.CharField(label=_("Name"), max_length=NAME_MAX)
    organisation = forms.CharField(
        label=_("Organisation"), max_length=ORGANISATION_MAX, required=False
    )

    def __init__(self, *args, event, user=None, by_hand=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event  # the page in the visitor's language
        self.source = seats.source_event(event)
        member = user is not None and is_network_member(user)
        self.tickets = seats.tickets_for(self.source, member=member, by_hand=by_hand)
        shown = localized(self.tickets, event.locale_id)
        if len(self.tickets) > 1 or by_hand:
            self.fields["ticket"] = forms.TypedChoiceField(
                label=_("Ticket"),
                choices=[
                    (source.pk, f"{shown_ticket.name} – {price_label(source)}")
                    for source, shown_ticket in zip(self.tickets, shown, strict=True)
                ],
                coerce=int,
                widget=forms.RadioSelect,
                initial=self.tickets[0].pk if self.tickets else None,
            )
        self.shown_ticket = shown[0] if len(self.tickets) == 1 else None
        self.questions = []
        source_questions = list(
            Question.objects.filter(event=self.source).order_by("sort_order", "pk")
        )
        for source_question, question in zip(
            source_questions, localized(source_questions, event.locale_id), strict=True
        ):
            self.questions.append((source_question, question))
            self.fields[f"q_{source_question.pk}"] = _question_field(question, source_question)

    def clean_name(self):
        value = _clean_text(self.cleaned_data["name"])
        if not value:
            raise forms.ValidationError(_("Please give your name."))
        return value

    def clean_organisation(self):
        return _clean_text(self.cleaned_data.get("organisation", ""))

    def answers(self) -> dict:
        """Answers by question key, choices as the source page words them."""
        result = {}
        for source_question, _shown in self.questions:
            value = self.cleaned_data.get(f"q_{source_question.pk}")
            if value in (None, "", []):
                continue
            if source_question.kind in (Question.Kind.CHOICE, Question.Kind.MULTIPLE):
                originals = source_question.choice_list()
                indexes = value if isinstance(value, list) else [value]
                words = [originals[int(i)] for i in indexes if int(i) < len(originals)]
                value = words if source_question.kind == Question.Kind.MULTIPLE else words[0]
            elif isinstance(value, str):
                value = _clean_text(value)
            result[source_question.key] = value
        return result

    def ticket(self):
        pk = self.cleaned_data.get("ticket")
        return next((t for t in self.tickets if t.pk == pk), None) if pk else None


def _question_field(question: Question, source: Question):
    common = {"label": question.label, "required": source.required, "help_text": question.help_text}
    choices = [(str(i), text) for i, text in enumerate(question.choice_list())]
    if source.kind == Question.Kind.LONG_TEXT:
        return forms.CharField(
            widget=forms.Textarea(attrs={"rows": 3}), max_length=ANSWER_MAX, **common
        )
    if source.kind == Question.Kind.CHOICE:
        return forms.ChoiceField(choices=[("", "—")] + choices, **common)
    if source.kind == Question.Kind.MULTIPLE:
        return forms.MultipleChoiceField(
            choices=choices, widget=forms.CheckboxSelectMultiple, **common
        )
    if source.kind == Question.Kind.YES_NO:
        return forms.TypedChoiceField(
            choices=[("", "—"), ("yes", _("Yes")), ("no", _("No"))],
            coerce=lambda v: v == "yes",
            empty_value=None,
            **common,
        )
    return forms.CharField(max_length=255, **common)


class RegistrationForm(BaseRegistrationForm):
    """The public form on the event page."""

    email = forms.EmailField(label=_("E-mail"), max_length=254)
    listed = forms.BooleanField(
        label=_("Show my name and organisation in the members' list of who is coming"),
        required=False,
    )
    consent = forms.BooleanField(required=True)

    field_order = ["name", "organisation", "email", "ticket"]

    def __init__(self, *args, event, user=None, privacy_url="", **kwargs):
        super().__init__(*args, event=event, user=user, **kwargs)
        self.signed_in = user is not None and user.is_authenticated
        if not (self.signed_in and is_network_member(user)):
            del self.fields["listed"]
        if self.signed_in:
            name = user.get_full_name() or user.get_username()
            self.fields["name"].initial = name
            self.fields["email"].initial = user.email
        if privacy_url:
            label = format_html(
                '{} <a href="{}">{}</a>',
                _("I agree that the network keeps these data to organise the event, as its"),
                privacy_url,
                _("privacy notice"),
            )
        else:
            label = _("I agree that the network keeps these data to organise the event.")
        self.fields["consent"].label = label
        self.fields["consent"].error_messages["required"] = _(
            "Please agree to the privacy notice to register."
        )
        self.order_fields([*self.field_order, *[k for k in self.fields if k.startswith("q_")]])

    def clean_email(self):
        value = self.cleaned_data["email"].strip().lower()
        validate_email(value)
        return value


class ByHandForm(BaseRegistrationForm):
    """The secretariat registers someone: every ticket kind, e-mail optional."""

    email = forms.EmailField(label=_("E-mail"), max_length=254, required=False)
    language = forms.ChoiceField(label=_("Language of the e-mails"), choices=settings.LANGUAGES)

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, event=event, by_hand=True, **kwargs)


class MessageForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(label=_("Message"), widget=forms.Textarea, max_length=10000)
    include_waiting = forms.BooleanField(label=_("Also to the waiting list"), required=False)
