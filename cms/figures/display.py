"""What the figures page, the map and the open data show, prepared in a fixed number of queries:
members by country and kind (from the directory), the published aggregates (only through
`cms.figures.aggregates`), charts as geometry for server-rendered SVG, and each chart's table.
Numbers are formatted in the active language."""

import functools
import json
import math
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db.models import Count
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django_countries import countries

from cms.figures.aggregates import CENTRES, published_aggregates, published_years
from cms.figures.conf import min_respondents
from cms.figures.models.collection import Measure, OrganisationLocation, Question, QuestionKind
from cms.figures.projection import to_frame
from cms.i18n import localized
from cms.models.choices import CURRENT_MEMBERSHIP, OrganisationKind
from cms.models.directory import OrganisationPage

MAP_FILE = Path(__file__).resolve().parent / "data" / "europe.json"
#: The headline totals, in the order of the table.
MEASURES = [CENTRES, Measure.STAFF, Measure.VOLUNTEERS, Measure.VISITORS]


@functools.cache
def europe():
    """The map's frame and each country's centre (written by build_map.py), read once."""
    return json.loads(MAP_FILE.read_text(encoding="utf-8"))


def fmt(value, places=0):
    """A number in the active language's format, grouped ("12 345" in French)."""
    if value is None:
        return ""
    value = Decimal(value)
    if places == 0:
        value = value.quantize(Decimal(1))
    return number_format(value, places, force_grouping=True)


def measure_label(measure):
    return {
        CENTRES: _("Cultural centres"),
        Measure.STAFF: _("Staff"),
        Measure.VOLUNTEERS: _("Volunteers"),
        Measure.VISITORS: _("Visitors"),
    }[measure]


# Members, from the directory ------------------------------------------------------------------


def current_members():
    return OrganisationPage.objects.filter(
        locale__language_code=settings.LANGUAGE_CODE,
        live=True,
        membership_status__in=CURRENT_MEMBERSHIP,
    )


def member_counts():
    """({country code: members}, {kind: members}) of today's members, in one query."""
    by_country, by_kind = {}, {}
    for row in current_members().values("country", "kind").annotate(n=Count("pk")).order_by():
        by_country[row["country"]] = by_country.get(row["country"], 0) + row["n"]
        by_kind[row["kind"]] = by_kind.get(row["kind"], 0) + row["n"]
    return by_country, by_kind


def members_map(by_country=None, *, small=False):
    """The map of members: a circle per country sized by its members (area proportional), a dot
    per organisation with coordinates, and the same as a table."""
    if by_country is None:
        by_country, _kinds = member_counts()
    data = europe()
    biggest = max(by_country.values(), default=1)
    circles, rows = [], []
    for code, count in sorted(by_country.items(), key=lambda item: (-item[1], item[0])):
        name = str(countries.name(code)) or code
        rows.append({"code": code, "name": name, "count": count, "count_label": fmt(count)})
        centre = data["centres"].get(code)
        if centre is None:
            continue  # a member outside the map's frame is still in the table
        radius = 9 + 26 * math.sqrt(count / biggest)
        circles.append(
            {
                "x": centre[0],
                "y": centre[1],
                "r": round(radius, 1),
                "count": fmt(count),
                "title": _("%(country)s: %(count)s members")
                % {"country": name, "count": fmt(count)},
            }
        )
    points = []
    locations = (
        OrganisationLocation.objects.filter(organisation__in=current_members())
        .values_list("organisation__title", "latitude", "longitude")
        .order_by("organisation__title")
    )
    for title, latitude, longitude in locations:
        x, y = to_frame(float(longitude), float(latitude), data["frame"])
        if 0 <= x <= data["width"] and 0 <= y <= data["height"]:
            points.append({"x": round(x, 1), "y": round(y, 1), "title": title})
    total = sum(by_country.values())
    return {
        "width": data["width"],
        "height": data["height"],
        "circles": circles,
        "points": points,
        "rows": rows,
        "small": small,
        "total": total,
        "summary": _("%(members)s members in %(countries)s countries")
        % {"members": fmt(total), "countries": fmt(len(by_country))},
    }


# Charts ----------------------------------------------------------------------------------------

CHART_WIDTH = 640
LABEL_WIDTH = 230
ROW_HEIGHT = 30
VALUE_ROOM = 90


def bar_chart(slug, title, rows, *, source="", caption_note="", unit=""):
    """A horizontal bar chart as geometry for includes/bar_chart.html: rows are (label, value,
    shown value); the same rows make the chart's table."""
    rows = [(label, value, shown) for label, value, shown in rows if value is not None]
    largest = max((float(value) for _label, value, _shown in rows), default=0) or 1
    room = CHART_WIDTH - LABEL_WIDTH - VALUE_ROOM
    bars = []
    for index, (label, value, shown) in enumerate(rows):
        width = max(1.0, room * float(value) / largest) if value else 0
        y = 10 + index * ROW_HEIGHT
        bars.append(
            {
                "label": label,
                "shown": shown,
                "y": y,
                "text_y": y + 15,
                "width": round(width, 1),
                "value_x": round(LABEL_WIDTH + width + 6, 1),
            }
        )
    return {
        "slug": slug,
        "title": title,
        "bars": bars,
        "width": CHART_WIDTH,
        "height": 20 + len(rows) * ROW_HEIGHT,
        "label_width": LABEL_WIDTH,
        "bar_x": LABEL_WIDTH,
        "source": source,
        "note": caption_note,
        "unit": unit,
    }


def kind_label(kind):
    return str(OrganisationKind(kind).label) if kind in OrganisationKind.values else kind


def group_label(dimension, group):
    if dimension == "country":
        return str(countries.name(group)) or group
    if dimension == "kind":
        return kind_label(group)
    return _("The network")


