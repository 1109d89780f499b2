"""Faceted search shared by the member directory, the best-practice database and the project list.

A facet's counts are computed, as usual for faceted search, over the records that match the search
and every *other* facet's selection, so that choosing a value shows how many records each other
value of the same facet would add. Each facet costs one aggregate query, whatever the number of
records; the page of results one more (plus one for its themes).
"""

from dataclasses import dataclass, field

from django.core.paginator import EmptyPage, Paginator
from django.db.models import Case, Count, IntegerField, Q, When
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_countries import countries

from cms.models.directory import (
    CURRENT_MEMBERSHIP,
    MembershipStatus,
    OrganisationKind,
    OrganisationPage,
)
from cms.models.practices import BudgetBand, GovernmentLevel, PracticePage
from cms.models.projects import ProjectPage, ProjectStatus
from cms.models.themes import Theme, localized_names


@dataclass
class Facet:
    """A filter on one field: `param` in the URL, `path` in the ORM.

    `choices` gives the label of each value (for fields with choices); `multi` marks a many-to-many
    field (filtered through a subquery so that rows are never duplicated)."""

    param: str
    label: str
    path: str
    choices: dict | None = None
    multi: bool = False
    show_empty: bool = False


@dataclass
class Sort:
    key: str
    label: str
    order: tuple


@dataclass
class FacetResult:
    facet: Facet
    options: list = field(default_factory=list)

    @property
    def selected(self):
        return [o for o in self.options if o["selected"]]


def country_labels(codes):
    names = dict(countries)
    return {code: str(names.get(code, code)) for code in codes}


def _selected(request, facet):
    values = [v for v in request.GET.getlist(facet.param) if v]
    if facet.multi:
        return [int(v) for v in values if v.isdigit()]
    if facet.choices is not None:
        return [v for v in values if v in facet.choices]
    return [v[:16] for v in values]


def _apply(qs, facet, values):
    if not values:
        return qs
    if facet.multi:
        return qs.filter(
            pk__in=qs.model.objects.filter(**{f"{facet.path}__in": values}).values("pk")
        )
    return qs.filter(**{f"{facet.path}__in": values})


def search_ids(qs, query):
    """Primary keys of the records of `qs` matching `query`, best first (Wagtail search)."""
    return [obj.pk for obj in qs.search(query, operator="and")]


def faceted(request, base_qs, facets, sorts, *, per_page=20, default_sort=None):
    """Filter, count, sort and paginate `base_qs` from the request's GET parameters.

    Returns a dict for the template: `results` (a Paginator page), `facets` (FacetResult list with
    options {value, label, count, selected}), `query`, `sorts`, `sort`, `total`, `filtered_qs` (the
    unpaginated selection, in order, for exports) and `active` (whether anything is selected)."""
    query = request.GET.get("q", "").strip()[:200]
    selection = {f.param: _selected(request, f) for f in facets}

    qs = base_qs
    ids = None
    if query:
        ids = search_ids(base_qs, query)
        qs = qs.filter(pk__in=ids)

    def filtered(exclude=None):
        result = qs
        for f in facets:
            if f is not exclude:
                result = _apply(result, f, selection[f.param])
        return result

    results = []
    theme_ids = set()
    for f in facets:
        rows = (
            filtered(exclude=f)
            .order_by()
            .values(f.path)
            .annotate(n=Count("pk", distinct=True))
            .values_list(f.path, "n")
        )
        counts = {value: n for value, n in rows if value not in (None, "")}
        selected = selection[f.param]
        if f.choices is not None:
            values = [v for v in f.choices if counts.get(v) or v in selected or f.show_empty]
        else:
            values = sorted(set(counts) | set(selected), key=str)
        if f.multi:
            theme_ids.update(values)
        results.append(
            FacetResult(
                f,
                [
                    {"value": v, "count": counts.get(v, 0), "selected": v in selected}
                    for v in values
                ],
            )
        )

    # Labels: choices, translated country names, theme names in the visitor's language.
    theme_names = localized_names(Theme.objects.filter(pk__in=theme_ids)) if theme_ids else {}
    for r in results:
        if r.facet.multi:
            labels = theme_names
        elif r.facet.param == "country":
            labels = country_labels([o["value"] for o in r.options])
        else:
            labels = {k: str(v) for k, v in (r.facet.choices or {}).items()}
        for o in r.options:
            o["label"] = labels.get(o["value"], str(o["value"]))
            o["value"] = str(o["value"])
        if r.facet.multi or r.facet.param == "country":
            r.options.sort(key=lambda o: o["label"].casefold())

    sort_by_key = {s.key: s for s in sorts}
    sort_key = request.GET.get("sort", "")
    if sort_key not in sort_by_key and not (sort_key == "relevance" and ids):
        sort_key = "relevance" if ids else (default_sort or sorts[0].key)
    if sort_key == "relevance":
        ordering = [
            Case(*[When(pk=pk, then=i) for i, pk in enumerate(ids)], output_field=IntegerField())
        ]
    else:
        ordering = list(sort_by_key[sort_key].order)

    selection_qs = filtered().order_by(*ordering, "pk")
    total = selection_qs.count()
    paginator = Paginator(selection_qs, per_page)
    paginator.count = total  # already counted: no second COUNT query
    try:
        page_number = int(request.GET.get("page", "1"))
    except ValueError:
        page_number = 1
    try:
        page = paginator.page(page_number)
    except EmptyPage:
        page = paginator.page(paginator.num_pages)

    sort_options = list(sorts)
    if query:
        sort_options = [Sort("relevance", _("Relevance"), ())] + sort_options
    return {
        "query": query,
        "facets": results,
        "sorts": sort_options,
        "sort": sort_key,
        "results": page,
        "paginator": paginator,
        "total": total,
        "filtered_qs": selection_qs,
        "active": bool(query) or any(selection.values()),
        "theme_names": theme_names,
    }


