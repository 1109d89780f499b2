"""A generic faceted search over a queryset: filters from the URL, live counts, sorting, pages.

A facet's counts are computed, as usual for faceted search, over the records that match the search
and every *other* facet's selection, so that choosing a value shows how many records each other
value of the same facet would add. Each facet costs one aggregate query, whatever the number of
records, plus what its labels cost; the page of results one more.

The engine knows no page type: each `Facet` says which field it filters, whether the field holds
one value or many, and how its values are labelled.
"""

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Case, Count, IntegerField, When
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from cms.search.pagination import paginate

MAX_QUERY_LENGTH = 200


@dataclass
class Facet:
    """A filter on one field: `param` in the URL, `path` in the ORM.

    Its values are labelled either by `choices` (value -> label: only these values are offered,
    in this order) or by `labels` (a function from the values found to {value: label}: they are
    offered in the order of their labels; without either, a value is its own label). `multi` marks a many-to-many field, whose values are
    the related rows' ids; it is filtered through a subquery so that records are never duplicated.
    """

    param: str
    label: str
    path: str
    choices: dict | None = None
    labels: Callable[[list], dict] | None = None
    multi: bool = False
    show_empty: bool = False

    def selected(self, request):
        """The values of this facet chosen in the request, those that can be values at all."""
        values = [v for v in request.GET.getlist(self.param) if v]
        if self.multi:
            return [int(v) for v in values if v.isdigit()]
        if self.choices is not None:
            return [v for v in values if v in self.choices]
        return [v[:16] for v in values]

    def apply(self, qs, values):
        if not values:
            return qs
        if self.multi:
            return qs.filter(
                pk__in=qs.model.objects.filter(**{f"{self.path}__in": values}).values("pk")
            )
        return qs.filter(**{f"{self.path}__in": values})

    def offered(self, counts, selected):
        """The values to show, in order: those with records, and those chosen."""
        if self.choices is not None:
            return [v for v in self.choices if counts.get(v) or v in selected or self.show_empty]
        return sorted(set(counts) | set(selected), key=str)

    def label_values(self, values):
        if self.choices is not None:
            return {k: str(v) for k, v in self.choices.items()}
        if self.labels is not None and values:
            return self.labels(values)
        return {}


@dataclass
class Sort:
    key: str
    label: str
    order: tuple


@dataclass
class FacetResult:
    """One facet as the template shows it: `options` are {value, label, count, selected};
    `labels` maps each offered value (as stored, before it became a string) to its label."""

    facet: Facet
    options: list = field(default_factory=list)
    labels: dict = field(default_factory=dict)

    @property
    def selected(self):
        return [o for o in self.options if o["selected"]]


def country_labels(codes):
    """Country codes mapped to their names in the active language."""
    names = dict(countries)
    return {code: str(names.get(code, code)) for code in codes}


def choice_labels(choices):
    """A TextChoices class (or its .choices) as the `choices` of a Facet."""
    return dict(getattr(choices, "choices", choices))


def clean_query(raw):
    """The words of ?q=, without control characters (PostgreSQL refuses NUL), cut to length."""
    text = "".join(" " if unicodedata.category(c) in ("Cc", "Cs") else c for c in raw or "")
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


#: FTS5's operators: words SQLite would read as syntax, that PostgreSQL drops as stop words.
_OPERATORS = {"and", "or", "not", "near"}


def search_words(query):
    """The query as words only: the SQLite backend passes punctuation and AND, OR, NOT, NEAR
    through to FTS5 as its own syntax, which then fails on `">` or `OR (`. Those four words are
    left out, as PostgreSQL leaves them out, so both backends find the same."""
    words = re.findall(r"\w+", query.lower())
    return " ".join(w for w in words if w not in _OPERATORS)


def search_ids(qs, query, operator="and"):
    """Primary keys of the records of `qs` matching every word of `query` (or any, with
    operator="or"), best first (Wagtail search); none when the query holds no word."""
    words = search_words(query)
    if not words:
        return []
    return [obj.pk for obj in qs.search(words, operator=operator)]


def _options(facet, filtered_qs, selected):
    rows = (
        filtered_qs.order_by()
        .values(facet.path)
        .annotate(n=Count("pk", distinct=True))
        .values_list(facet.path, "n")
    )
    counts = {value: n for value, n in rows if value not in (None, "")}
    values = facet.offered(counts, selected)
    labels = facet.label_values(values)
    options = [
        {
            "value": str(v),
            "label": labels.get(v, str(v)),
            "count": counts.get(v, 0),
            "selected": v in selected,
        }
        for v in values
    ]
    if facet.labels is not None:
        options.sort(key=lambda o: o["label"].casefold())
    return FacetResult(facet, options, labels)


def faceted(
    request,
    base_qs,
    facets,
    sorts,
    *,
    per_page=20,
    default_sort=None,
    total_all=None,
    operator="and",
):
    """Filter, count, sort and paginate `base_qs` from the request's GET parameters.

    Returns a dict for the template: `results` (a Paginator page), `facets` (FacetResult list),
    `query`, `sorts`, `sort`, `total`, `total_all` (the records before any filter: the caller's
    count when it has one, else one more query, only when something is selected),
    `filtered_qs` (the unpaginated selection, in order, for exports), `active` (whether anything
    is selected) and `selected_count` (how many values are chosen, the words counting as one).

    The words are searched all together (`operator="and"`), or any of them with "or"."""
    query = clean_query(request.GET.get("q", ""))
    selection = {f.param: f.selected(request) for f in facets}

    qs = base_qs
    ids = None
    if query:
        ids = search_ids(base_qs, query, operator)
        qs = qs.filter(pk__in=ids)

    def filtered(exclude=None):
        result = qs
        for f in facets:
            if f is not exclude:
                result = f.apply(result, selection[f.param])
        return result

    results = [_options(f, filtered(exclude=f), selection[f.param]) for f in facets]

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
    page = paginate(request, selection_qs, per_page, count=total)

    active = bool(query) or any(selection.values())
    if not active:
        total_all = total
    elif total_all is None:
        total_all = base_qs.count()
    sort_options = list(sorts)
    if query:
        sort_options = [Sort("relevance", _("Relevance"), ())] + sort_options
    return {
        "query": query,
        "facets": results,
        "sorts": sort_options,
        "sort": sort_key,
        "results": page,
        "paginator": page.paginator,
        "total": total,
        "total_all": total_all,
        "filtered_qs": selection_qs,
        "active": active,
        "selected_count": int(bool(query)) + sum(len(v) for v in selection.values()),
    }


def facet_labels(context, param):
    """The labels of the values offered by the facet `param` of a `faceted` result."""
    for result in context["facets"]:
        if result.facet.param == param:
            return result.labels
    return {}
