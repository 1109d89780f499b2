"""The secretariat's personal-data screen: find a person, see what erasing them does, erase."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from wagtail.users.utils import user_can_delete_user

from cms import privacy
from cms.models.privacy import ErasureRecord

#: Who may erase a person: whoever may delete accounts (the secretariat, superusers), with
#: Wagtail's own rules (not oneself; a superuser only by a superuser).
PERMISSION = "auth.delete_user"


def privacy_index(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    query = request.GET.get("q", "").strip()[:100]
    people = []
    if query:
        people = (
            get_user_model()
            .objects.filter(
                Q(username__icontains=query)
                | Q(email__icontains=query)
                | Q(first_name__icontains=query)
                | Q(last_name__icontains=query)
            )
            .exclude(pk=request.user.pk)
            .order_by("username")[:50]
        )
    records = ErasureRecord.objects.select_related("erased_by", "organisation")[:50]
    return TemplateResponse(
        request,
        "cms/admin/privacy_index.html",
        {"query": query, "people": people, "records": records},
    )


def privacy_erase(request, user_id):
    """GET: what erasing this person does; POST: erase them."""
    person = get_object_or_404(get_user_model(), pk=user_id)
    if not user_can_delete_user(request.user, person):
        raise PermissionDenied
    if request.method == "POST":
        record = privacy.erase_person(person, by=request.user)
        messages.success(
            request,
            _("The account was erased (erasure no. %(number)s).") % {"number": record.pk},
        )
        return redirect("cms_privacy_index")
    return TemplateResponse(
        request,
        "cms/admin/privacy_erase.html",
        {"person": person, "preview": privacy.erasure_preview(person)},
    )
