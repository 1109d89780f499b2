"""The secretariat's screens of an event's registrations: the list with filters, CSV export,
a printable attendance list, registering someone by hand and a message to all registrants.

Every view checks `cms.access.can_see_participants`: participants' data is the secretariat's.
"""

from __future__ import annotations

import csv

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cms.access import can_see_participants
from cms.models.choices import CURRENT_MEMBERSHIP
from cms.models.directory import OrganisationPage
from cms.models.events import EventPage
from collaboration.services.ids import parse_id
from federation.queueing import DEFAULT, enqueue_durably, lane

from . import services, tasks
from .forms import ByHandForm, MessageForm
from .models import Question, RegistrantMessage, Registration

State = Registration.State
FILTERS = ("state", "paid", "ticket", "q", "remote")


def _require(request):
    if not can_see_participants(request.user):
        raise PermissionDenied


def _event(page_id) -> EventPage:
    event = (
        EventPage.objects.filter(pk=page_id, locale__language_code=settings.LANGUAGE_CODE)
        .select_related("locale")
        .first()
    )
    if event is None:
        raise Http404(_("There is no such event."))
    return event


def events(request):
    """Events with registration on the site, with their counts."""
    _require(request)
    rows = (
        EventPage.objects.filter(
            locale__language_code=settings.LANGUAGE_CODE, registration_enabled=True
        )
        .annotate(
            confirmed=Count("registrations", filter=Q(registrations__state=State.CONFIRMED)),
            waiting=Count("registrations", filter=Q(registrations__state=State.WAITING)),
        )
        .order_by("-start")
    )
    return TemplateResponse(request, "cms_events/admin/events.html", {"events": rows})


def _filtered(request, event):
    rows = Registration.objects.filter(event=event).select_related(
        "remote_actor__member_link__organisation", "user"
    )
    params = request.GET
    if params.get("state") in State.values:
        rows = rows.filter(state=params["state"])
    if params.get("paid") in ("yes", "no"):
        rows = rows.filter(paid=params["paid"] == "yes")
    ticket = parse_id(params.get("ticket", ""))
    if ticket is not None:
        rows = rows.filter(ticket_id=ticket)
    if params.get("remote") == "yes":
        rows = rows.filter(remote_actor__isnull=False)
    query = params.get("q", "").strip()[:100]
    if query:
        rows = rows.filter(
            Q(name__icontains=query)
            | Q(email__icontains=query)
            | Q(organisation__icontains=query)
            | Q(reference__iexact=query)
        )
    return rows.order_by("created_at", "pk")


def _questions(event):
    return list(Question.objects.filter(event=event).order_by("sort_order", "pk"))


def _answer_text(value):
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return "" if value is None else str(value)


def _with_answers(rows, questions):
    for row in rows:
        row.answer_list = [_answer_text(row.answers.get(q.key)) for q in questions]
        yield row


def registrations(request, page_id):
    _require(request)
    event = _event(page_id)
    questions = _questions(event)
    confirmed, per_ticket, waiting = services.counts(event)
    rows = list(_with_answers(_filtered(request, event), questions))
    context = {
        "event": event,
        "rows": rows,
        "questions": questions,
        "tickets": event.ticket_kinds.all().order_by("sort_order", "pk"),
        "states": State.choices,
        "confirmed": confirmed,
        "waiting": waiting,
        "places_left": services.places_left(event),
        "filters": {name: request.GET.get(name, "") for name in FILTERS},
        "query_string": request.GET.urlencode(),
        # To link a fediverse participant to the member organisation it speaks for.
        "member_organisations": _member_organisations()
        if any(r.remote_actor for r in rows)
        else [],
    }
    return TemplateResponse(request, "cms_events/admin/registrations.html", context)


def _member_organisations():
    return list(
        OrganisationPage.objects.filter(
            locale__language_code=settings.LANGUAGE_CODE, membership_status__in=CURRENT_MEMBERSHIP
        )
        .order_by("title")
        .only("pk", "title")
    )


@require_POST
def registration_action(request, page_id, pk):
    """Mark paid / not paid, or cancel, one registration."""
    _require(request)
    event = _event(page_id)
    registration = Registration.objects.filter(pk=pk, event=event).first()
    if registration is None:
        raise Http404(_("There is no such registration."))
    action = request.POST.get("action")
    if action == "paid":
        services.mark_paid(registration, True)
        messages.success(request, _("Marked as paid."))
    elif action == "unpaid":
        services.mark_paid(registration, False)
        messages.success(request, _("Marked as not paid."))
    elif action == "cancel":
        services.cancel(registration)
        messages.success(request, _("Registration cancelled."))
    elif action == "link":
        _link(request, registration)
    elif action == "unlink" and registration.remote_actor_id:
        services.unlink_member(registration.remote_actor)
        messages.success(request, _("This fediverse account no longer gets the member price."))
    else:
        messages.error(request, _("Unknown action."))
    return redirect("cms_events_registrations", page_id=event.pk)