def _attach_theme_names(objects, names):
    """Set `.theme_labels` on each object from its prefetched themes, in the visitor's language."""
    missing = {t.pk: t for o in objects for t in o.themes.all() if t.pk not in names}
    if missing:
        names = {**names, **localized_names(missing.values())}
    for o in objects:
        o.theme_labels = [names.get(t.pk, t.name) for t in o.themes.all()]


# --- the member directory ---------------------------------------------------------------------

DIRECTORY_FACETS = [
    Facet("country", _("Country"), "country"),
    Facet("kind", _("Kind"), "kind", choices=dict(OrganisationKind.choices)),
    Facet(
        "membership", _("Membership"), "membership_status", choices=dict(MembershipStatus.choices)
    ),
    Facet("theme", _("Theme"), "themes", multi=True),
]
DIRECTORY_SORTS = [
    Sort("name", _("Name"), ("title",)),
    Sort("country", _("Country"), ("country", "title")),
    Sort("size", _("Size"), ("-size_figure", "title")),
    Sort("newest", _("Newest members"), ("-member_since", "-first_published_at")),
]


def directory_summary(base_qs):
    """'112 members from 25 countries', from the data (one aggregate query)."""
    stats = base_qs.filter(membership_status__in=CURRENT_MEMBERSHIP).aggregate(
        members=Count("pk"), countries=Count("country", distinct=True)
    )
    members = ngettext("%(count)d member", "%(count)d members", stats["members"]) % {
        "count": stats["members"]
    }
    country_text = ngettext(
        "from %(count)d country", "from %(count)d countries", stats["countries"]
    ) % {"count": stats["countries"]}
    return f"{members} {country_text}", stats


def directory_search(directory, request):
    base = OrganisationPage.objects.live().public().child_of(directory)
    context = faceted(
        request, base, DIRECTORY_FACETS, DIRECTORY_SORTS, per_page=directory.per_page or 24
    )
    page_objects = list(context["results"].object_list.prefetch_related("themes"))
    _attach_theme_names(page_objects, context["theme_names"])
    context["organisations"] = page_objects
    context["summary"], context["summary_stats"] = directory_summary(base)
    return context


# --- the best-practice database ---------------------------------------------------------------

PRACTICE_FACETS = [
    Facet("theme", _("Theme"), "themes", multi=True),
    Facet("country", _("Country"), "country"),
    Facet("level", _("Level of government"), "level", choices=dict(GovernmentLevel.choices)),
    Facet("budget", _("Budget"), "budget_band", choices=dict(BudgetBand.choices)),
]
PRACTICE_SORTS = [
    Sort("title", _("Title"), ("title",)),
    Sort("newest", _("Most recent"), ("-start_year", "title")),
    Sort("country", _("Country"), ("country", "title")),
]


def practice_queryset(index_page):
    return PracticePage.objects.live().public().child_of(index_page)


def practice_search(index_page, request, per_page=None):
    context = faceted(
        request,
        practice_queryset(index_page),
        PRACTICE_FACETS,
        PRACTICE_SORTS,
        per_page=per_page or index_page.per_page or 20,
    )
    page_objects = list(context["results"].object_list.prefetch_related("themes"))
    _attach_theme_names(page_objects, context["theme_names"])
    context["practices"] = page_objects
    context["export_query"] = request.GET.urlencode()
    return context


# --- projects ---------------------------------------------------------------------------------

PROJECT_FACETS = [
    Facet("status", _("Status"), "status", choices=dict(ProjectStatus.choices)),
    Facet("theme", _("Theme"), "themes", multi=True),
]
PROJECT_SORTS = [
    Sort("newest", _("Most recent"), ("-start_date", "title")),
    Sort("title", _("Title"), ("title",)),
]


def project_search(index_page, request):
    base = ProjectPage.objects.live().public().child_of(index_page)
    country = request.GET.get("country", "").upper()[:2]
    if country:
        base = base.filter(countries__contains=country)
    context = faceted(request, base, PROJECT_FACETS, PROJECT_SORTS, per_page=20)
    page_objects = list(context["results"].object_list.prefetch_related("themes"))
    _attach_theme_names(page_objects, context["theme_names"])
    context["projects"] = page_objects
    # Countries of every project of the list (a multiple-country field: counted in Python, over
    # the codes only).
    counts = {}
    all_projects = ProjectPage.objects.live().public().child_of(index_page)
    for codes in all_projects.values_list("countries", flat=True):
        for code in (codes or "").split(","):
            if code:
                counts[code] = counts.get(code, 0) + 1
    labels = country_labels(counts)
    context["country_options"] = sorted(
        (
            {"value": c, "label": labels[c], "count": n, "selected": c == country}
            for c, n in counts.items()
        ),
        key=lambda o: o["label"].casefold(),
    )
    context["country"] = country
    return context


__all__ = ["Facet", "Sort", "faceted", "directory_search", "practice_search", "project_search", "Q"]
