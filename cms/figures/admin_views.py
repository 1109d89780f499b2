"""The secretariat's screens of the data collection: who has answered, reminders, rejections and
publishing a year (the verbs are in services)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cms.figures import services
from cms.figures.forms import RejectForm
from cms.figures.models import Collection, Response

PERMISSION = "cms_figures.change_response"


def _require(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied


def collections(request):
    _require(request)
    rows = Collection.objects.all()
    return TemplateResponse(request, "cms_figures/admin/collections.html", {"collections": rows})


def status(request, pk):
    _require(request)
    collection = get_object_or_404(Collection, pk=pk)
    rows = services.collection_status(collection)
    answered = sum(1 for _org, r in rows if r and r.state == Response.State.SUBMITTED)
    return TemplateResponse(
        request,
        "cms_figures/admin/status.html",
        {
            "collection": collection,
            "rows": rows,
            "answered": answered,
            "expected": len(rows),
            "reject_form": RejectForm(),
        },
    )


@require_POST
def remind(request, pk):
    _require(request)
    collection = get_object_or_404(Collection, pk=pk)
    count = services.remind_non_respondents(collection)
    messages.success(request, _("%(count)s organisations reminded.") % {"count": count})
    return redirect("cms_figures_status", pk=pk)


@require_POST
def publish(request, pk):
    _require(request)
    collection = get_object_or_404(Collection, pk=pk)
    if request.POST.get("unpublish"):
        services.unpublish_collection(collection)
        messages.success(request, _("%(year)s is no longer published.") % {"year": collection.year})
    else:
        services.publish_collection(collection)
        messages.success(request, _("%(year)s is published.") % {"year": collection.year})
    return redirect("cms_figures_status", pk=pk)


@require_POST
def reject(request, pk):
    _require(request)
    response = get_object_or_404(Response, pk=pk)
    form = RejectForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for rejecting the response."))
    else:
        services.reject_response(response, form.cleaned_data["reason"])
        messages.success(request, _("The response is rejected and the organisation told why."))
    return redirect("cms_figures_status", pk=response.collection_id)
