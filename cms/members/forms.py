"""Forms of the members' pages: joining, direct contact, co-signing, submitting a practice."""

import datetime

from django import forms
from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from cms.i18n import localized_names
from cms.members.tasks import send_password_reset_task
from cms.models.choices import BudgetBand, GovernmentLevel, OrganisationKind
from cms.models.events import time_zone_choices
from cms.models.membership import MembershipApplication
from cms.models.themes import Theme

#: Kinds that pay a flat fee: no size figure is asked.
FLAT_FEE_KINDS = {OrganisationKind.INDIVIDUAL, OrganisationKind.ALLIED_NETWORK}


class ApplicationForm(forms.ModelForm):
    """The public application to join the network.

    `fax_number` is a trap: the page hides it from people and from screen readers, form-filling
    bots fill it, and an application that has it is answered as usual but not stored."""

    honeypot_name = "fax_number"
    fax_number = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    class Meta:
        model = MembershipApplication
        fields = [
            "organisation_name",
            "kind",
            "country",
            "city_region",
            "size_figure",
            "associate",
            "website",
            "contact_name",
            "contact_email",
            "contact_phone",
            "motivation",
        ]
        labels = {
            "organisation_name": _("Name of the organisation"),
            "size_figure": _("Size figure"),
            "associate": _("We apply as an associate member"),
        }
        help_texts = {
            "size_figure": _(
                "Population for a local or regional authority, annual budget in euros for a "
                "structure or a network."
            ),
            "motivation": _("Why do you want to join? What would you bring to the network?"),
        }
        widgets = {
            "motivation": forms.Textarea(attrs={"rows": 6}),
            "size_figure": forms.NumberInput(attrs={"min": 0, "step": 1, "inputmode": "numeric"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only members can apply; "allied network" is a partnership, not an application.
        self.fields["kind"].choices = [("", "---------")] + [
            c for c in OrganisationKind.choices if c[0] != OrganisationKind.ALLIED_NETWORK
        ]
        self.fields["contact_email"].widget.attrs["autocomplete"] = "email"
        self.fields["contact_name"].widget.attrs["autocomplete"] = "name"

    def is_trapped(self):
        """Whether the hidden trap field was filled (by a bot: people cannot see it)."""
        return bool(self.data.get(self.honeypot_name, "").strip())

    def clean_motivation(self):
        text = self.cleaned_data["motivation"].strip()
        if len(text) < 20:
            raise forms.ValidationError(
                _(
                    "Please tell us in a few sentences (at least 20 characters) why you want to join."
                )
            )
        return text

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind and kind not in FLAT_FEE_KINDS and data.get("size_figure") is None:
            self.add_error("size_figure", _("Give the size figure: the fee depends on it."))
        return data


class ContactForm(forms.Form):
    """A member's message to another organisation."""

    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(
        label=_("Message"), widget=forms.Textarea(attrs={"rows": 8}), max_length=5000, min_length=10
    )


class CoSignForm(forms.Form):
    """Asking to co-sign a joint statement."""

    message = forms.CharField(
        label=_("Message to the secretariat (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def theme_choices():
    themes = list(Theme.objects.filter(locale__language_code=settings.LANGUAGE_CODE))
    names = localized_names(themes)
    return sorted(((t.pk, names[t.pk]) for t in themes), key=lambda c: c[1].casefold())


class PracticeSubmissionForm(forms.Form):
    """A practice proposed by a member for the database (moderated before publication)."""

    title = forms.CharField(label=_("Title"), max_length=255)
    summary = forms.CharField(
        label=_("Summary"), max_length=400, widget=forms.Textarea(attrs={"rows": 3})
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    country = forms.ChoiceField(label=_("Country"))
    city_region = forms.CharField(label=_("City or region"), max_length=255, required=False)
    level = forms.ChoiceField(label=_("Level of government"), choices=GovernmentLevel.choices)
    themes = forms.TypedMultipleChoiceField(
        label=_("Themes"), coerce=int, widget=forms.CheckboxSelectMultiple
    )
    start_year = forms.IntegerField(
        label=_("Start year"), min_value=1950, max_value=2100, required=False
    )
    end_year = forms.IntegerField(
        label=_("End year"), min_value=1950, max_value=2100, required=False
    )
    budget_band = forms.ChoiceField(
        label=_("Budget"), choices=[("", "---------")] + list(BudgetBand.choices), required=False
    )
    partners = forms.CharField(
        label=_("Partners"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    results = forms.CharField(
        label=_("Results"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    contact_name = forms.CharField(label=_("Contact person"), max_length=200, required=False)
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", "---------")] + list(countries)
        self.fields["themes"].choices = theme_choices()

    def clean(self):
        data = super().clean()
        start, end = data.get("start_year"), data.get("end_year")
        if start and end and end < start:
            self.add_error("end_year", _("The end year cannot be before the start year."))
        if start and start > datetime.date.today().year + 5:
            self.add_error("start_year", _("This start year is too far in the future."))
        return data


class TimeZoneForm(forms.Form):
    """The account page's choice of time zone (IANA names); dates on the site follow it."""

    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        help_text=_(
            "Dates and times on the site, in the discussions and on event pages, are shown in it."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = time_zone_choices()
        self.fields["time_zone"].widget.attrs["autocomplete"] = "off"


class MemberPasswordResetForm(PasswordResetForm):
    """The "forgotten password" form: the e-mail is queued, never sent in the request, and the
    page says the same whether or not the address has an account."""

    def save(self, **kwargs):
        language = translation.get_language() or settings.LANGUAGE_CODE
        for user in self.get_users(self.cleaned_data["email"]):
            # Nothing is written first: a failure to queue fails the request, and they ask again.
            send_password_reset_task.enqueue(user.pk, language)
