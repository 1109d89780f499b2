"""The members' personal-data pages: download my data, erase my account.

Thin edges: they check who is asking and call the verbs of cms.privacy.
"""

from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from cms import privacy
from cms.privacy.forms import ConfirmErasureForm

#: Wrong passwords allowed on the erasure form per account and window, before a pause.
ERASE_ATTEMPTS = 5
ERASE_WINDOW = 15 * 60


@never_cache
@login_required
@require_POST
def export_view(request):
    """The signed-in person's own data as a JSON file (never anybody else's: no id is taken)."""
    filename, body = privacy.personal_data_file(request.user)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _is_staff(user):
    return user.is_staff or user.is_superuser


def _too_many_attempts(user):
    return (cache.get(f"privacy:erase:{user.pk}") or 0) >= ERASE_ATTEMPTS


def _count_attempt(user):
    key = f"privacy:erase:{user.pk}"
    cache.add(key, 0, ERASE_WINDOW)
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, ERASE_WINDOW)


@never_cache
@login_required
def erase_view(request):
    """Erase my account: what will happen, then the password, then it is done at once."""
    user = request.user
    context = {"preview": privacy.erasure_preview(user), "staff": _is_staff(user)}
    if context["staff"]:
        # An editor's or the secretariat's account is erased by another administrator, who can
        # see what the account did and hand over its tasks.
        response = render(request, "cms/members/privacy_erase.html", context)
        if request.method == "POST":
            response.status_code = 403
        return response
    form = ConfirmErasureForm(user, request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if _too_many_attempts(user):
            form = ConfirmErasureForm(user)
            context["refusal"] = _(
                "Too many wrong passwords. Please wait a quarter of an hour and try again."
            )
            status = 429
        elif form.is_valid():
            privacy.erase_person(user)
            logout(request)
            return render(request, "cms/members/privacy_erased.html")
        else:
            _count_attempt(user)
            status = 400
    context["form"] = form
    return render(request, "cms/members/privacy_erase.html", context, status=status)
