"""The two-step sign-in screens, in the Wagtail admin: give the code, set an authenticator up,
turn it off. Registered by cms/security/wagtail_hooks.py under /admin/2fa/."""

from base64 import b32encode

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from cms.security import two_factor


class CodeForm(forms.Form):
    otp_token = forms.CharField(
        label=gettext_lazy("Code from your authenticator app"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def __init__(self, devices, *args, **kwargs):
        self.devices = devices
        self.device = None
        super().__init__(*args, **kwargs)

    def clean_otp_token(self):
        token = self.cleaned_data["otp_token"].replace(" ", "")
        for device in self.devices:
            allowed, _info = device.verify_is_allowed()
            if not allowed:
                raise forms.ValidationError(
                    _("Too many wrong codes: wait a few seconds, then try again."),
                    code="throttled",
                )
        for device in self.devices:
            if device.verify_token(token):
                self.device = device
                return token
        raise forms.ValidationError(
            _("This code is not right. Give the one your app shows now."), code="invalid"
        )


class SetupForm(CodeForm):
    password = forms.CharField(
        label=gettext_lazy("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    # The password first: a wrong one must not use up the code (each code works once).
    field_order = ["password", "otp_token"]

    def __init__(self, request, *args, **kwargs):
        self.request = request
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        # Through authenticate(), so that wrong passwords count towards the sign-in throttle.
        user = authenticate(
            self.request, username=self.request.user.get_username(), password=password
        )
        if user is None or user.pk != self.request.user.pk:
            raise forms.ValidationError(_("This is not your password."), code="password")
        return password


def _next_url(request):
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return reverse("wagtailadmin_home")


def qr_code_svg(url: str) -> str:
    """The otpauth:// URL as an inline SVG QR code (no image request, no inline style)."""
    return segno.make(url, error="m").svg_inline(scale=5, border=2, dark="#000", light="#fff")


@sensitive_post_parameters("otp_token")
@never_cache
@require_http_methods(["GET", "POST"])
def verify(request):
    """The second step of signing in: the code the user's authenticator shows now."""
    if not request.user.is_authenticated:
        return redirect("wagtailadmin_login")
    devices = list(TOTPDevice.objects.devices_for_user(request.user, confirmed=True))
    if not devices:
        return redirect(reverse("cms_two_factor_setup") + "?next=" + _next_url(request))
    form = CodeForm(devices, request.POST or None)
    if request.method == "POST" and form.is_valid():
        otp_login(request, form.device)
        return redirect(_next_url(request))
    return render(
        request,
        "cms/security/two_factor_verify.html",
        {"form": form, "next": _next_url(request)},
    )


@sensitive_post_parameters("otp_token", "password")
@never_cache
@require_http_methods(["GET", "POST"])
def setup(request):
    """Turn two-step sign-in on: scan the QR code (or type the key) into an authenticator app,
    then prove it works with one code and your password."""
    user = request.user
    if user_has_device(user, confirmed=True) and not user.is_verified():
        return redirect(reverse("cms_two_factor_verify") + "?next=" + _next_url(request))
    # One pending (unconfirmed) device per user, kept across the GET and the POST.
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)
    form = SetupForm(request, [device], request.POST or None)
    if request.method == "POST" and form.is_valid():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.devices_for_user(user, confirmed=False).delete()
        otp_login(request, device)
        messages.success(request, _("Two-step sign-in is on: from now on you give a code too."))
        return redirect(_next_url(request))
    key = b32encode(device.bin_key).decode()
    return render(
        request,
        "cms/security/two_factor_setup.html",
        {
            "form": form,
            "next": _next_url(request),
            "qr_code": mark_safe(qr_code_svg(device.config_url)),  # noqa: S308 (segno's own SVG)
            "key": " ".join(key[i : i + 4] for i in range(0, len(key), 4)),
            "required": two_factor.required(),
            "page_title": _("Set up two-step sign-in"),
            "header_icon": "key",
        },
    )


@sensitive_post_parameters("otp_token", "password")
@never_cache
@require_http_methods(["GET", "POST"])
def manage(request):
    """Whether two-step sign-in is on for you; turn it off (where it is not required) with a
    current code and your password."""
    user = request.user
    devices = list(TOTPDevice.objects.devices_for_user(user, confirmed=True))
    form = SetupForm(request, devices, request.POST or None) if devices else None
    if request.method == "POST" and form is not None:
        if two_factor.required():
            messages.error(request, _("Two-step sign-in is required on this site."))
            return redirect("cms_two_factor_manage")
        if form.is_valid():
            TOTPDevice.objects.filter(user=user).delete()
            messages.success(request, _("Two-step sign-in is off."))
            return redirect("cms_two_factor_manage")
    return render(
        request,
        "cms/security/two_factor_manage.html",
        {
            "form": form,
            "enabled": bool(devices),
            "required": two_factor.required(),
            "issuer": getattr(settings, "OTP_TOTP_ISSUER", ""),
            "page_title": _("Two-step sign-in"),
            "header_icon": "key",
        },
    )
