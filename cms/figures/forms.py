"""The questionnaire a member organisation fills in: one typed field per question, in the
visitor's language, checked field by field (a draft may leave questions empty, a submission
may not leave out a required one)."""

import re
from decimal import Decimal

from django import forms
from django.utils.formats import get_format, number_format
from django.utils.translation import gettext_lazy as _

from cms.figures.models import QuestionKind

SUBMIT = "submit"
DRAFT = "draft"
TEXT_MAX_LENGTH = 2000


def field_name(question):
    return f"q{question.pk}"


def format_answer(answer, question):
    """An answer as the visitor reads it (numbers in their language's format)."""
    if answer is None:
        return ""
    if question.kind == QuestionKind.CHOICE:
        options = question.option_list()
        return (
            options[answer.choice]
            if answer.choice is not None and answer.choice < len(options)
            else ""
        )
    if question.kind in (QuestionKind.NUMBER, QuestionKind.PERCENTAGE):
        if answer.number is None:
            return ""
        places = 0 if answer.number == answer.number.to_integral_value() else 2
        text = number_format(answer.number, places, force_grouping=True)
        return f"{text} %" if question.kind == QuestionKind.PERCENTAGE else text
    return answer.text


def _bound(value):
    return None if value is None else Decimal(value)


class FigureField(forms.DecimalField):
    """A number typed as people write it in their language: "12 500", "12.500" (German),
    "12,5" (French) or "12,500" (English)."""

    def to_python(self, value):
        if isinstance(value, str):
            decimal_sep = get_format("DECIMAL_SEPARATOR")
            thousand_sep = get_format("THOUSAND_SEPARATOR")
            value = re.sub(r"\s", "", value)
            if thousand_sep and thousand_sep != decimal_sep and not thousand_sep.isspace():
                value = value.replace(thousand_sep, "")
            value = value.replace(decimal_sep, ".")
        return super().to_python(value)


def question_field(question, local):
    """The form field of `question` (source language), labelled from `local` (its translation)."""
    common = {"label": local.label, "help_text": local.help_text, "required": False}
    if question.kind == QuestionKind.NUMBER:
        return FigureField(
            max_digits=16,
            decimal_places=2,
            min_value=_bound(question.minimum) if question.minimum is not None else Decimal(0),
            max_value=_bound(question.maximum) if question.maximum is not None else Decimal(10**13),
            localize=True,
            **common,
        )
    if question.kind == QuestionKind.PERCENTAGE:
        return FigureField(
            max_digits=5, decimal_places=1, min_value=0, max_value=100, localize=True, **common
        )
    if question.kind == QuestionKind.CHOICE:
        # Options are the source question's positions, labelled in the visitor's language (the
        # translation's own list when it has as many options, else the source's).
        labels = local.option_list()
        if len(labels) != len(question.option_list()):
            labels = question.option_list()
        return forms.TypedChoiceField(
            choices=list(enumerate(labels)),
            coerce=int,
            empty_value=None,
            widget=forms.RadioSelect,
            **common,
        )
    return forms.CharField(
        max_length=TEXT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3}), **common
    )


class QuestionnaireForm(forms.Form):
    """`questions`: (source question, its translation in the visitor's language) pairs;
    `previous`: last year's answers by source question id (shown beside the fields)."""

    centres = forms.IntegerField(
        label=_("Cultural centres this response covers"),
        help_text=_(
            "1 for your own organisation; a national network answering for its centres as a "
            "whole gives their number."
        ),
        min_value=1,
        max_value=100_000,
        initial=1,
        localize=True,
    )

    def __init__(self, questions, *args, previous=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        previous = previous or {}
        self.rows = []
        for question, local in self.questions:
            name = field_name(question)
            self.fields[name] = question_field(question, local)
            self.rows.append(
                {
                    "field": None,  # bound below, once every field exists
                    "name": name,
                    "question": local,
                    "unit": local.unit or question.unit,
                    "previous": format_answer(previous.get(question.pk), local),
                    "required": question.required,
                }
            )
        for row in self.rows:
            row["field"] = self[row["name"]]

    @property
    def submitting(self):
        return self.data.get("action") == SUBMIT

    def clean(self):
        cleaned = super().clean()
        if self.submitting:
            for question, _local in self.questions:
                name = field_name(question)
                if (
                    question.required
                    and cleaned.get(name) in (None, "")
                    and name not in self.errors
                ):
                    self.add_error(name, _("Answer this question to submit (or save a draft)."))
        return cleaned

    def answers(self):
        """{source question: value} of the cleaned form (None for an empty answer)."""
        values = {}
        for question, _local in self.questions:
            value = self.cleaned_data.get(field_name(question))
            values[question] = None if value in (None, "") else value
        return values


def initial_values(response, questions):
    """The form's initial data from a saved response."""
    initial = {"centres": response.centres}
    by_question = {answer.question_id: answer for answer in response.answers.all()}
    for question, _local in questions:
        answer = by_question.get(question.pk)
        if answer is None:
            continue
        if question.kind == QuestionKind.CHOICE:
            initial[field_name(question)] = answer.choice
        elif question.kind == QuestionKind.TEXT:
            initial[field_name(question)] = answer.text
        else:
            initial[field_name(question)] = answer.number
    return initial


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (sent to the organisation)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
    )
