"""The public form and the no-account manage link, in the visitor's language, with bad input."""

from django.core import mail

from cms.events import services
from cms.events.models import Question, Registration, TicketKind

from .conftest import make_event

State = Registration.State


def _post(client, event, lang="en", **data):
    payload = {"name": "Ana Silva", "organisation": "Porto", "email": "ana@example.org"}
    payload["consent"] = "on"
    payload.update(data)
    payload = {k: v for k, v in payload.items() if v is not None}
    return client.post(f"/{lang}/registration/{event.pk}/", payload)


def test_event_page_shows_the_form_in_french(client, french_event):
    """The French event page shows the form with the French ticket names and questions."""
    response = client.get(french_event.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="register"' in html
    assert "Non-membre" in html and "Quelles sessions ?" in html and "Ateliers" in html
    assert "Non-member" not in html and "Workshops" not in html
    assert 'id="places-left"' in html


def test_register_confirms_emails_and_redirects_to_the_manage_page(
    client, event, django_capture_on_commit_callbacks
):
    """A visitor registers: redirected to their registration, e-mailed the link and the .ics."""
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(
            client,
            event,
            **{f"q_{q.pk}": "Vegan" for q in event.registration_questions.filter(kind="text")},
        )
    registration = Registration.objects.get(email="ana@example.org")
    assert response.status_code == 302
    assert response["Location"] == f"/en/registration/r/{registration.token}/"
    assert registration.state == State.CONFIRMED
    assert list(registration.answers.values()) == ["Vegan"]
    assert [m.to for m in mail.outbox] == [["ana@example.org"]]
    page = client.get(response["Location"])
    assert "Confirmed" in page.content.decode() and registration.reference in page.content.decode()
    assert page["Cache-Control"] == "private, no-store"


def test_bad_fields_are_refused_field_by_field_in_french(client, french_event):
    """Missing consent, bad e-mail and an oversized name are refused in French, keeping what was
    typed; nothing is stored."""
    response = _post(
        client,
        french_event,
        lang="fr",
        name="N" * 300,
        email="not-an-email",
        consent=None,
        organisation="Lyon Culture",
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Lyon Culture" in html  # kept
    assert "Saisissez une adresse de courriel valide." in html  # Django's own French
    assert html.count('class="field-errors"') == 3  # name, e-mail, consent
    assert not Registration.objects.exists()


HOSTILE = [
    {"name": "\x00\x01"},
    {"ticket": "999999"},
    {"ticket": "not-a-number"},
    {"email": "a@" + "b" * 300 + ".org"},
    {"q_2": ["7", "x", "-1"]},
    {"q_1": "x" * 5000},
]


def test_hostile_input_never_500(client, event_index):
    """NUL and control bytes, unknown tickets, oversized or out-of-range answers: refused
    field by field (400), never a server error, nothing stored."""
    event = make_event(
        event_index,
        slug="hostile",
        tickets=[
            ("Day", "50", TicketKind.Audience.EVERYONE, None),
            ("Week", "90", TicketKind.Audience.EVERYONE, None),
        ],
        questions=[
            ("Dietary needs", Question.Kind.TEXT, "", False),
            ("Which sessions?", Question.Kind.MULTIPLE, "Opening\nWorkshops", False),
        ],
    )
    text, sessions = event.registration_questions.order_by("sort_order")
    for data in HOSTILE:
        data = {
            k.replace("q_1", f"q_{text.pk}").replace("q_2", f"q_{sessions.pk}"): v
            for k, v in data.items()
        }
        response = _post(client, event, **data)
        assert response.status_code == 400, data
    assert not Registration.objects.exists()


def test_unknown_event_and_token_are_404(client, event):
    """An unknown event or a guessed manage link answers 404 with a message."""
    assert client.get("/en/registration/999999/").status_code == 404
    response = client.get("/en/registration/r/" + "A" * 32 + "/")
    assert response.status_code == 404
    assert client.get("/en/registration/r/x'%20OR%201=1/").status_code == 404


def test_cancel_through_the_link_twice_is_harmless(
    client, event_index, django_capture_on_commit_callbacks
):
    """Cancelling frees the place for the first person waiting; a replayed cancel changes
    nothing and says so."""
    small = make_event(event_index, capacity=1, slug="small")
    first = services.register(small, name="A", email="a@example.org").registration
    second = services.register(small, name="B", email="b@example.org").registration
    assert second.state == State.WAITING
    url = f"/en/registration/r/{first.token}/cancel/"
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    assert client.post(url).status_code == 302
    second.refresh_from_db()
    assert second.state == State.CONFIRMED
    assert Registration.objects.filter(event=small, state=State.CONFIRMED).count() == 1
    assert client.get(url).status_code == 405


def test_same_email_again_resends_the_link_only_to_that_address(
    client, event, django_capture_on_commit_callbacks
):
    """Typing an already registered e-mail shows no one's registration: the link is re-sent to
    the address (at most every ten minutes)."""
    registration = services.register(event, name="Ana", email="ana@example.org").registration
    Registration.objects.filter(pk=registration.pk).update(
        confirmation_sent_at="2020-01-01T00:00:00Z"
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, event, name="Someone else")
    assert response.status_code == 200
    assert registration.token not in response.content.decode()
    assert [m.to for m in mail.outbox] == [["ana@example.org"]]
    with django_capture_on_commit_callbacks(execute=True):
        _post(client, event, name="Someone else")
    assert len(mail.outbox) == 1
    assert Registration.objects.count() == 1


def test_member_sees_member_ticket_and_changes_registration(client, event, member):
    """A signed-in member is registered at the member price and can change their answers."""
    client.force_login(member)
    response = _post(client, event, name="Marta V", email=member.email)
    registration = Registration.objects.get(email=member.email)
    assert registration.ticket_name == "Member" and registration.user == member
    manage = response["Location"]
    response = client.post(manage, {"name": "Marta Virtanen", "organisation": "Oulu 2026"})
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.organisation == "Oulu 2026"


def test_who_is_coming_is_for_members_and_lists_only_who_opted_in(client, event, member):
    """Members see the confirmed members who chose to be listed; visitors get 403."""
    services.register(event, name="Marta", email=member.email, user=member, listed=True)
    services.register(event, name="Hidden Person", email="hidden@example.org")
    url = f"/en/registration/{event.pk}/coming/"
    assert client.get(url).status_code == 403
    client.force_login(member)
    html = client.get(url).content.decode()
    assert "Marta" in html and "Hidden Person" not in html
