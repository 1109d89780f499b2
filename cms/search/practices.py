"""The best-practice database's facets (theme, country, level, budget), sorts, and its current
selection as a CSV file."""

import csv

from django.http import StreamingHttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.access import is_network_member
from cms.i18n import localized_names
from cms.models.choices import BudgetBand, GovernmentLevel
from cms.search.engine import Facet, Sort, choice_labels, country_labels, facet_labels, faceted
from cms.search.themes import attach_theme_labels, theme_facet

PRACTICE_FACETS = [
    theme_facet(),
    Facet("country", gettext_lazy("Country"), "country", labels=country_labels),
    Facet(
        "level",
        gettext_lazy("Level of government"),
        "level",
        choices=choice_labels(GovernmentLevel),
    ),
    Facet("budget", gettext_lazy("Budget"), "budget_band", choices=choice_labels(BudgetBand)),
]
PRACTICE_SORTS = [
    Sort("title", gettext_lazy("Title"), ("title",)),
    Sort("newest", gettext_lazy("Most recent"), ("-start_year", "title")),
    Sort("country", gettext_lazy("Country"), ("country", "title")),
]


def practice_search(index_page, request, per_page=None):
    """The database page's context: its practices, filtered from the request."""
    context = faceted(
        request,
        index_page.practices(),
        PRACTICE_FACETS,
        PRACTICE_SORTS,
        per_page=per_page or index_page.per_page or 20,
    )
    page_objects = list(context["results"].object_list.prefetch_related("themes"))
    context["practices"] = attach_theme_labels(page_objects, facet_labels(context, "theme"))
    context["export_query"] = request.GET.urlencode()
    return context


def practice_csv_rows(index_page, request):
    """The header, then one row per practice of the request's selection; the contact columns
    only for members of the network."""
    context = practice_search(index_page, request, per_page=1)
    show_contact = is_network_member(request.user)
    header = [
        _("Title"),
        _("URL"),
        _("Country"),
        _("City or region"),
        _("Level of government"),
        _("Themes"),
        _("Period"),
        _("Budget"),
        _("Organisations"),
        _("Summary"),
    ]
    if show_contact:
        header += [_("Contact person"), _("Contact e-mail")]
    yield header
    names = dict(facet_labels(context, "theme"))
    qs = context["filtered_qs"].prefetch_related("themes", "organisations__organisation")
    for practice in qs.iterator(chunk_size=500):
        themes = list(practice.themes.all())
        missing = [t for t in themes if t.pk not in names]
        if missing:
            names.update(localized_names(missing))
        row = [
            practice.title,
            practice.get_full_url(request=request) or "",
            practice.country.name,
            practice.city_region,
            practice.get_level_display(),
            "; ".join(names.get(t.pk, t.name) for t in themes),
            practice.period_display(),
            practice.get_budget_band_display() if practice.budget_band else "",
            "; ".join(o.organisation.title for o in practice.organisations.all()),
            practice.summary,
        ]
        if show_contact:
            row += [practice.contact_name, practice.contact_email]
        yield row


def _csv_safe(value):
    """Neutralise spreadsheet formulas in cells that come from submitted content."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


class _Echo:
    def write(self, value):
        return value


def practice_csv_response(index_page, request):
    """The current selection of the database as CSV (UTF-8 with BOM for spreadsheets), streamed."""
    writer = csv.writer(_Echo())

    def stream():
        yield "\ufeff"
        for row in practice_csv_rows(index_page, request):
            yield writer.writerow([_csv_safe(v) for v in row])

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="practices.csv"'
    response["Cache-Control"] = "private, no-store"
    response["Vary"] = "Cookie"
    return response