def source_line(year):
    return _("Source: LIKE yearly data collection %(year)s, members' answers.") % {"year": year}


# The page -------------------------------------------------------------------------------------


def figures_context(locale_id=None):
    """Everything the figures page shows, in a fixed number of queries."""
    by_country, by_kind = member_counts()
    threshold = min_respondents()
    context = {
        "members_map": members_map(by_country),
        "threshold": threshold,
        "members_by_kind": bar_chart(
            "members-kind",
            _("Members by kind of organisation"),
            [
                (kind_label(kind), n, fmt(n))
                for kind, n in sorted(by_kind.items(), key=lambda item: (-item[1], item[0]))
            ],
            source=_("Source: the member directory, today."),
        ),
        "members_by_country": bar_chart(
            "members-country",
            _("Members by country"),
            [
                (row["name"], row["count"], row["count_label"])
                for row in members_map_rows(by_country)
            ],
            source=_("Source: the member directory, today."),
        ),
    }
    collections = published_years()
    context["collections"] = collections
    if not collections:
        return context
    overall = published_aggregates("all")
    latest = collections[0]
    by_group = {
        dimension: published_aggregates(dimension, years=[latest.year])
        for dimension in ("country", "kind")
    }
    keys = {cell.figure for cell in overall} | {
        c.figure for cells in by_group.values() for c in cells
    }
    questions = list(
        Question.objects.filter(key__in=keys, locale__language_code=settings.LANGUAGE_CODE)
    )
    local = {q.key: loc for q, loc in zip(questions, localized(questions, locale_id), strict=True)}
    context.update(
        totals_table(collections, overall),
        latest=latest,
        threshold_note=_(
            "Only figures given by at least %(n)s members are shown; a dash marks a figure "
            "given by fewer."
        )
        % {"n": threshold},
    )
    context["total_charts"] = total_charts(collections, overall)
    context["question_charts"] = question_charts(latest, by_group, local)
    context["choice_tables"] = choice_tables(latest, overall, local)
    return context


def members_map_rows(by_country):
    rows = [
        {"name": str(countries.name(code)) or code, "count": n, "count_label": fmt(n)}
        for code, n in by_country.items()
    ]
    return sorted(rows, key=lambda row: (-row["count"], row["name"]))


def _measure_cells(cells):
    """{(year, measure): cell} of the network-wide totals."""
    found = {}
    for cell in cells:
        measure = CENTRES if cell.figure == CENTRES else cell.measure
        if measure and cell.total is not None and (cell.year, measure) not in found:
            found[cell.year, measure] = cell
    return found


def totals_table(collections, overall):
    found = _measure_cells(overall)
    rows = []
    for collection in sorted(collections, key=lambda c: c.year):
        respondents = found.get((collection.year, CENTRES))
        rows.append(
            {
                "year": collection.year,
                "respondents": fmt(respondents.respondents) if respondents else "",
                "values": [
                    fmt(found[collection.year, m].total) if (collection.year, m) in found else ""
                    for m in MEASURES
                ],
            }
        )
    return {"totals_headers": [measure_label(m) for m in MEASURES], "totals_rows": rows}


def total_charts(collections, overall):
    found = _measure_cells(overall)
    years = sorted(c.year for c in collections)
    charts = []
    for measure in MEASURES:
        rows = [
            (str(year), found[year, measure].total, fmt(found[year, measure].total))
            for year in years
            if (year, measure) in found
        ]
        if rows:
            charts.append(
                bar_chart(
                    f"total-{measure}",
                    _("%(figure)s, by year") % {"figure": measure_label(measure)},
                    rows,
                    source=source_line(", ".join(str(y) for y in years)),
                )
            )
    return charts


def question_charts(latest, by_group, local):
    """For the latest published year, each number and percentage question by country and by kind
    (a total for numbers, the mean for percentages)."""
    charts = []
    for dimension, cells in by_group.items():
        by_figure = {}
        for cell in cells:
            if cell.figure == CENTRES or cell.kind == QuestionKind.CHOICE:
                continue
            by_figure.setdefault(cell.figure, []).append(cell)
        for key, figure_cells in sorted(by_figure.items()):
            question = local.get(key)
            if question is None:
                continue
            percentage = question.kind == QuestionKind.PERCENTAGE
            rows = [
                (
                    group_label(dimension, cell.group),
                    cell.mean if percentage else cell.total,
                    fmt(cell.mean, 1) + " %" if percentage else fmt(cell.total),
                )
                for cell in sorted(figure_cells, key=lambda c: -(c.mean if percentage else c.total))
            ]
            title = (
                _("%(question)s, by country")
                if dimension == "country"
                else _("%(question)s, by kind")
            ) % {"question": question.label}
            charts.append(
                bar_chart(
                    f"{key}-{dimension}",
                    title,
                    rows,
                    source=source_line(latest.year),
                    caption_note=_("Average of the answers.") if percentage else "",
                    unit=question.unit,
                )
            )
    return charts


def choice_tables(latest, overall, local):
    tables = []
    for cell in overall:
        if cell.year != latest.year or cell.kind != QuestionKind.CHOICE:
            continue
        question = local.get(cell.figure)
        if question is None:
            continue
        labels = question.option_list()
        rows = []
        for index, count in enumerate(cell.options):
            label = labels[index] if index < len(labels) else str(index + 1)
            share = Decimal(100 * count) / cell.respondents
            rows.append((label, share, fmt(share, 0) + " %"))
        tables.append(
            bar_chart(
                f"{cell.figure}-choice",
                question.label,
                rows,
                source=source_line(latest.year),
                caption_note=_("Share of the %(n)s members who answered.")
                % {"n": fmt(cell.respondents)},
            )
        )
    return tables
