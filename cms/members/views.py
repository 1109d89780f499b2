"""Members' views: joining, fees, direct contact, co-signing, practice submissions, accounts.

Thin edges: they authenticate, validate and call the verbs of cms.members.
"""

import logging
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseForbidden, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cms import access, members
from cms.i18n import localized
from cms.members import timezones
from cms.members.forms import (
    FLAT_FEE_KINDS,
    ApplicationForm,
    ContactForm,
    CoSignForm,
    MemberPasswordResetForm,
    PracticeSubmissionForm,
    TimeZoneForm,
)
from cms.models.choices import OrganisationKind
from cms.models.directory import OrganisationPage
from cms.models.fees import fee_table, find_fee
from cms.models.membership import MembershipApplication
from cms.models.statements import StatementPage
from cms.security.client import client_ip

logger = logging.getLogger(__name__)


def _parse_size(value):
    try:
        size = int(
            str(value).replace(" ", "").replace("\u202f", "").replace(",", "").replace(".", "")
        )
    except (TypeError, ValueError):
        return None
    return size if size >= 0 else None


def fee_quote(kind, size, associate=False):
    """What the form shows: the amount, or why there is none yet."""
    if kind not in OrganisationKind.values:
        return {"amount": None, "message": _("Choose the kind of organisation to see the fee.")}
    if size is None and kind not in FLAT_FEE_KINDS:
        return {"amount": None, "message": _("Give the size figure to see the fee.")}
    _band, amount = find_fee(kind, size, associate)
    if amount is None:
        return {"amount": None, "message": _("The secretariat will tell you the fee that applies.")}
    return {
        "amount": amount,
        "message": _("Yearly membership fee: %(amount)s €") % {"amount": format_amount(amount)},
    }


def format_amount(amount):
    amount = Decimal(amount)
    return (
        f"{amount:,.0f}".replace(",", "\u202f")
        if amount == amount.to_integral()
        else f"{amount:,.2f}"
    )


def fee_json(request):
    """JSON: the fee for ?kind=&size=&associate=1 (no personal data in or out)."""
    quote = fee_quote(
        request.GET.get("kind", ""),
        _parse_size(request.GET.get("size")),
        request.GET.get("associate") in ("1", "true", "on"),
    )
    return JsonResponse(
        {
            "amount": None if quote["amount"] is None else str(quote["amount"]),
            "message": quote["message"],
        }
    )


def apply_view(request):
    """The public application form; "Calculate the fee" re-renders it with the fee (no JS needed).

    Limited per client address (APPLICATION_RATE_LIMIT an hour); an application that filled the
    hidden trap field gets the same thank-you page, and nothing is stored or sent."""
    quote = None
    calculate_only = False
    status = 200
    if request.method == "POST":
        form = ApplicationForm(request.POST)
        quote = fee_quote(
            request.POST.get("kind", ""),
            _parse_size(request.POST.get("size_figure")),
            request.POST.get("associate") == "on",
        )
        if "calculate" in request.POST:
            calculate_only = True
        elif form.is_trapped():
            logger.info(
                "join form: trap field filled, application from %s not stored", client_ip(request)
            )
            request.session.pop("members_application", None)
            request.session["members_application_trapped"] = {
                "organisation_name": request.POST.get("organisation_name", "")[:255],
                "contact_email": request.POST.get("contact_email", "")[:254],
            }
            return redirect("cms:members:apply_done")
        elif form.is_valid():
            try:
                application = members.submit_application(
                    form.cleaned_data,
                    translation.get_language(),
                    client=client_ip(request) or "unknown",
                )
            except members.RateLimited:
                form.add_error(
                    None,
                    _(
                        "Too many applications were sent from your connection in the last "
                        "hour. Please try again later, or write to the secretariat."
                    ),
                )
                status = 429
            else:
                request.session.pop("members_application_trapped", None)
                request.session["members_application"] = application.pk
                return redirect("cms:members:apply_done")
    else:
        form = ApplicationForm()
    return render(
        request,
        "cms/members/apply.html",
        {
            "form": form,
            "quote": quote,
            "calculate_only": calculate_only,
            "fee_bands": fee_table(),
            "flat_fee_kinds": sorted(FLAT_FEE_KINDS),
            "fee_messages": {
                "choose": _("Choose the kind of organisation to see the fee."),
                "size": _("Give the size figure to see the fee."),
                "none": _("The secretariat will tell you the fee that applies."),
                "fee": _("Yearly membership fee: %(amount)s €"),
            },
        },
        status=status,
    )


def apply_done_view(request):
    application = None
    pk = request.session.get("members_application")
    if pk:
        application = MembershipApplication.objects.filter(pk=pk).first()
    elif trapped := request.session.get("members_application_trapped"):
        # What a bot is shown: the same page, about an application that was never stored.
        application = MembershipApplication(**trapped)
    if application is None:
        return redirect("cms:members:apply")
    quote = format_amount(application.quoted_fee) if application.quoted_fee is not None else None
    return render(
        request, "cms/members/apply_done.html", {"application": application, "quote": quote}
    )