def _link(request, registration):
    organisation, chosen = None, parse_id(request.POST.get("organisation", ""))
    if chosen is not None:
        organisation = OrganisationPage.objects.filter(pk=chosen).first()
    if organisation is None:
        messages.error(request, _("Choose the member organisation this account speaks for."))
        return
    try:
        moved = services.link_to_member(registration, organisation, by=request.user)
    except services.RegistrationError as exc:
        if exc.code == "full":
            messages.warning(
                request,
                _(
                    "Linked to %(organisation)s, but the member ticket has no place left: "
                    "this registration keeps its ticket."
                )
                % {"organisation": organisation.title},
            )
        else:
            messages.error(request, exc.message)
        return
    if moved:
        messages.success(
            request,
            _("Linked to %(organisation)s: this registration now has the member ticket.")
            % {"organisation": organisation.title},
        )
    else:
        messages.success(
            request,
            _("Linked to %(organisation)s: its next registrations get the member price.")
            % {"organisation": organisation.title},
        )


def export_csv(request, page_id):
    """Every registration of the event, with the answers, as CSV (opens in a spreadsheet)."""
    _require(request)
    event = _event(page_id)
    questions = _questions(event)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}-registrations.csv"'
    response.write("\ufeff")  # spreadsheets read the file as UTF-8
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Name"),
            _("Organisation"),
            _("E-mail"),
            _("Fediverse account"),
            _("Home server"),
            _("Ticket"),
            _("Price (€)"),
            _("State"),
            _("Paid"),
            _("Reference"),
            _("Language"),
            _("Registered on"),
            *[q.label for q in questions],
        ]
    )
    for row in _with_answers(_filtered(request, event), questions):
        writer.writerow(
            [
                _safe_cell(v)
                for v in (
                    row.name,
                    row.organisation,
                    row.email,
                    row.handle,
                    row.home_server,
                    row.ticket_name,
                    row.price,
                    row.get_state_display(),
                    _("yes") if row.paid else _("no"),
                    row.reference,
                    row.language,
                    row.created_at.isoformat(timespec="minutes"),
                    *row.answer_list,
                )
            ]
        )
    return response


def _safe_cell(value):
    """No formula injection: a cell typed by a registrant never starts as a formula."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def attendance(request, page_id):
    """The printable list of confirmed participants, to sign at the door."""
    _require(request)
    event = _event(page_id)
    rows = (
        Registration.objects.filter(event=event, state=State.CONFIRMED)
        .select_related("remote_actor")
        .order_by("name", "pk")
    )
    return TemplateResponse(
        request, "cms_events/admin/attendance.html", {"event": event, "rows": rows}
    )


def by_hand(request, page_id):
    _require(request)
    event = _event(page_id)
    form = ByHandForm(request.POST or None, event=event)
    if request.method == "POST" and form.is_valid():
        try:
            outcome = services.register_by_hand(
                event,
                name=form.cleaned_data["name"],
                email=form.cleaned_data.get("email", ""),
                organisation=form.cleaned_data.get("organisation", ""),
                ticket=form.ticket(),
                language=form.cleaned_data["language"],
                answers=form.answers(),
            )
        except services.RegistrationError as exc:
            form.add_error(None, exc.message)
        else:
            registration = outcome.registration
            if outcome.created:
                messages.success(
                    request,
                    _("%(name)s is registered (%(state)s).")
                    % {"name": registration.name, "state": registration.get_state_display()},
                )
            else:
                messages.info(request, _("This person was already registered."))
            return redirect("cms_events_registrations", page_id=event.pk)
    return TemplateResponse(
        request, "cms_events/admin/by_hand.html", {"event": event, "form": form}
    )


def message(request, page_id):
    """Write to everyone registered (the worker sends, each in their own inbox)."""
    _require(request)
    event = _event(page_id)
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            sent = RegistrantMessage.objects.create(
                event=event, sent_by=request.user, **form.cleaned_data
            )
            enqueue_durably(lane(tasks.send_registrant_message, DEFAULT), sent.pk)
        messages.success(request, _("The message is being sent."))
        return redirect("cms_events_registrations", page_id=event.pk)
    return TemplateResponse(
        request, "cms_events/admin/message.html", {"event": event, "form": form}
    )
