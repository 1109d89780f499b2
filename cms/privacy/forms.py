"""The forms of personal data: confirming one's own erasure with one's password."""

from django import forms
from django.utils.translation import gettext_lazy as _


class ConfirmErasureForm(forms.Form):
    """The person re-enters their password: a session left open on a shared computer is not
    enough to erase an account."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This is not your password."), code="wrong_password")
        return password