@login_required
def contact_view(request, page_id):
    """A member writes to another organisation; the address is never shown."""
    organisation = get_object_or_404(OrganisationPage.objects.live(), pk=page_id)
    if not access.is_network_member(request.user):
        return HttpResponseForbidden(_("Only members of the network can send messages."))
    if not organisation.contact_email:
        raise Http404
    if request.method == "POST":
        form = ContactForm(request.POST)
        if form.is_valid():
            try:
                members.send_contact_message(
                    request.user,
                    organisation,
                    form.cleaned_data["subject"],
                    form.cleaned_data["body"],
                )
            except members.RateLimited:
                form.add_error(
                    None,
                    _("You have sent too many messages in the last hour. Please try again later."),
                )
                response = render(
                    request,
                    "cms/members/contact.html",
                    {"form": form, "organisation": organisation},
                )
                response.status_code = 429
                return response
            messages.success(
                request, _("Your message has been sent to %(name)s.") % {"name": organisation.title}
            )
            return redirect(organisation.get_url(request=request))
    else:
        form = ContactForm()
    return render(request, "cms/members/contact.html", {"form": form, "organisation": organisation})


@login_required
@require_POST
def cosign_view(request, page_id):
    statement = get_object_or_404(StatementPage.objects.live(), pk=page_id)
    organisation = access.member_organisation(request.user)
    if not access.can_cosign(organisation):
        return HttpResponseForbidden(
            _("Only members of the network and allied networks can co-sign statements.")
        )
    form = CoSignForm(request.POST)
    if form.is_valid():
        members.request_cosign(request.user, statement, form.cleaned_data["message"])
        messages.success(
            request,
            _("Thank you: the secretariat will confirm the signature of %(name)s.")
            % {"name": organisation.title},
        )
    return redirect(statement.get_url(request=request))


def submit_practice_view(request, index_page):
    """A member proposes a practice: it is saved as a draft and enters the moderation workflow."""
    if not request.user.is_authenticated:
        return redirect(f"{reverse('cms:members:login')}?next={request.path}")
    if not access.is_network_member(request.user):
        return HttpResponseForbidden(_("Only members of the network can submit practices."))
    if request.method == "POST":
        form = PracticeSubmissionForm(request.POST)
        if form.is_valid():
            page, _revision = members.submit_practice(request.user, index_page, form.cleaned_data)
            return render(
                request,
                "cms/members/practice_submitted.html",
                {"page": index_page, "practice": page},
            )
    else:
        form = PracticeSubmissionForm()
    return render(request, "cms/members/practice_submit.html", {"page": index_page, "form": form})


def _account_page(request, time_zone_form=None, status=200):
    organisation = access.member_organisation(request.user)
    local = localized([organisation])
    if time_zone_form is None:
        time_zone_form = TimeZoneForm(
            initial={"time_zone": timezones.effective_time_zone(request.user)}
        )
    return render(
        request,
        "cms/members/account.html",
        {
            "organisation": local[0] if local else None,
            "is_member": access.is_network_member(request.user),
            "time_zone_form": time_zone_form,
            # Not chosen yet: the page may suggest the browser's zone.
            "time_zone_chosen": bool(timezones.chosen_time_zone(request.user)),
        },
        status=status,
    )


@login_required
def account_view(request):
    """The members' area: your organisation, your time zone and what you can do."""
    return _account_page(request)


@login_required
@require_POST
def time_zone_view(request):
    """The account page's time zone form: saved, then the account page shows dates in it; an
    unknown zone is refused with the form's error (400)."""
    form = TimeZoneForm(request.POST)
    if not form.is_valid():
        return _account_page(request, time_zone_form=form, status=400)
    timezones.set_time_zone(request.user, form.cleaned_data["time_zone"])
    messages.success(
        request,
        _("Your time zone is now %(zone)s.")
        % {"zone": form.cleaned_data["time_zone"].replace("_", " ")},
    )
    return redirect("cms:members:account")


class MemberLoginView(auth_views.LoginView):
    template_name = "cms/members/login.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        return self.get_redirect_url() or reverse("cms:members:account")


class MemberLogoutView(auth_views.LogoutView):
    def get_success_url(self):
        return "/" + (translation.get_language() or "en") + "/"


class MemberPasswordResetView(auth_views.PasswordResetView):
    """Forgotten password: asks for the e-mail address and queues a link to choose a new one."""

    template_name = "cms/members/password_reset.html"
    form_class = MemberPasswordResetForm
    success_url = reverse_lazy("cms:members:password_reset_done")


class MemberPasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "cms/members/password_reset_done.html"


class MemberPasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """The invitation link: the new member chooses a password and is signed in at once. The link
    works once (setting the password invalidates it) and for PASSWORD_RESET_TIMEOUT."""

    template_name = "cms/members/password_set.html"
    post_reset_login = True
    # Several backends (django-axes' then Django's): the one that signs people in.
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"
    success_url = reverse_lazy("cms:members:account")

    def form_valid(self, form):
        messages.success(self.request, _("Your password is set and you are signed in."))
        return super().form_valid(form)
