"""The members' questionnaire: who may answer, drafts, field-by-field checks, last year's
answers beside this year's, one response per organisation and year."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from wagtail.models import Locale
from wagtail_localize.models import StringSegment, TranslationSource

from cms.figures.models import Response
from tests.cms.members_helpers import make_user

URL = "/en/figures/questionnaire/"


def post(client, url=URL, action="submit", **fields):
    data = {"centres": "1", "action": action}
    data.update(fields)
    return client.post(url, data)


def field(questions, key):
    return f"q{questions[key].pk}"


def test_anonymous_visitor_is_sent_to_sign_in(client, make_collection):
    """Someone not signed in is asked to sign in before seeing the questionnaire."""
    make_collection()
    response = client.get(URL)
    assert response.status_code == 302 and "next=" in response["Location"]


def test_an_account_without_organisation_is_refused_with_a_reason(client, make_collection):
    """A signed-in account that acts for no member organisation gets 403 and a sentence."""
    make_collection()
    client.force_login(make_user("visitor"))
    response = client.get(URL)
    assert response.status_code == 403
    assert "member organisation" in response.content.decode()


def test_no_open_collection_says_so(client, member):
    """Outside a collection's period the member reads that none is open, and no form."""
    client.force_login(member[0])
    response = client.get(URL)
    assert response.status_code == 200
    assert "No data collection is open" in response.content.decode()
    assert "<form" not in response.content.decode().split("<main", 1)[1]


def test_draft_is_saved_resumed_then_submitted(client, member, make_collection, questions):
    """A draft may leave required questions empty; coming back shows what was typed; submitting
    then locks the response."""
    user, organisation = member
    collection = make_collection()
    client.force_login(user)
    response = post(client, action="draft", **{field(questions, "visitors"): "12500"})
    assert response.status_code == 302
    saved = Response.objects.get(collection=collection, organisation=organisation)
    assert saved.state == Response.State.DRAFT
    page = client.get(URL).content.decode()
    assert 'value="12500' in page and "Draft saved" in page

    response = post(
        client, **{field(questions, "visitors"): "12500", field(questions, "staff"): "8"}
    )
    assert response.status_code == 302
    saved.refresh_from_db()
    assert saved.state == Response.State.SUBMITTED and saved.submitted_at
    assert {a.question.key: a.number for a in saved.answers.all()} == {
        "visitors": Decimal("12500"),
        "staff": Decimal("8"),
    }
    page = client.get(URL).content.decode()
    assert "Submitted on" in page and "<fieldset disabled>" in page
    # A second submission is refused and changes nothing.
    response = post(client, **{field(questions, "staff"): "99"})
    assert response.status_code == 400
    assert saved.answers.get(question__key="staff").number == 8


def test_submitting_without_a_required_answer_is_refused_next_to_it(
    client, member, make_collection, questions
):
    """Submitting with the required question empty answers 400 with the message at that
    question, keeps what was typed, and stores nothing."""
    client.force_login(member[0])
    make_collection()
    response = post(client, **{field(questions, "visitors"): "300"})
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert list(errors) == [field(questions, "staff")]
    assert "Answer this question to submit" in errors[field(questions, "staff")][0]
    assert 'value="300"' in response.content.decode()
    assert not Response.objects.exists()


@pytest.mark.parametrize(
    "key,value,message",
    [
        ("staff", "-3", "greater than or equal to 0"),
        ("staff", "100001", "less than or equal to 100000"),
        ("staff", "twelve", "Enter a number"),
        ("staff", "NaN", "Enter a number"),
        ("staff", "1e400", "less than or equal to 100000"),
        ("visitors", "9" * 40, "no more than 16 digits"),
        ("young-share", "120", "less than or equal to 100"),
        ("young-share", "33.33", "no more than 1 decimal"),
        ("programme", "7", "Select a valid choice"),
        ("programme", "-1", "Select a valid choice"),
        ("remarks", "x" * 2001, "at most 2000 characters"),
        ("remarks", "null \x00 byte", "Null characters are not allowed"),
    ],
)
def test_each_field_is_checked_on_its_own(
    client, member, make_collection, questions, key, value, message
):
    """A wrong value is refused at its own question only, with a message saying what is wrong
    (never a 500), even in a draft."""
    client.force_login(member[0])
    make_collection()
    response = post(client, action="draft", **{field(questions, key): value})
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert list(errors) == [field(questions, key)]
    assert message in " ".join(errors[field(questions, key)])
    assert not Response.objects.exists()


def test_centres_covered_must_be_a_positive_number(client, member, make_collection):
    """The number of centres a response covers is at least 1."""
    client.force_login(member[0])
    make_collection()
    response = client.post(URL, {"centres": "0", "action": "draft"})
    assert response.status_code == 400
    assert "centres" in response.context["form"].errors


def test_french_member_answers_in_french_formats(client, member, make_collection, questions):
    """On /fr/ the question reads in French and a decimal comma is understood."""
    client.force_login(member[0])
    make_collection()
    share = questions["young-share"]
    french = share.copy_for_translation(Locale.objects.get(language_code="fr"))
    french.label = "Part des visiteurs de moins de 25 ans"
    french.save()
    page = client.get("/fr/figures/questionnaire/").content.decode()
    assert "Part des visiteurs de moins de 25 ans" in page
    response = post(
        client,
        url="/fr/figures/questionnaire/",
        action="draft",
        **{field(questions, "young-share"): "12,5", field(questions, "visitors"): "12 500"},
    )
    assert response.status_code == 302, response.context["form"].errors
    saved = Response.objects.get()
    assert saved.language == "fr"
    assert saved.answers.get(question=share).number == Decimal("12.5")


def test_last_years_answers_are_shown_beside(client, member, make_collection, respond, questions):
    """The member sees, beside each question, what the organisation answered the year before."""
    user, organisation = member
    last = make_collection(year=2024)
    respond(last, organisation, staff=Decimal(14), programme=1, young_share=Decimal("30.5"))
    last.state = "published"
    last.save()
    make_collection(year=2025)
    client.force_login(user)
    page = client.get(URL).content.decode()
    assert "Your answer for 2024:" in page
    assert '<span class="previous-value">14</span>' in page
    assert '<span class="previous-value">Theatre</span>' in page
    assert '<span class="previous-value">30.50 %</span>' in page


def test_one_response_per_organisation_and_year(member, make_collection, respond):
    """Saving twice updates the organisation's one response; a second row cannot exist."""
    _user, organisation = member
    collection = make_collection()
    first = respond(collection, organisation, submit=False, staff=3)
    again = respond(collection, organisation, submit=False, staff=4)
    assert first.pk == again.pk and Response.objects.count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        Response.objects.create(collection=collection, organisation=organisation)


def test_oversized_form_is_refused(client, member, make_collection):
    """A post far larger than the questionnaire is refused with 400, not stored."""
    client.force_login(member[0])
    make_collection()
    response = client.post(URL, {"centres": "1", "action": "draft", "junk": "x" * 300_000})
    assert response.status_code == 400
    assert not Response.objects.exists()


def test_question_labels_reach_the_translation_editor(questions):
    """wagtail-localize extracts a question's label, help and options for translators, and not
    its key or kind."""
    source, _created = TranslationSource.get_or_create_from_instance(questions["programme"])
    texts = set(StringSegment.objects.filter(source=source).values_list("string__data", flat=True))
    assert "What does your programme mostly offer?" in texts
    assert any("Theatre" in text for text in texts)
    assert "programme" not in texts and "choice" not in texts
