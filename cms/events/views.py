"""The public side of registration: the form's answer, and the no-account manage page.

Thin: each view reads the request, validates through a form and calls a verb of `services`.
Unknown events and tokens answer 404 with a message; refusals re-show the form with what was
typed, in the visitor's language.
"""

from __future__ import annotations

import re

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.models import Locale

from cms.access import is_network_member
from cms.i18n import localized
from cms.models.events import EventPage

from . import services
from .forms import BaseRegistrationForm, RegistrationForm
from .models import Registration
from .pages import privacy_url, registration_context

TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def _event_or_404(page_id):
    event = EventPage.objects.live().public().filter(pk=page_id).first()
    if event is None:
        raise Http404(_("There is no such event."))
    return localized([event], Locale.get_active())[0]


@require_http_methods(["GET", "POST"])
def register(request, page_id):
    """The registration form's answer (GET shows the form on a page of its own)."""
    event = _event_or_404(page_id)
    user = request.user if request.user.is_authenticated else None
    form = RegistrationForm(
        request.POST if request.method == "POST" else None,
        event=event,
        user=user,
        privacy_url=privacy_url(event.locale),
    )
    if request.method == "POST" and form.is_valid():
        try:
            outcome = services.register(
                event,
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
                organisation=form.cleaned_data.get("organisation", ""),
                language=translation.get_language(),
                ticket=form.ticket(),
                answers=form.answers(),
                user=user,
                listed=form.cleaned_data.get("listed", False),
            )
        except services.RegistrationError as exc:
            form.add_error(None, exc.message)
        else:
            registration = outcome.registration
            if outcome.created or (user is not None and registration.user_id == user.pk):
                if not outcome.created:
                    messages.info(request, _("You were already registered for this event."))
                return redirect(manage_path(registration))
            # Someone typed an e-mail already registered: the link goes to that address only.
            services.resend_confirmation(registration)
            return render(request, "cms_events/already_registered.html", {"event": event})
    context = registration_context(event, request, form=form)
    status = 400 if request.method == "POST" else 200
    return render(request, "cms_events/register.html", context, status=status)


def coming(request, page_id):
    """Members only: who is coming, among the confirmed participants who chose to be listed."""
    if not is_network_member(request.user):
        raise PermissionDenied(_("Only members of the network see who is coming."))
    event = _event_or_404(page_id)
    rows = Registration.objects.filter(
        event=services.source_event(event), state=Registration.State.CONFIRMED, listed=True
    ).order_by("name", "pk")
    return render(request, "cms_events/coming.html", {"event": event, "rows": rows})


def manage_path(registration) -> str:
    return reverse("cms:cms_events:manage", kwargs={"token": registration.token})


def _registration_or_404(token):
    registration = None
    if TOKEN_RE.match(token or ""):
        registration = (
            Registration.objects.filter(token=token).select_related("event", "ticket").first()
        )
    if registration is None:
        raise Http404(_("This registration link is not valid (or no longer)."))
    return registration


class ChangeForm(BaseRegistrationForm):
    pass


@require_http_methods(["GET", "POST"])
def manage(request, token):
    """View and change a registration without an account (the link of the e-mails)."""
    registration = _registration_or_404(token)
    event = localized([registration.event], Locale.get_active())[0]
    initial = {"name": registration.name, "organisation": registration.organisation}
    if registration.ticket_id:
        initial["ticket"] = registration.ticket_id
    form = None
    if registration.is_active:
        form = ChangeForm(
            request.POST if request.method == "POST" else None,
            event=event,
            user=registration.user,
            initial=initial,
        )
        _initial_answers(form, registration)
    if request.method == "POST":
        if form is None:
            messages.info(request, _("This registration was cancelled."))
            return HttpResponseRedirect(request.path)
        if form.is_valid():
            try:
                services.change(
                    registration,
                    name=form.cleaned_data["name"],
                    organisation=form.cleaned_data.get("organisation", ""),
                    ticket=form.ticket(),
                    answers=form.answers(),
                )
            except services.RegistrationError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Your registration has been changed."))
                return HttpResponseRedirect(request.path)
    registration.refresh_from_db()
    context = {
        "registration": registration,
        "ticket_label": localized([registration.ticket], Locale.get_active())[0].name
        if registration.ticket
        else registration.ticket_name,
        "event": event,
        "form": form,
        "now": timezone.now(),
    }
    response = render(
        request, "cms_events/manage.html", context, status=400 if form and form.errors else 200
    )
    # The link is a secret: no referrer to other sites, no caching by proxies.
    response["Referrer-Policy"] = "same-origin"
    response["Cache-Control"] = "private, no-store"
    return response


def _initial_answers(form, registration):
    """Show stored answers in the form: choices back from source words to their indexes."""
    for source_question, _question in form.questions:
        value = registration.answers.get(source_question.key)
        if value is None:
            continue
        name = f"q_{source_question.pk}"
        originals = source_question.choice_list()
        if isinstance(value, list):
            value = [str(originals.index(v)) for v in value if v in originals]
        elif source_question.kind == source_question.Kind.CHOICE:
            value = str(originals.index(value)) if value in originals else ""
        elif isinstance(value, bool):
            value = "yes" if value else "no"
        form.initial[name] = value


@require_POST
def cancel(request, token):
    """Cancel through the link; a second cancel (a replayed form) changes nothing."""
    registration = _registration_or_404(token)
    if registration.is_active:
        services.cancel(registration)
        messages.success(request, _("Your registration has been cancelled."))
    else:
        messages.info(request, _("This registration was already cancelled."))
    return redirect(manage_path(registration))
