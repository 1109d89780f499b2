"""The public forms of the e-bulletin: sign up, and one's preferences."""

from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cms.i18n import localized

from .models import MailingList


def list_choices():
    """The public lists (source rows) named in the visitor's language."""
    lists = list(
        MailingList.objects.filter(public=True, locale__language_code=settings.LANGUAGE_CODE)
    )
    names = {row.translation_key: row.name for row in localized(lists)}
    return [(row.pk, names.get(row.translation_key, row.name)) for row in lists]


class ListsField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple


def _lists_field(required):
    field = ListsField(
        queryset=MailingList.objects.filter(
            public=True, locale__language_code=settings.LANGUAGE_CODE
        ),
        label=_("Lists"),
        required=required,
    )
    field.choices = list_choices()
    return field


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    language = forms.ChoiceField(label=_("Language of the e-mails"), choices=settings.LANGUAGES)
    # A trap for form-filling bots: hidden from people (CSS) and from screen readers.
    website = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lists"] = _lists_field(required=True)
        self.fields["lists"].error_messages["required"] = _("Choose at least one list.")
        self.initial.setdefault("language", get_language())
        if len(self.fields["lists"].choices) == 1:
            self.initial.setdefault("lists", [self.fields["lists"].choices[0][0]])


class PreferencesForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of the e-mails"), choices=settings.LANGUAGES)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lists"] = _lists_field(required=False)
