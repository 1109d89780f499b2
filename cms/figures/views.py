"""The members' questionnaire and the open data downloads (thin: the verbs are in services)."""

import csv
from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cms.access import member_organisation
from cms.figures import services
from cms.figures.aggregates import CENTRES, DIMENSIONS, published_aggregates, published_years
from cms.figures.conf import min_respondents
from cms.figures.forms import QuestionnaireForm, initial_values
from cms.figures.models import Licence, Question, Response
from cms.i18n import localized

#: Largest form a member may post (bytes): the questionnaire has a few dozen short fields.
MAX_POST_BYTES = 256 * 1024


def _refuse(request, message, status):
    return TemplateResponse(
        request, "cms_figures/refused.html", {"message": message}, status=status
    )


@require_http_methods(["GET", "POST"])
def questionnaire(request):
    """The signed-in contact of a member organisation answers this year's collection."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    organisation = member_organisation(request.user)
    if organisation is None:
        return _refuse(
            request,
            _("Only the contact of a member organisation can answer the questionnaire."),
            403,
        )
    collection = services.open_collection()
    if collection is None:
        return TemplateResponse(request, "cms_figures/questionnaire.html", {"collection": None})
    if request.method == "POST" and int(request.META.get("CONTENT_LENGTH") or 0) > MAX_POST_BYTES:
        return _refuse(request, _("This form is too large."), 400)
    questions = services.questions_of(collection)
    response = Response.objects.filter(collection=collection, organisation=organisation).first()
    previous = services.previous_answers(collection, organisation)
    locked = response is not None and response.state == Response.State.SUBMITTED
    if request.method == "POST" and not locked:
        form = QuestionnaireForm(questions, request.POST, previous=previous)
        if form.is_valid():
            try:
                services.save_response(
                    collection,
                    organisation,
                    form.answers(),
                    centres=form.cleaned_data["centres"],
                    submit=form.submitting,
                    language=translation.get_language() or settings.LANGUAGE_CODE,
                )
            except services.CollectionClosed:
                return _refuse(request, _("The data collection is closed."), 400)
            except services.ResponseLocked:
                return _refuse(request, _("Your figures were submitted already."), 400)
            if form.submitting:
                messages.success(request, _("Thank you: your figures are submitted."))
            else:
                messages.success(request, _("Your draft is saved. You can come back to it."))
            return redirect(request.path)
        status = 400
    else:
        if request.method == "POST":
            return _refuse(request, _("Your figures were submitted already."), 400)
        initial = initial_values(response, questions) if response else None
        form = QuestionnaireForm(questions, initial=initial, previous=previous)
        status = 200
    return TemplateResponse(
        request,
        "cms_figures/questionnaire.html",
        {
            "collection": collection,
            "organisation": organisation,
            "form": form,
            "response": response,
            "locked": locked,
            "previous_year": collection.year - 1 if previous else None,
        },
        status=status,
    )


# Open data -------------------------------------------------------------------------------------

FIELDS = ["year", "breakdown", "group", "figure", "statistic", "value", "respondents", "licence"]


def open_data_rows():
    """Every published aggregate as flat rows (long format), through `published_aggregates`
    only: what the page hides, the files hide."""
    licences = {c.year: c.licence for c in published_years()}
    rows = []
    for dimension in DIMENSIONS:
        for cell in published_aggregates(dimension):
            base = {
                "year": cell.year,
                "breakdown": dimension,
                "group": cell.group,
                "figure": cell.figure,
                "respondents": cell.respondents,
                "licence": licences.get(cell.year, ""),
            }
            if cell.options:
                for index, count in enumerate(cell.options):
                    rows.append({**base, "statistic": f"option_{index}", "value": str(count)})
                continue
            if cell.total is not None:
                rows.append({**base, "statistic": "total", "value": plain(cell.total)})
            if cell.mean is not None:
                rows.append({**base, "statistic": "mean", "value": plain(cell.mean)})
    return rows


_CENT = Decimal("0.01")


def plain(value):
    """A number as data files write it, the same on every database: "60", "12.35"."""
    if value == value.to_integral_value():
        return str(int(value))
    return str(value.quantize(_CENT))


def _licence_note(collections):
    names = sorted({Licence(c.licence).label for c in collections if c.licence in Licence.values})
    return "; ".join(names)


@require_GET
def open_data_csv(request):
    collections = published_years()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="like-network-figures.csv"'
    response["X-Licence"] = _licence_note(collections)
    for collection in collections:
        if collection.licence_url:
            response["Link"] = f'<{collection.licence_url}>; rel="license"'
            break
    writer = csv.DictWriter(response, fieldnames=FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(open_data_rows())
    return response


@require_GET
def open_data_json(request):
    collections = published_years()
    questions = list(Question.objects.filter(locale__language_code=settings.LANGUAGE_CODE))
    local = localized(questions)
    data = {
        "title": _("The network in figures"),
        "source": _("LIKE yearly data collection, members' answers."),
        "threshold": min_respondents(),
        "note": _("Aggregates of fewer respondents than the threshold are left out."),
        "years": [
            {
                "year": c.year,
                "published": c.published_at.isoformat() if c.published_at else None,
                "licence": {
                    "id": c.licence,
                    "name": Licence(c.licence).label,
                    "url": c.licence_url,
                },
            }
            for c in collections
        ],
        "figures": {
            CENTRES: {"label": _("Cultural centres"), "kind": "number", "unit": ""},
            **{
                q.key: {"label": loc.label, "kind": q.kind, "unit": loc.unit or q.unit}
                for q, loc in zip(questions, local, strict=True)
                if q.kind != "text"
            },
        },
        "data": open_data_rows(),
        "generated": timezone.now().isoformat(timespec="seconds"),
    }
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 1})
