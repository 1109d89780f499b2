"""The published aggregates of the yearly data collections: the one place figures leave the
secretariat. Every public route (the figures page, its charts, CSV, JSON) reads them from
`published_aggregates`, which never returns a cell resting on fewer respondents than the
privacy threshold (`cms.figures.conf.min_respondents`)."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Avg, Count, Sum

from cms.figures.conf import min_respondents
from cms.figures.models.collection import Answer, Collection, QuestionKind, Response

#: How aggregates are broken down: the whole network, by country, by kind of organisation.
DIMENSIONS = {
    "all": None,
    "country": "organisation__country",
    "kind": "organisation__kind",
}
#: The figure that counts the cultural centres responses cover (not a question).
CENTRES = "centres"


@dataclass(frozen=True)
class Cell:
    """One published figure: a year, a group (the whole network, a country code, a kind), a
    figure (a question's key, or "centres"), how many responses it rests on, and its value: the
    total and mean of a number, the mean of a percentage, each option's count for a choice."""

    year: int
    dimension: str
    group: str
    figure: str
    kind: str
    respondents: int
    total: Decimal | None = None
    mean: Decimal | None = None
    options: tuple = field(default=())
    measure: str = ""


def _published_responses():
    return Response.objects.filter(
        state=Response.State.SUBMITTED, collection__state=Collection.State.PUBLISHED
    )


def published_aggregates(dimension="all", *, years=None, threshold=None):
    """Every published cell of `dimension` ("all", "country" or "kind"), for `years` (every
    published year by default), ordered by year, group and figure. Three queries whatever the
    number of responses; a cell of fewer than `threshold` respondents (the setting by default)
    is left out here, so that no route can show it."""
    if dimension not in DIMENSIONS:
        raise ValueError(f"unknown dimension {dimension!r}")
    threshold = max(1, threshold or min_respondents())
    group = DIMENSIONS[dimension]
    responses = _published_responses()
    if years is not None:
        responses = responses.filter(collection__year__in=list(years))
    cells = []

    def group_of(row, prefix=""):
        return str(row[prefix + group]) if group else ""

    # Cultural centres covered, from each response.
    keys = ["collection__year"] + ([group] if group else [])
    for row in (
        responses.values(*keys)
        .annotate(respondents=Count("pk"), total=Sum("centres"))
        .filter(respondents__gte=threshold)
        .order_by(*keys)
    ):
        cells.append(
            Cell(
                year=row["collection__year"],
                dimension=dimension,
                group=group_of(row),
                figure=CENTRES,
                kind=QuestionKind.NUMBER,
                respondents=row["respondents"],
                total=Decimal(row["total"]),
                mean=Decimal(row["total"]) / row["respondents"],
            )
        )

    answers = Answer.objects.filter(response__in=responses)
    prefix = "response__"
    keys = ["response__collection__year"] + ([prefix + group] if group else [])
    numbers = (
        answers.filter(
            question__kind__in=[QuestionKind.NUMBER, QuestionKind.PERCENTAGE],
            number__isnull=False,
        )
        .values(*keys, "question__key", "question__kind", "question__measure")
        .annotate(
            respondents=Count("response", distinct=True), total=Sum("number"), mean=Avg("number")
        )
        .filter(respondents__gte=threshold)
        .order_by(*keys, "question__key")
    )
    for row in numbers:
        percentage = row["question__kind"] == QuestionKind.PERCENTAGE
        cells.append(
            Cell(
                year=row["response__collection__year"],
                dimension=dimension,
                group=group_of(row, prefix),
                figure=row["question__key"],
                kind=row["question__kind"],
                respondents=row["respondents"],
                # A sum of percentages means nothing.
                total=None if percentage else Decimal(row["total"]),
                mean=Decimal(row["mean"]),
                measure=row["question__measure"],
            )
        )

    # Choices: the threshold applies to the respondents of the question in the group, who are
    # counted before any option is shown.
    chosen = {}
    for row in (
        answers.filter(question__kind=QuestionKind.CHOICE, choice__isnull=False)
        .values(*keys, "question__key", "choice")
        .annotate(count=Count("response", distinct=True))
        .order_by(*keys, "question__key", "choice")
    ):
        cell_key = (row["response__collection__year"], group_of(row, prefix), row["question__key"])
        chosen.setdefault(cell_key, {})[row["choice"]] = row["count"]
    for (year, group_value, key), counts in chosen.items():
        respondents = sum(counts.values())
        if respondents < threshold:
            continue
        options = tuple(counts.get(i, 0) for i in range(max(counts) + 1))
        cells.append(
            Cell(
                year=year,
                dimension=dimension,
                group=group_value,
                figure=key,
                kind=QuestionKind.CHOICE,
                respondents=respondents,
                options=options,
            )
        )
    cells.sort(key=lambda c: (c.year, c.group, c.figure != CENTRES, c.figure))
    return cells


def published_years():
    """The published collections, newest first."""
    return list(Collection.objects.filter(state=Collection.State.PUBLISHED).order_by("-year"))
