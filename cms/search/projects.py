"""The project list's facets (status, theme) and its filter by country."""

from django.utils.translation import gettext_lazy as _

from cms.models.choices import ProjectStatus
from cms.search.engine import Facet, Sort, choice_labels, country_labels, facet_labels, faceted
from cms.search.themes import attach_theme_labels, theme_facet

PROJECT_FACETS = [
    Facet("status", _("Status"), "status", choices=choice_labels(ProjectStatus)),
    theme_facet(),
]
PROJECT_SORTS = [
    Sort("newest", _("Most recent"), ("-start_date", "title")),
    Sort("title", _("Title"), ("title",)),
]


def country_options(projects, selected):
    """The countries of every project of the list, with how many projects each has.

    The field holds several countries, so they are counted in Python, over the codes only."""
    counts = {}
    for codes in projects.values_list("countries", flat=True):
        for code in (codes or "").split(","):
            if code:
                counts[code] = counts.get(code, 0) + 1
    labels = country_labels(counts)
    return sorted(
        (
            {"value": c, "label": labels[c], "count": n, "selected": c == selected}
            for c, n in counts.items()
        ),
        key=lambda o: o["label"].casefold(),
    )


def project_search(index_page, request):
    """The project list's context: its projects, filtered from the request."""
    all_projects = index_page.projects()
    country = request.GET.get("country", "").upper()[:2]
    base = all_projects.filter(countries__contains=country) if country else all_projects
    all_count = all_projects.count() if country else None
    context = faceted(
        request,
        base,
        PROJECT_FACETS,
        PROJECT_SORTS,
        per_page=20,
        total_all=all_count,
    )
    page_objects = list(context["results"].object_list.prefetch_related("themes"))
    context["projects"] = attach_theme_labels(page_objects, facet_labels(context, "theme"))
    context["country_options"] = country_options(all_projects, country)
    context["country"] = country
    if country:
        # The country is a filter like the facets: it counts as one and can be cleared.
        context["active"] = True
        context["total_all"] = all_count
        context["selected_count"] += 1
    return context
