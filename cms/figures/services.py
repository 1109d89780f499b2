"""The verbs of the data collection: answering, rejecting, reminding, publishing a year.

Views and the admin call these; tests call the same functions. Each write and the e-mail it asks
for commit together (the e-mail is a `Notice` row and a task queued in the same transaction).
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from cms.figures.models import Answer, Collection, Notice, QuestionKind, Response
from cms.figures.tasks import send_notice_task
from cms.i18n import localized
from cms.models.choices import CURRENT_MEMBERSHIP
from cms.models.directory import OrganisationPage
from federation.queueing import enqueue_durably

#: A country's usual language among the site's, for an organisation that never said (e-mails).
COUNTRY_LANGUAGES = {
    "FR": "fr",
    "BE": "fr",
    "LU": "fr",
    "MC": "fr",
    "DE": "de",
    "AT": "de",
    "LI": "de",
    "CH": "de",
    "ES": "es",
    "AD": "es",
    "IT": "it",
    "SM": "it",
    "VA": "it",
    "PL": "pl",
}


class ResponseLocked(Exception):
    """The response was submitted: only the secretariat may change it now (or reject it)."""


class CollectionClosed(Exception):
    """The collection does not take answers today."""


def open_collection(today=None):
    """The collection members may answer today, or None."""
    today = today or timezone.localdate()
    return (
        Collection.objects.filter(
            state=Collection.State.OPEN, opens_on__lte=today, closes_on__gte=today
        )
        .order_by("-year")
        .first()
    )


def questions_of(collection, locale=None):
    """The collection's questions in order, each with its translation in `locale` (the active
    one by default): [(source question, translation)], in two queries."""
    questions = list(collection.questions.order_by("sort_order", "pk"))
    return list(zip(questions, localized(questions, locale), strict=True))


def previous_answers(collection, organisation):
    """The organisation's answers of the year before, by question id (a rejected response
    counts for nothing)."""
    answers = Answer.objects.filter(
        response__organisation=organisation,
        response__collection__year=collection.year - 1,
        response__state=Response.State.SUBMITTED,
    )
    return {answer.question_id: answer for answer in answers}


def language_of(organisation, response=None):
    if response is not None and response.language:
        return response.language
    language = COUNTRY_LANGUAGES.get(str(organisation.country), settings.LANGUAGE_CODE)
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


@transaction.atomic
def save_response(
    collection, organisation, answers, *, centres=1, submit=False, language=None, today=None
):
    """Store the organisation's answers ({source question: value or None}) as a draft, or submit
    them. A submitted response is locked (`ResponseLocked`); a rejected one may be answered
    again. The collection must take answers (`CollectionClosed`)."""
    collection = Collection.objects.select_for_update().get(pk=collection.pk)
    if not collection.accepts_answers(today or timezone.localdate()):
        raise CollectionClosed
    response, _created = Response.objects.select_for_update().get_or_create(
        collection=collection, organisation=organisation
    )
    if response.state == Response.State.SUBMITTED:
        raise ResponseLocked
    response.centres = centres
    response.language = language or settings.LANGUAGE_CODE
    if submit:
        response.state = Response.State.SUBMITTED
        response.submitted_at = timezone.now()
    else:
        response.state = Response.State.DRAFT
    response.save()
    existing = {answer.question_id: answer for answer in response.answers.all()}
    asked = set(collection.questions.values_list("pk", flat=True))
    for question, value in answers.items():
        if question.pk not in asked:
            continue
        if value is None:
            if question.pk in existing:
                existing[question.pk].delete()
            continue
        answer = existing.get(question.pk) or Answer(response=response, question=question)
        answer.number, answer.choice, answer.text = None, None, ""
        if question.kind == QuestionKind.CHOICE:
            answer.choice = value
        elif question.kind == QuestionKind.TEXT:
            answer.text = value
        else:
            answer.number = value
        answer.save()
    return response


def _notify(collection, organisation, kind, language):
    notice = Notice.objects.create(
        collection=collection, organisation=organisation, kind=kind, language=language
    )
    enqueue_durably(send_notice_task, notice.pk)
    return notice


@transaction.atomic
def reject_response(response, reason):
    """The secretariat rejects a response: the organisation is told why (in its language) and
    may answer again while the collection is open. Its figures leave the aggregates."""
    response = Response.objects.select_for_update().get(pk=response.pk)
    response.state = Response.State.REJECTED
    response.rejection_reason = reason
    response.save(update_fields=["state", "rejection_reason", "updated_at"])
    _notify(
        response.collection,
        response.organisation,
        Notice.Kind.REJECTION,
        language_of(response.organisation, response),
    )
    return response


def expected_organisations():
    """The organisations asked to answer: current members (source-language pages)."""
    return OrganisationPage.objects.filter(
        locale__language_code=settings.LANGUAGE_CODE,
        live=True,
        membership_status__in=CURRENT_MEMBERSHIP,
    ).order_by("title")


def collection_status(collection):
    """Each expected organisation with its response (or None), for the secretariat."""
    responses = {r.organisation_id: r for r in Response.objects.filter(collection=collection)}
    organisations = list(expected_organisations())
    seen = {o.pk for o in organisations}
    # Responses of organisations no longer members are still listed.
    extra = [r.organisation for r in responses.values() if r.organisation_id not in seen]
    return [(org, responses.get(org.pk)) for org in organisations + extra]


@transaction.atomic
def remind_non_respondents(collection):
    """E-mail a reminder to every expected organisation that has not submitted (drafts
    included), each in its language; returns how many were reminded."""
    submitted = set(
        Response.objects.filter(collection=collection, state=Response.State.SUBMITTED).values_list(
            "organisation_id", flat=True
        )
    )
    responses = {r.organisation_id: r for r in Response.objects.filter(collection=collection)}
    count = 0
    for organisation in expected_organisations():
        if organisation.pk in submitted:
            continue
        _notify(
            collection,
            organisation,
            Notice.Kind.REMINDER,
            language_of(organisation, responses.get(organisation.pk)),
        )
        count += 1
    return count


@transaction.atomic
def publish_collection(collection):
    """The secretariat publishes a year: its aggregates (above the threshold) appear on the
    figures page and in the open data."""
    collection = Collection.objects.select_for_update().get(pk=collection.pk)
    collection.state = Collection.State.PUBLISHED
    collection.published_at = timezone.now()
    # Saving moves the page cache on (cms/figures/receivers.py): stored pages show the year.
    collection.save(update_fields=["state", "published_at"])
    return collection


@transaction.atomic
def unpublish_collection(collection):
    collection = Collection.objects.select_for_update().get(pk=collection.pk)
    collection.state = Collection.State.CLOSED
    collection.save(update_fields=["state"])
    return collection
