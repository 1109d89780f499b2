"""Models of the network in figures (re-exported: `from cms.figures.models import Response`)."""

from cms.figures.models.collection import (
    LICENCE_URLS,
    Answer,
    Collection,
    Licence,
    Measure,
    Notice,
    OrganisationLocation,
    Question,
    QuestionKind,
    Response,
)
from cms.figures.models.page import FiguresPage

__all__ = [
    "LICENCE_URLS",
    "Answer",
    "Collection",
    "FiguresPage",
    "Licence",
    "Measure",
    "Notice",
    "OrganisationLocation",
    "Question",
    "QuestionKind",
    "Response",
]
