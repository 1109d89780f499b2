"""The secretariat's admin screens: approve or decline applications, confirm co-signatures."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cms import members
from cms.models.directory import DirectoryPage
from cms.models.membership import MembershipApplication
from cms.models.statements import CoSignRequest


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason (sent to the applicant)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
    )


def _require(request, perm):
    if not request.user.has_perm(perm):
        raise PermissionDenied


def applications(request):
    _require(request, "cms.change_membershipapplication")
    status = request.GET.get("status", MembershipApplication.Status.PENDING)
    rows = MembershipApplication.objects.all()
    if status in MembershipApplication.Status.values:
        rows = rows.filter(status=status)
    return TemplateResponse(
        request,
        "cms/admin/applications.html",
        {
            "applications": rows[:200],
            "status": status,
            "statuses": MembershipApplication.Status.choices,
            "decline_form": DeclineForm(),
        },
    )


@require_POST
def approve_application(request, pk):
    _require(request, "cms.change_membershipapplication")
    application = get_object_or_404(MembershipApplication, pk=pk)
    directory = (
        DirectoryPage.objects.filter(locale__language_code="en").first()
        or DirectoryPage.objects.first()
    )
    if directory is None:
        messages.error(request, _("Create the member directory page first."))
        return redirect("cms_members_applications")
    page = members.approve_application(application, directory)
    messages.success(
        request,
        _("%(name)s is now a member; an invitation was sent to %(email)s.")
        % {"name": page.title, "email": application.contact_email},
    )
    return redirect("cms_members_applications")


@require_POST
def decline_application(request, pk):
    _require(request, "cms.change_membershipapplication")
    application = get_object_or_404(MembershipApplication, pk=pk)
    form = DeclineForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a reason to decline the application."))
        return redirect("cms_members_applications")
    members.decline_application(application, form.cleaned_data["reason"])
    messages.success(
        request,
        _("The application of %(name)s was declined.") % {"name": application.organisation_name},
    )
    return redirect("cms_members_applications")


def cosign_requests(request):
    _require(request, "cms.change_cosignrequest")
    return TemplateResponse(
        request,
        "cms/admin/cosign_requests.html",
        {
            "requests": CoSignRequest.objects.select_related(
                "statement", "organisation", "requested_by"
            )[:200],
        },
    )


@require_POST
def decide_cosign(request, pk, decision):
    _require(request, "cms.change_cosignrequest")
    if decision not in ("confirm", "decline"):
        raise Http404("unknown decision")
    cosign = get_object_or_404(CoSignRequest, pk=pk)
    if decision == "confirm":
        members.confirm_cosign(cosign)
        messages.success(
            request,
            _("%(name)s now appears among the signatories.") % {"name": cosign.organisation.title},
        )
    else:
        members.decline_cosign(cosign)
        messages.success(request, _("The request was declined."))
    return redirect("cms_members_cosign_requests")
