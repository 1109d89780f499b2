"""Fixtures of the network in figures: a directory of members, the questionnaire's questions,
collections and responses made through the app's own verbs."""

import datetime
import itertools
from decimal import Decimal

import pytest
from django.utils import timezone

from cms.figures import services
from cms.figures.models import Collection, FiguresPage, Question
from tests.cms.members_helpers import directory, make_org, make_user  # noqa: F401

_years = itertools.count(2001)

QUESTIONS = [
    # key, label, kind, measure, extra
    (
        "staff",
        "How many people work for you (full-time equivalents)?",
        "number",
        "staff",
        {"required": True, "maximum": Decimal(100_000)},
    ),
    ("volunteers", "How many volunteers helped you?", "number", "volunteers", {}),
    ("visitors", "How many visits did you count?", "number", "visitors", {}),
    ("young-share", "Share of visitors under 25", "percentage", "", {}),
    (
        "programme",
        "What does your programme mostly offer?",
        "choice",
        "",
        {"options": "Music\nTheatre\nA mix of everything"},
    ),
    ("remarks", "Anything to add?", "text", "", {}),
]


@pytest.fixture
def questions(home):
    made = {}
    for order, (key, label, kind, measure, extra) in enumerate(QUESTIONS):
        made[key] = Question.objects.create(
            key=key,
            label=label,
            kind=kind,
            measure=measure,
            sort_order=order,
            locale=home.locale,
            **extra,
        )
    return made


@pytest.fixture
def make_collection(questions):
    """make_collection(year, state="open") -> a collection asking every question, open today."""

    def _make(year=None, state=Collection.State.OPEN):
        today = timezone.localdate()
        collection = Collection.objects.create(
            year=year or next(_years),
            opens_on=today - datetime.timedelta(days=10),
            closes_on=today + datetime.timedelta(days=10),
            state=state,
        )
        collection.questions.set(questions.values())
        return collection

    return _make


@pytest.fixture
def respond(questions):
    """respond(collection, organisation, staff=12, ...) stores and submits a response through the
    verb (reopening the collection for the time of it), keyword names being question keys."""

    def _respond(collection, organisation, *, submit=True, centres=1, **values):
        state = collection.state
        if state != Collection.State.OPEN:
            Collection.objects.filter(pk=collection.pk).update(state=Collection.State.OPEN)
            collection.refresh_from_db()
        answers = {questions[key.replace("_", "-")]: value for key, value in values.items()}
        response = services.save_response(
            collection, organisation, answers, centres=centres, submit=submit
        )
        if state != Collection.State.OPEN:
            Collection.objects.filter(pk=collection.pk).update(state=state)
            collection.refresh_from_db()
        return response

    return _respond


@pytest.fixture
def orgs(directory):  # noqa: F811
    """make(n, country=..., kind=...) -> n member organisations."""
    counter = itertools.count(1)

    def _make(n, *, country="FR", kind="city", membership="member"):
        return [
            make_org(
                directory,
                f"Town {country} {kind} {next(counter)}",
                country=country,
                kind=kind,
                membership=membership,
            )
            for _ in range(n)
        ]

    return _make


@pytest.fixture
def figures_page(home):
    page = FiguresPage(title="The network in figures", slug="figures")
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def member(orgs):
    """A member organisation's signed-in contact (not yet signed in)."""
    organisation = orgs(1, country="FR")[0]
    user = make_user("contact", organisation=organisation)
    return user, organisation
